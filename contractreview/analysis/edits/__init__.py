"""Suggested edits: the firm's positions and fallbacks as wording applied to a clause (replace a
value, replace or insert a clause, delete a phrase, make a clause mutual), and the lawyer's
decision on each. The exporters turn accepted edits into tracked changes or a clean draft.
"""
