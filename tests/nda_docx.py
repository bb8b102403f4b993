"""A mutual NDA the checklist tests build themselves (tests/docx_builder.py): the clauses a
lawyer expects an NDA to answer, in the words NDAs commonly use."""

from __future__ import annotations

from pathlib import Path

from docx_builder import build_docx, p

NDA_PARAGRAPHS = (
    ("MUTUAL NON-DISCLOSURE AGREEMENT", "Title"),
    (
        "This Mutual Non-Disclosure Agreement (the \u201cAgreement\u201d) is made between Alpha "
        "Ltd (\u201cAlpha\u201d) and Beta Inc. (\u201cBeta\u201d), each a \u201cParty\u201d.",
        None,
    ),
    (
        "1. \u201cConfidential Information\u201d means any business, financial or technical "
        "information disclosed by the Disclosing Party to the Receiving Party, whether in "
        "writing, orally or by inspection, whether or not marked as confidential.",
        None,
    ),
    (
        "2. The Receiving Party shall use the Confidential Information solely for the purpose of "
        "evaluating a possible business relationship between the Parties and for no other "
        "purpose.",
        None,
    ),
    (
        "3. The Receiving Party may disclose Confidential Information only to its employees, "
        "officers, professional advisers and consultants who need to know it for the purpose "
        "and who are bound by obligations of confidentiality no less protective.",
        None,
    ),
    (
        "4. If the Receiving Party is required by law, regulation or court order to disclose any "
        "Confidential Information, it shall give the Disclosing Party prompt written notice so "
        "that it may seek a protective order.",
        None,
    ),
    (
        "5. Confidential Information does not include information that is or becomes publicly "
        "available, is rightfully received from a third party without a duty of "
        "confidentiality, or is independently developed by the Receiving Party without use of "
        "the Confidential Information.",
        None,
    ),
    (
        "6. Upon termination of this Agreement or at the Disclosing Party's request, the "
        "Receiving Party shall promptly return or destroy all Confidential Information, except "
        "that it may retain copies as required by law or in automatic electronic backups.",
        None,
    ),
    (
        "7. Nothing in this Agreement grants the Receiving Party any licence or other right in "
        "the Confidential Information.",
        None,
    ),
    (
        "8. The obligations of confidentiality shall survive termination of this Agreement for a "
        "period of three years.",
        None,
    ),
    ("9. This Agreement shall be governed by the laws of England and Wales.", None),
)


def build_nda(path: Path) -> Path:
    return build_docx(path, [p(text, style=style) for text, style in NDA_PARAGRAPHS])
