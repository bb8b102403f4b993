"""Text normalisation shared by every layer: dates, durations, money, jurisdictions, and the quoted
aliases of defined terms.
"""
