"""Operative text or not: a clause that binds the parties, or text around the clauses.

Headings, unticked checkbox options, drafting notes and instructions to the drafter, template
blanks, recitals, definitions, lists of cross-references, plain-English preambles, signature
blocks and tables of contents talk *about* risky subjects ("Unlimited Liability", "☐ Exclusive
territory", "[Note: insert notice period, e.g., 30 days]") without doing anything to either
side. The review shows their clause types but raises nothing above info on them; missing-clause
rules still see their labels.

Every cue is data (:class:`contractreview.text.cues.Cue`): a name, a pattern, examples it must
match and examples it must not, checked by tests/test_operative.py and the cue registry's test.
The rules lean towards "operative": a clause wrongly called inert hides a risk, which is worse
than a heading raised as one.
"""

from __future__ import annotations

import re
from enum import StrEnum

from contractreview.text.cues import Cue


class TextKind(StrEnum):
    OPERATIVE = "operative"
    HEADING = "heading"
    UNTICKED_OPTION = "unticked_option"
    DRAFTING_NOTE = "drafting_note"
    INSTRUCTION = "instruction"
    PLACEHOLDER = "placeholder"
    RECITAL = "recital"
    DEFINITION = "definition"
    CROSS_REFERENCES = "cross_references"
    PREAMBLE = "preamble"
    SIGNATURE = "signature"
    CONTENTS = "table_of_contents"


# What a lawyer reads in the details panel for a text the review does not raise.
KIND_EXPLANATION: dict[TextKind, str] = {
    TextKind.HEADING: "a heading",
    TextKind.UNTICKED_OPTION: "an option that is not ticked",
    TextKind.DRAFTING_NOTE: "a drafting note",
    TextKind.INSTRUCTION: "an instruction to the person filling in the template",
    TextKind.PLACEHOLDER: "a template blank not yet filled in",
    TextKind.RECITAL: "a recital (background, not an obligation)",
    TextKind.DEFINITION: "a definition",
    TextKind.CROSS_REFERENCES: "a list of cross-references",
    TextKind.PREAMBLE: "an introduction to the reader, not a term",
    TextKind.SIGNATURE: "part of the signature block",
    TextKind.CONTENTS: "a table-of-contents line",
}


_KIND: dict[str, TextKind] = {}


def _cue(
    name: str, kind: TextKind, pattern: re.Pattern[str], examples: tuple[str, ...],
    counter_examples: tuple[str, ...], why: str,
) -> Cue:  # fmt: skip
    """A cue that marks ``kind`` of non-operative text (the shared :class:`Cue`, so the cue
    registry's test checks it too; tests/test_operative.py checks what ``text_kind`` makes of
    its examples)."""
    cue = Cue(f"operative.{name}", pattern, why, examples, counter_examples)
    _KIND[cue.name] = kind
    return cue


def cue_kind(cue: Cue) -> TextKind:
    """The kind of text ``cue`` marks."""
    return _KIND[cue.name]


# Words that make a sentence do something: a party may/shall/must…, agrees, is liable…
_OPERATIVE_VERB = re.compile(
    r"\b(?:shall|must|may|will|agrees?|undertakes?|covenants?|warrants?|represents?"
    r"|is\s+(?:entitled|liable|responsible|obliged|required|permitted|deemed)"
    r"|are\s+(?:entitled|liable|responsible|obliged|required|permitted|deemed)"
    r"|reserves?|hereby|acknowledges?|indemnif(?:y|ies)|grants?|assigns?|waives?"
    r"|(?:can|cannot|can't|won't)\b|terminat(?:e|es)|renews?|expires?|survives?)\b",
    re.I,
)
# a numbering label at the start: "12.", "12.3", "(a)", "IV.", "Article 7", "Section 4.2:"
_LEAD_LABEL = re.compile(
    r"^\s*(?:(?:article|section|clause|schedule|annex|exhibit|appendix|part)\s+)?"
    r"(?:\d+(?:\.\d+)*\.?|\(?[a-z]{1,3}\)|\(?[ivxlc]+[.)]|[A-Z]\.)\s+",
    re.I,
)
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
     "to", "under", "with", "without", "per", "vs", "via", "&", "-", "–", "—", "/"}
)  # fmt: skip

CUES: tuple[Cue, ...] = (
    _cue(
        "unticked_box",
        TextKind.UNTICKED_OPTION,
        re.compile(r"^\s*(?:[☐□❏❑⬜◻]|\[\s{0,6}\]|\(\s{0,3}\))\s*\S"),
        (
            "☐ Cyber liability insurance",
            "[ ] Exclusive territory",
            "□ Non-compete applies",
            "( ) Option B: annual fees paid in advance",
        ),
        (
            "☒ Cyber liability insurance",
            "[X] Exclusive territory",
            "(a) The Supplier shall",
            "[ ] ",
        ),
        "an empty box: an option the parties did not choose",
    ),
    _cue(
        "drafting_note",
        TextKind.DRAFTING_NOTE,
        re.compile(
            r"^\s*[\[(]?\s*(?:drafting\s+note|note\s+to\s+(?:draft|drafter|client)|ntd\b"
            r"|drafter'?s\s+note|guidance\s+note|practice\s+note|editor'?s\s+note"
            r"|author'?s\s+note|note\s*:|nb\s*[:.]|n\.b\.|comment\s*:|optional\s+clause"
            r"|(?:drafting\s+|user\s+)?guidance\s*:|explanatory\s+note"
            r"|\[optional\])",
            re.I,
        ),
        (
            "[Drafting note: insert notice period, e.g., 30 days]",
            "Note to draft: Supplier to confirm the service levels.",
            "NTD: parties to agree the cap",
            "Note: this clause is optional and may be deleted.",
            "[Optional] Include where the supplier hosts data.",
        ),
        (
            "Notice: any notice under this Agreement shall be in writing.",
            "The note shall be repaid on demand.",
            "Noteholders may convert the notes.",
        ),
        "a note for whoever drafts or negotiates, not a term of the contract",
    ),
    _cue(
        "bracketed_example",
        TextKind.DRAFTING_NOTE,
        re.compile(
            r"^\s*\[[^\[\]]*(?:\be\.g\.|\bi\.e\.|\b(?:for\s+example|insert|to\s+be\s+confirmed"
            r"|tbc|tbd|delete\s+(?:if|as|where)|select|specify)\b)[^\[\]]*\]\s*\.?\s*$",
            re.I,
        ),
        (
            "[e.g., 30 days]",
            "[Insert the Customer's address]",
            "[Delete if the Customer does not process personal data.]",
            "[Specify the currency]",
        ),
        (
            "[The Supplier shall provide the Services for 30 days.]",
            "The fee is [10,000] payable on signature.",
            "e.g. the Supplier shall pay",
        ),
        "a bracketed example or instruction standing alone",
    ),
    _cue(
        "instruction",
        TextKind.INSTRUCTION,
        re.compile(
            r"^\s*(?:(?:please\s+)?(?:complete|fill\s+in|select|choose|tick|check|delete|"
            r"insert|specify|indicate|enter|describe|list|attach|initial)\b[^.]{0,80}?\b"
            r"(?:this\s+(?:section|box|table|form|schedule|field)|the\s+following|below|"
            r"here|as\s+(?:appropriate|applicable|required)|if\s+applicable|one\s+(?:option|"
            r"of\s+the\s+following)|where\s+applicable|the\s+(?:relevant|applicable)\s+box)"
            r"|if\s+(?:this|the\s+following)\s+(?:box|option)\s+is\s+(?:not\s+)?(?:ticked|"
            r"checked|selected))"
            r"|^\s*(?:insert|fill\s+in|specify|tick|delete)\s+(?:the|a|an|any|each|all|here)\b"
            r"|\bleave\s+(?:it|this|the\s+\w+)?\s*blank\b",
            re.I,
        ),
        (
            "Complete this section if the Customer elects to purchase support.",
            "Select one of the following options:",
            "Tick the relevant box.",
            "Delete as appropriate.",
            "Please fill in the table below.",
        ),
        (
            "Customer shall complete the acceptance tests within ten days.",
            "The Supplier shall select the subcontractors.",
            "Either party may terminate this Agreement below cost.",
        ),
        "an instruction to the person filling in the template",
    ),
    _cue(
        "recital",
        TextKind.RECITAL,
        re.compile(
            r"^\s*(?:\(?[A-Z]\)\s*)?(?:whereas\b|recitals?\s*:?\s*$|background\s*:?\s*$"
            r"|witnesseth\b|now,?\s+therefore\b)|\bagree\s+as\s+follows\s*:?\s*$",
            re.I,
        ),
        (
            "WHEREAS, the Customer wishes to obtain certain services;",
            "Whereas the parties intend to collaborate",
            "RECITALS",
            "Background:",
        ),
        (
            "Where the Supplier is in breach, the Customer may terminate.",
            "Background checks shall be carried out by the Supplier.",
        ),
        "a recital: why the parties contract, not what they agree",
    ),
    _cue(
        "definition",
        TextKind.DEFINITION,
        re.compile(
            r"^\s*[\"“'‘][^\"”'’]{1,80}[\"”'’]"
            # '"Resell" or "Reselling" means': several terms defined at once
            r"(?:\s*(?:,|/|\bor\b|\band\b)\s*[\"“'‘][^\"”'’]{1,80}[\"”'’])*"
            r"\s*(?:\([^()]{0,40}\)\s*)?,?\s*(?:shall\s+)?"
            r"(?:means?|mean\b|has\s+the\s+meaning|shall\s+have\s+the\s+meaning|includes?"
            r"|refers\s+to|is\s+defined|will\s+mean)\b"
            # 'The "Cap Amount" is [twice the fees].': a defined value, not a duty
            r"|^\s*the\s+[\"“][^\"”]{1,60}[\"”]\s+(?:is|are)\b(?!\s+(?:not\s+)?(?:liable|"
            r"responsible|entitled|obliged|required|permitted|deemed|bound|subject|payable|due)\b)",
            re.I,
        ),
        (
            '"Affiliate" means any entity that controls, is controlled by, or is under common '
            "control with a party.",
            "“Change of Control” shall mean the acquisition of more than 50% of the voting shares.",
            "'Services' has the meaning given in Clause 2.",
            '"Resell" or "Reselling" means the supply of the Products to a third party for profit.',
            'The "Cap Amount" is [two times the annual fees].',
        ),
        (
            'The "Supplier" shall indemnify the Customer.',
            '"Confidential Information" shall be kept secret by the Recipient for five years.',
            "Each party means to comply.",
            'The "Supplier" is liable for all losses caused by its staff.',
        ),
        "a definition: it gives a word its meaning; the clauses that use it do the work",
    ),
    _cue(
        "plain_preamble",
        TextKind.PREAMBLE,
        re.compile(
            r"\b(?:we(?:'ve|\s+have)\s+(?:written|tried|drafted|kept)|plain\s+(?:english|"
            r"language)|no\s+desire\s+to\s+trick|please\s+read\s+(?:these|this|them|"
            r"carefully)|thanks?\s+(?:you\s+)?for\s+(?:choosing|using|signing)|welcome\s+to"
            r"|(?:this|the\s+following)\s+(?:page|summary|overview|document)\s+(?:explains|"
            r"describes|summari[sz]es|sets\s+out\s+how)|for\s+ease\s+of\s+reference|"
            r"(?:is|are)\s+(?:intended|meant)\s+to\s+help\s+you)",
            re.I,
        ),
        (
            "We've written these terms in plain English because we want you to understand them.",
            "We've no desire to trick you, so please read these terms carefully.",
            "Thanks for choosing Acme! This page explains how our service works.",
        ),
        (
            "We may terminate your account at any time without notice.",
            "You agree that we may change these terms whenever we like.",
        ),
        "an introduction to the reader; it binds nobody (checked together with the verbs)",
    ),
    _cue(
        "signature",
        TextKind.SIGNATURE,
        re.compile(
            r"^\s*(?:signed\s+(?:for\s+and\s+)?(?:on\s+behalf\s+of|by)\b|executed\s+by\b"
            r"|in\s+witness\s+whereof\b|(?:duly\s+)?authori[sz]ed\s+(?:signatory|representative)"
            r"\s+(?:for\s+and\s+)?on\s+behalf\s+of\b"
            r"|(?:by|name|title|date|signature|signed|print\s+name"
            r"|authori[sz]ed\s+signatory)\s*:\s*(?:_{2,}|\.{3,}|$|[^.;]{0,60}$))",
            re.I,
        ),
        (
            "Signed for and on behalf of Northwind Systems Ltd",
            "Name: ____ Title: ____",
            "By: ______________",
            "IN WITNESS WHEREOF, the parties have executed this Agreement.",
            "Title: Chief Executive Officer",
        ),
        (
            "By signing this Agreement the Customer agrees to pay the Fees.",
            "Date of payment shall be the 30th day after invoice.",
        ),
        "the signature block",
    ),
    _cue(
        "contents_line",
        TextKind.CONTENTS,
        re.compile(
            r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][^.]{1,80}?(?:\.{4,}|…{2,}|\t)\s*\d{1,3}"
            r"\s*$"
        ),
        (
            "1. Definitions .......... 3",
            "Limitation of Liability\t12",
            "12.3 Termination for convenience ..... 14",
        ),
        ("The Supplier shall pay 12", "Fees are payable within 30"),
        "a line of the table of contents",
    ),
)

# A list of references with nothing else: "See Schedule 2 (Service Levels), Schedule 3 and
# Annex A." Any operative verb makes it a clause ("Sections 5 and 9 shall survive").
_REFERENCE = re.compile(
    r"\b(?:sections?|clauses?|schedules?|annex(?:es)?|exhibits?|appendix|appendices|"
    r"articles?|paragraphs?|attachments?)\s+[\dA-Z][\w.()]*",
    re.I,
)
_REFERENCE_FILLER = _SMALL_WORDS | {
    "see", "also", "refer", "set", "out", "attached", "hereto", "below", "above", "further"
}  # fmt: skip
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|\[[^\[\]]*\]|<<[^<>]*>>|_{2,}|\*{3,}")
_LETTER = re.compile(r"[^\W\d_]")
MIN_LETTERS = 8  # "Confidential." is a clause's heading; "{cap_display}" or "[●]" are blanks
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"[.;:!?]\s*$")
HEADING_MAX_WORDS = 10


def placeholder_only(text: str) -> bool:
    """Whether ``text`` is a template's blank, with fewer than MIN_LETTERS letters around it."""
    return len(_LETTER.findall(_PLACEHOLDER.sub(" ", text))) < MIN_LETTERS


def _looks_like_heading(text: str) -> bool:
    """A short title: few words, no verb that does anything, and Title Case or CAPITALS
    ("Insurance Minimums", "12. Limitation of Liability", "ARTICLE VII – INDEMNIFICATION")."""
    body = _LEAD_LABEL.sub("", text, count=1).strip()
    body = re.sub(r"^(?:article|section|clause|part)\s+[ivxlc\d]+\s*[-–—:.]?\s*", "", body,
                  flags=re.I)  # fmt: skip
    if re.search(r":\s*\S", body):
        return False  # "Expiration Date: August 31, 2006" states a value
    words = _WORD.findall(body)
    if not words or len(words) > HEADING_MAX_WORDS:
        return False
    if _SENTENCE_END.search(body) and not re.search(r"^[^.]{1,60}\.$", body):
        return False  # "Term;" or "as follows:" ends a sentence; "Governing Law." is a title
    if _OPERATIVE_VERB.search(body) and not body.isupper():
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return body.isupper() or capitalised == len(content)


def _cross_references_only(text: str) -> bool:
    if _OPERATIVE_VERB.search(text):
        return False
    refs = _REFERENCE.findall(text)
    if len(refs) < 2:
        return False
    rest = _REFERENCE.sub(" ", text)
    rest = re.sub(r"\([^()]{0,60}\)", " ", rest)  # "(Service Levels)"
    # the titles of what is referred to ("Annex 1 – Specification") are capitalised; what is
    # left in lower case is the sentence's own words
    leftover = [
        w for w in _WORD.findall(rest) if w.lower() not in _REFERENCE_FILLER and not w[0].isupper()
    ]
    return len(leftover) <= 2


# UK-style recitals are lettered with capitals, "(A) The Supplier is a provider of ...", and say
# what a party is or wishes, under a "Background"/"Recitals" heading or without one
_LETTERED_RECITAL = re.compile(
    r"^\s*\([A-Z]\)\s+(?=.*\b(?:wish(?:es)?|desires?|intends?|ha(?:s|ve)\s+agreed\s+to\s+(?:enter|"
    r"record|set\s+out)|ha(?:s|ve)\s+agreed\s+(?!.*\b(?:shall|must)\b)|is\s+(?:engaged|a\s+(?:company|provider|supplier|manufacturer|licensee|"
    r"developer))|carries\s+on\s+(?:the\s+)?business|owns|is\s+the\s+owner)\b)"
)
_RECITALS_HEADING = re.compile(r"\b(?:recitals?|background|preamble|whereas)\s*$", re.I)
# a template's blank: "[●]", "[ ]", "[Company Name]", "____", "<<Name>>", "{cap}"; not an
# EDGAR redaction ("[***]", "[*]"), which hides a value the parties did agree
_BLANK = re.compile(r"\[\s*[●•]*\s*\]|\[[A-Z][^\[\]*]{0,30}\]|_{3,}|<<[^<>]*>>|\{[^{}]*\}")
FRAGMENT_MAX_WORDS = 12


def text_kind(text: str, *, is_heading: bool = False, heading: str = "") -> TextKind:
    """What kind of text ``text`` is; ``is_heading`` when the document styles it a heading,
    ``heading`` the title of the section it stands in (its last part, "Background")."""
    stripped = text.strip()
    if not stripped:
        return TextKind.PLACEHOLDER
    if (
        is_heading
        and len(_WORD.findall(stripped)) <= HEADING_MAX_WORDS
        and not _OPERATIVE_VERB.search(stripped)
    ):
        return TextKind.HEADING  # a styled heading; a clause in a heading style is still read
    if _LETTERED_RECITAL.search(stripped) or (
        heading and _RECITALS_HEADING.search(heading) and not _binds_someone(stripped)
    ):
        return TextKind.RECITAL
    for cue in CUES:
        if not cue.pattern.search(stripped):
            continue
        kind = cue_kind(cue)
        if kind is TextKind.PREAMBLE and _binds_someone(stripped):
            continue
        return kind
    if placeholder_only(stripped) or (
        # "[●] per cent of the Charges": a value not yet filled in, no sentence around it
        _BLANK.search(stripped)
        and len(_WORD.findall(stripped)) <= FRAGMENT_MAX_WORDS
        and not _OPERATIVE_VERB.search(stripped)
    ):
        return TextKind.PLACEHOLDER
    if _cross_references_only(stripped):
        return TextKind.CROSS_REFERENCES
    if _looks_like_heading(stripped):
        return TextKind.HEADING
    return TextKind.OPERATIVE


_BINDING = re.compile(
    r"\b(?:shall|must|may|agrees?|is\s+entitled|are\s+entitled|reserves?|will\s+not|won't"
    r"|cannot|can't|liable|indemnif\w+|terminat\w+|suspend\w*|waive\w*)\b",
    re.I,
)


def _binds_someone(text: str) -> bool:
    return bool(_BINDING.search(text))


def is_operative(kind: TextKind) -> bool:
    return kind is TextKind.OPERATIVE
