"""Reading Word files safely: the package layer (zip and XML limits), list numbering, and the
reader that turns a DOCX into the plain document model.
"""
