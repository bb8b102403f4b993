"""Everything a review is written out as: Word with comments, the memo, the CSV/JSON register and
the HTML report, found through one registry.
"""
