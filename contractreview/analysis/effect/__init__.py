"""Clause effect: who holds a right or bears an obligation, what the clause does, and why.

``roles`` resolves a mention of a party to the side we act for, ``risk_types`` holds each clause
type's cues as data, and ``clause_effect`` reads a clause with them into a
:class:`~contractreview.analysis.results.ClauseEffect`.
"""
