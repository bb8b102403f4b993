"""Optional plain-English gists from a firm's own generative model: the runtime and the verifier
that checks every fact against the clause.
"""
