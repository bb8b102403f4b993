"""Words that turn what a clause seems to do into something else.

- A negated frame: "termination does not mean that the Customer waives its right to damages",
  "nothing done shall be construed to mean that ...": the proposition under it is denied.
- A carve-out: "the Customer's obligations to indemnify will not apply to claims that ..."
  narrows the indemnity it names; it gives none.
- A party named as the beneficiary: "the Supplier shall name the Customer as a third-party
  beneficiary in each sub-contract": that party enforces; nobody enforces against it.
- What is suspended: "suspending the effects of the order", "a stay of the proceedings" is a
  legal act held in abeyance, not the service, access or performance.
- What is "in advance": "informed of the possibility of such damages in advance" is no payment.
- A noun that looks like the key verb: "binding on its successors and assigns" assigns nothing.
- A consequence that voids the act: "any attempted assignment without consent is void" denies
  the assignment.
- A third-party right names a third person: "to enable the Customer to enforce its rights"
  gives a party's own right, no third party's.
- "Neither this Agreement nor any right under it may be assigned": a fronted "neither ... nor"
  denies the act as "shall not" does.
- An exception to a prohibition of assignment for the assignor's affiliates ("provided that it
  may be assigned to any entity that controls, is controlled by ... it") is a narrow right.
- A transfer of something other than the contract: "suspend the transfer of personal data",
  "data transferred before termination shall be returned", "title to the goods transfers on
  delivery" move data, goods, title or money; they assign no right or duty under the contract.
- A party that keeps what it brings: "Customer retains all right, title and interest in the
  Customer Content" (even "except for the limited rights in Section 1.5") names the holder's own
  content, data or materials: nothing passes to it from the other side.
- A thing "provided AS IS" is disclaimed by the party that provides it: "if the Supplier gives
  the Customer access to a beta feature, the beta feature is provided as is" is the Supplier's
  disclaimer, not the Customer's.
- A party that keeps what it had: "the Supplier retains all right, title and interest in its
  Platform" takes nothing created under the contract from the other side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from contractreview.analysis.effect.roles import Mention

_NEGATED_FRAME = re.compile(
    r"\b(?:does|do|shall|will|is|are|should)\s+not\s+(?:mean|imply|signify|constitute|"
    r"amount\s+to|operate\s+as|(?:be\s+)?(?:deemed|construed|taken|treated|interpreted|read)\s+"
    r"(?:to\s+(?:mean|imply|be)\b|as\b))(?:\s+that)?",
    re.I,
)
_CARVE_OUT = re.compile(
    r"\b(?:shall|will|does|do)\s+not\s+(?:apply|extend)\s+to\b|\b(?:shall|will)\s+not\s+cover\b"
    r"|\b(?:exclud(?:es|ing)|except(?:ing)?\s+for)\s+(?:any\s+)?claims?\b",
    re.I,
)
INDEMNITY_TYPES = frozenset({"indemnity"})
BENEFICIARY_TYPES = frozenset({"third_party_beneficiary"})
SUSPENSION_TYPES = frozenset({"suspension"})
# "(include / name / designate) {party} as (a / the) (preferred / intended) third party
# (beneficiary)", "{party} shall be an express third-party beneficiary"
_NAMED_BENEFICIARY = (
    r"\b(?:include|includes|name|names|designate|designates|appoint|appoints)\s+{party}\s+as\s+"
    r"(?:an?\s+|the\s+)?(?:preferred\s+|express\s+|intended\s+|named\s+)?third[\s-]part(?:y|ies)",
    r"{party}\s+(?:shall\s+be|is|will\s+be)\s+(?:an?\s+|the\s+)?(?:express\s+|intended\s+)?"
    r"third[\s-]party\s+beneficiar",
)
# the object of a suspension that is a legal act, not performance
_LEGAL_ACT = re.compile(
    r"\s+(?:of\s+)?(?:the\s+|any\s+|such\s+)?(?:effects?\s+of|enforcement\s+of|execution\s+of|"
    r"(?:request|order|decision|judgm?ent|proceedings?|ruling|warrant|subpoena)\b)",
    re.I,
)
_ADVANCE = re.compile(r"\bin\s+advance\b|\bup\s*front\b", re.I)
_PAYMENT = re.compile(
    r"\b(?:pa(?:y|ys|id|yable|yment|yments)|fees?|charges?|invoic\w*|bill(?:ed|s)?|price|sums?|"
    r"amounts?|subscriptions?|prepa\w*|costs?|deposit|instal(?:l)?ments?)\b[^.;]{0,80}$",
    re.I,
)


def negated_frame(text: str, start: int, key: int) -> bool:
    """Whether the key word at ``key`` stands under "does not mean that" or the like, opened
    after ``start``."""
    return _NEGATED_FRAME.search(text, start, key) is not None


def carve_out(region: str) -> re.Match[str] | None:
    """The words that carve claims out of an obligation ("will not apply to"), if any."""
    return _CARVE_OUT.search(region)


def named_beneficiary_templates() -> tuple[str, ...]:
    """Patterns with ``{party}``: that party is named as the third-party beneficiary."""
    return _NAMED_BENEFICIARY


def suspends_legal_act(text: str, key_end: int) -> bool:
    """Whether what the suspension at ``key_end`` suspends is a legal act (an order's effects,
    proceedings), not the service."""
    return _LEGAL_ACT.match(text, key_end) is not None


def advance_without_payment(text: str, key: re.Match[str]) -> bool:
    """Whether ``key`` is "in advance" / "up front" with no payment before it in its sentence."""
    return _ADVANCE.fullmatch(key.group(0)) is not None and not _PAYMENT.search(
        text, 0, key.start()
    )


_SUCCESSORS = re.compile(r"\bsuccessors?\s+(?:in\s+title\s+)?(?:and|or|&)\s+$", re.I)


def noun_not_action(text: str, key: re.Match[str]) -> bool:
    """Whether ``key`` is "assigns" in "successors and assigns": persons, not an act."""
    if key.group(0).lower() != "assigns":
        return False
    return _SUCCESSORS.search(text, 0, key.start()) is not None


_VOID = re.compile(
    r"\b(?:attempted|purported)\b[^.;]{0,100}?\b(?:(?:is|are|shall\s+be|will\s+be)\s+(?:null\s+and\s+)?"
    r"(?:void|null|invalid|ineffective|of\s+no\s+(?:force\s+or\s+)?effect))\b",
    re.I,
)


def void_if_attempted(region: str) -> bool:
    """Whether the proposition says an attempted act is void: it denies the act."""
    return _VOID.search(region) is not None


# a party enforcing its own rights, and no word for a person outside the contract
_OWN_RIGHTS = re.compile(
    r"\benforc\w*\s+(?:its|their|his|her)\s+(?:own\s+)?(?:rights?|remed\w+|interests?|claims?)\b",
    re.I,
)
_THIRD_PERSON = re.compile(
    r"\bthird[\s-]part|\bbeneficiar|\bnon-?part(?:y|ies)\b|\bnot\s+(?:a\s+)?part(?:y|ies)\b"
    r"|\bpersons?\b|\bany(?:one|body)\b",
    re.I,
)


# "a valid and binding obligation of the Company, enforceable against it in accordance with its
# terms": the contract binds its party; no one else enforces it
_BINDING = re.compile(
    r"\b(?:valid|binding|legal)\b[^.;]{0,80}\benforceable\s+against\b[^.;]{0,40}\bin\s+"
    r"accordance\s+with\s+its\s+terms\b",
    re.I,
)


def no_third_person(text: str) -> bool:
    """Whether a clause read for third-party rights only has a party enforce its own rights
    ("to enable the Customer to enforce its rights") or states that the contract binds a party,
    naming no one outside the contract."""
    own = _OWN_RIGHTS.search(text) is not None or _BINDING.search(text) is not None
    return own and _THIRD_PERSON.search(text) is None


OWNERSHIP_TYPES = frozenset({"ip_assignment"})
_KEEPS = re.compile(r"\b(?:retains?|reserves?|keeps?)\b", re.I)
# what the contract makes, or what the other side brings: not "its own" to keep
_MADE_UNDER = re.compile(
    r"\b(?:deliverables?|work\s+product|feedback|results?|developments?|inventions?|"
    r"improvements?|customi[sz]ations?|modifications?|derivative|outputs?|works?\s+made|"
    r"creat(?:e|es|ed|ing|ion)|developed\s+(?:by|for|under)|makes\s+for|produces\s+for|(?:customer|client|licensee|buyer)(?:['\u2019]s)?\s+"
    r"(?:data|content|materials))\b",
    re.I,
)


def keeps_its_own(text: str, start: int, end: int) -> bool:
    """Whether the proposition [start, end) "retains" / "reserves" / "keeps" something the
    contract does not create ("the Product", "its Platform", "all rights not granted"), in a
    clause that names nothing the contract creates ("Work Product", "everything it creates")."""
    if _KEEPS.search(text, start, end) is None:
        return False
    return _MADE_UNDER.search(text) is None


_NEITHER_NOR = re.compile(r"\bneither\b[^.;]{1,120}?\bnor\b", re.I)


def neither_nor(text: str, start: int, key: int) -> bool:
    """Whether "neither ... nor ..." opens the proposition before the key word at ``key``."""
    return _NEITHER_NOR.search(text, start, key) is not None


ASSIGNMENT_TYPES = frozenset({"assignment"})
_TO_AFFILIATES = re.compile(
    r"\bto\s+(?:any\s+|an?\s+|its\s+|their\s+)?(?:other\s+)?(?:affiliates?\b|group\s+compan"
    r"|(?:entity|person|company)\s+(?:\w+\s+){0,4}?(?:controls|controlled\s+by|under\s+common"
    r"\s+control))",
    re.I,
)


_EXCEPTION = re.compile(r"\b(?:provided|except|save|however|but)\b", re.I)


def to_affiliates(text: str, start: int, key: re.Match[str], end: int) -> re.Match[str] | None:
    """The words that carve an assignment to the assignor's affiliates out of a prohibition
    ("...; provided that it may be assigned to any entity it controls"), if any: an exception
    that opens the proposition, not a right to assign to affiliates on its own."""
    if _EXCEPTION.search(text, start, key.start()) is None:
        return None
    return _TO_AFFILIATES.search(text, key.end(), end)


# what a transfer moves when it is not the contract: data, goods, title, money
_THING = (
    r"(?:personal\s+|customer\s+|client\s+|such\s+)?(?:data|information|records|files|goods|"
    r"products|equipment|title|ownership|risk|funds|money|monies|payments?|sums?|amounts?|"
    r"shares|securities|stock|assets)\b"
)
_THING_AFTER = re.compile(
    r"\s+(?:of\s+)?(?:the\s+|any\s+|such\s+|all\s+|its\s+|their\s+)?" + _THING, re.I
)
_THING_BEFORE = re.compile(
    r"\b" + _THING + r"\s+(?:\w+\s+){0,3}?(?:(?:that|which)\s+)?(?:(?:has|have|had)\s+been\s+|"
    r"(?:is|are|was|were|be|being)\s+)?$",
    re.I,
)


def transfers_no_contract(text: str, key: re.Match[str]) -> bool:
    """Whether the key word ``key`` ("transfer", "transferred") moves data, goods, title or
    money ("the transfer of personal data", "records transferred to it"), not the contract."""
    if not key.group(0).lower().startswith("transfer"):
        return False
    return (
        _THING_AFTER.match(text, key.end()) is not None
        or _THING_BEFORE.search(text, 0, key.start()) is not None
    )


# what a party brings to the contract, named as its own: "the Customer Content", "its Data"
_BROUGHT = r"(?:\w+\s+){0,2}?(?:content|data|materials?|inputs?|information|property|marks)\b"


def keeps_what_it_brings(text: str, start: int, end: int, holder: str) -> bool:
    """Whether the proposition [start, end) has its holder (``holder``, as the text names it)
    keep its own content, data or materials ("Customer retains ... in the Customer Content"),
    and nothing the contract creates."""
    keep = _KEEPS.search(text, start, end)
    if keep is None or not holder.strip():
        return False
    name = re.escape(re.sub(r"^the\s+", "", holder.strip(), flags=re.I))
    obj = text[keep.end() : end]
    own = re.compile(rf"\b(?:its|(?:the\s+)?{name}(?:['\u2019]s?)?)\s+(?:own\s+)?" + _BROUGHT, re.I)
    m = own.search(obj)
    if m is None:
        return False
    rest = obj[: m.start()] + obj[m.end() :]
    return _MADE_UNDER.search(rest) is None


WARRANTY_TYPES = frozenset({"warranty_disclaimer"})
# "... is provided / supplied / made available "AS IS"": a passive that names no disclaimer
_PASSIVE_AS_IS = re.compile(
    r"\b(?:is|are|(?:shall|will)\s+be)\s+(?:provided|supplied|made\s+available|delivered|"
    r"offered|licensed)\s*(?:to\s+[\w\s]{1,30}?\s*)?[\"\u201c\u2018']?$",
    re.I,
)
_GIVES_THING = re.compile(
    r"\s+(?:\w+\s+)?(?:gives?|provides?|supplies|makes?\s+available|offers?|grants?|licenses?|"
    r"delivers?)\b",
    re.I,
)


def passive_as_is(text: str, lo: int, key: int) -> bool:
    """Whether the key word at ``key`` ("AS IS") follows a passive "is provided"."""
    return _PASSIVE_AS_IS.search(text, lo, key) is not None


def as_is_giver(text: str, lo: int, key: int, mentions: Sequence[Mention]) -> Mention | None:
    """The party that gives, provides or supplies the thing a passive "AS IS" disclaims: the
    subject of "gives / provides ... access" in the same sentence before the key word."""
    for m in mentions:
        if lo <= m.start and m.end <= key and _GIVES_THING.match(text, m.end):
            return m
    return None
