"""The review engine: segmenting a document into clauses, the ONNX clause model, contract type,
playbook rules, risk, key terms, and the pipeline that runs them.
"""
