"""Key-term extraction: parties, dates, term and renewal, notice periods, governing law, venue,
liability cap, payment terms.
"""
