"""Reading Word files safely: the package layer (zip and XML limits, Strict Open XML), list
numbering, the reader that turns a DOCX into the plain document model, and ``xml_text``, the
one function that cleans any text an exporter writes into a DOCX.
"""
