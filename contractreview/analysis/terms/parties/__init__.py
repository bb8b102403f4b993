"""The parties of a contract: its preamble, labelled fields, a letter's addressee and signatory, the
signatories of a joint filing agreement."""
