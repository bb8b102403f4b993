"""Checklists: the questions a firm asks of every contract of a kind, answered with evidence
(definition: the YAML format; nli_model: the shipped model; answer: a run over a contract)."""
