"""Who a mention of a party is, seen from the side we act for.

A contract names its parties in the preamble (``Northwind Systems Ltd ("Supplier")``) and then
by alias, by name, by a role word ("the Provider", "Licensee"), or in plain-English terms as
"we" and "you". Each party gets a role, ``provides`` or ``receives`` (the roles of the
playbook's sides), from the role words in its alias or name; the side we act for has a role too,
so every mention resolves to ``us`` or ``them``. "Either party", "each party", "the parties" are
``both``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

US, THEM, BOTH, UNKNOWN = "us", "them", "both", "unknown"
PROVIDES, RECEIVES = "provides", "receives"

# role words, lower-case; a party whose alias (or name) contains one plays that role
ROLE_WORDS: Mapping[str, tuple[str, ...]] = {
    PROVIDES: (
        "supplier", "vendor", "provider", "service provider", "contractor", "licensor",
        "seller", "discloser", "disclosing party", "processor", "sub-processor", "consultant",
        "developer", "agency", "manufacturer", "lessor", "landlord", "franchisor",
        "employee", "executive", "adviser", "advisor", "investor", "lender", "producer",
        "subcontractor", "freelancer", "host", "hosting provider", "maker", "integrator",
        "outsourcer", "data processor", "publisher", "designer", "carrier", "operator",
        "platform provider", "solution provider", "services provider", "service company",
    ),
    RECEIVES: (
        "customer", "client", "buyer", "purchaser", "licensee", "recipient", "receiving party",
        "controller", "distributor", "subscriber", "user", "employer", "lessee", "tenant",
        "franchisee", "dealer", "borrower", "merchant", "reseller", "end user", "data controller",
        "retailer", "importer", "hirer", "member", "account holder", "commissioning party",
    ),
}  # fmt: skip
# plain-English terms: "we" are the provider, "you" the customer
PRONOUNS: Mapping[str, str] = {"we": PROVIDES, "us": PROVIDES, "our": PROVIDES,
                               "you": RECEIVES, "your": RECEIVES}  # fmt: skip
# the sides' roles in the playbook, when a side id is itself a role word
_SIDE_ROLE_ALIASES = {"employee": PROVIDES, "employer": RECEIVES, "company": RECEIVES,
                      "investor": PROVIDES}  # fmt: skip

MUTUAL = re.compile(
    r"\b(?:either|each|both|any)\s+(?:of\s+the\s+)?part(?:y|ies)\b|\bthe\s+parties\b"
    r"|\beach\s+of\s+(?:us|them)\b",
    re.I,
)
NEITHER = re.compile(r"\b(?:neither|no)\s+(?:of\s+the\s+)?part(?:y|ies)\b", re.I)
_SUFFIX = re.compile(
    r"[,\s]+(?:inc|ltd|limited|llc|llp|lp|plc|corp|corporation|co|company|gmbh|ag|sa|nv|bv|"
    r"n\.a|pty|s\.a)\.?$",
    re.I,
)


# words that begin many company names: never a party's short form on their own
_GENERIC_FIRST = frozenset((
    "the", "a", "an", "first", "global", "united", "national", "international", "general",
    "american", "british", "royal", "new", "great", "north", "south", "east", "west", "central",
    "standard", "premier", "advanced", "digital", "universal",
))  # fmt: skip
_NAME_WORD = re.compile(r"[A-Z][\w&'-]*")


def short_forms(name: str) -> list[str]:
    """The distinctive leading words of a company name by which a contract may call it:
    "Acme" and "Acme Retail" for "Acme Retail"; none for a generic first word ("First ...")
    or a role word ("Supplier Co")."""
    words = name.split()
    out: list[str] = []
    for n in (1, 2):
        if len(words) <= n:
            break
        head = words[:n]
        first = head[0]
        if (not _NAME_WORD.fullmatch(first) or len(first) < 3
                or first.lower() in _GENERIC_FIRST or role_of(first)):  # fmt: skip
            break
        if all(_NAME_WORD.fullmatch(w) for w in head):
            out.append(" ".join(head))
    return out


def role_of(words: str) -> str | None:
    """The role a party's alias or name states ("Service Provider" -> provides), if any."""
    low = f" {words.lower()} "
    best: tuple[int, str] | None = None
    for role, cues in ROLE_WORDS.items():
        for cue in cues:
            named = f" {cue} " in low or f" {cue}," in low or low.strip() == cue
            if named and (best is None or len(cue) > best[0]):
                best = (len(cue), role)
    return best[1] if best else None


@dataclass(frozen=True)
class Party:
    name: str
    alias: str
    role: str | None  # provides / receives, None when neither name nor alias says
    relation: str  # us / them / unknown

    @property
    def display(self) -> str:
        """As a reason names it: ``Northwind Systems Ltd (the Supplier)``."""
        if self.name and self.alias and self.alias.lower() not in self.name.lower():
            return f"{self.name} (the {self.alias})"
        return self.name or f"the {self.alias}"

    def words(self) -> list[str]:
        """The words that name this party in the text: name, name without its company suffix,
        alias, and the distinctive first words of the name ("Acme" for "Acme Retail Inc.")."""
        out = [w for w in (self.name, self.alias) if w]
        short = _SUFFIX.sub("", self.name).strip(" ,")
        if short and short != self.name:
            out.append(short)
        return out + [w for w in short_forms(short) if w not in out]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    relation: str  # us / them / both / unknown
    party: Party | None


class PartyIndex:
    """The contract's parties and how each relates to the side we act for."""

    def __init__(self, parties: Sequence[Party], our_role: str | None) -> None:
        self.parties = tuple(parties)
        self.our_role = our_role
        # the words that name each party, less those two parties share ("Acme")
        named = [{w.lower() for w in p.words()} for p in self.parties]
        self._words = [
            {w for w in own if not any(w in other for j, other in enumerate(named) if j != i)}
            for i, own in enumerate(named)
        ]

    @classmethod
    def build(
        cls, parties_value: Any, side: str, side_role: str | None, text: str = ""
    ) -> PartyIndex:
        """From the ``parties`` key term's normalized value (a list of ``{name, alias}``), the
        side we act for and its role in the playbook. Where neither of two parties is named by
        a role word, ``text`` (the contract) says who supplies and who pays
        (:func:`infer_roles`)."""
        our_role = _role_name(side, side_role)
        found: list[Party] = []
        for p in parties_value if isinstance(parties_value, list) else []:
            if not isinstance(p, Mapping):
                continue
            name, alias = str(p.get("name") or ""), str(p.get("alias") or "")
            role = role_of(str(p.get("role") or "")) or role_of(alias) or role_of(name)
            found.append(Party(name, alias, role, _relation(role, our_role)))
        roles = [p.role for p in found]
        if len(found) == 2 and roles.count(None) == 2 and text:
            roles = infer_roles(found, text)
        if len(found) == 2 and roles.count(None) == 1:
            # one party says its role: the other plays the other one
            known = next(r for r in roles if r)
            roles = [r or _flip(known) for r in roles]
        found = [p if p.role == r else Party(p.name, p.alias, r, _relation(r, our_role))
                 for p, r in zip(found, roles, strict=False)]  # fmt: skip
        return cls(found, our_role)

    def party_for_role(self, role: str) -> Party | None:
        for p in self.parties:
            if p.role == role:
                return p
        return None

    def relation_of_role(self, role: str) -> str:
        return _relation(role, self.our_role)

    def other(self, relation: str) -> str:
        return {US: THEM, THEM: US}.get(relation, relation)

    def display(self, relation: str) -> str:
        """How a reason names the party with this relation (``both``: either party)."""
        if relation == BOTH:
            return "Either party"
        for p in self.parties:
            if p.relation == relation:
                return p.display
        if relation in (US, THEM) and self.our_role:
            role = self.our_role if relation == US else _flip(self.our_role)
            return "the supplier" if role == PROVIDES else "the customer"
        return "A party"

    @cached_property
    def _names(self) -> str:
        words: set[str] = set()
        for p in self.parties:
            words.update(p.words())
        for cues in ROLE_WORDS.values():
            words.update(cues)
        return "|".join(sorted((re.escape(w) for w in words if w), key=len, reverse=True))

    @cached_property
    def party_alt(self) -> str:
        """A pattern for one mention of a party (group ``p``), for the ``{party}`` templates
        of the risk types."""
        return (
            rf"(?P<p>(?:the\s+)?(?:{self._names})|{MUTUAL.pattern}|{NEITHER.pattern}"
            r"|\b(?:we|us|you)\b)"
        )

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Every way the text names a party: names, short names, aliases, role words, we/you,
        and the mutual forms."""
        one = rf"(?:the\s+)?(?:{self._names})"
        return re.compile(
            rf"(?P<mutual>{MUTUAL.pattern}|{NEITHER.pattern})"
            # "either the Supplier or the Customer", "the Supplier and the Customer each"
            rf"|(?P<pair>\b(?:either|each\s+of|both)\s+{one}\s+(?:or|and)\s+{one}\b"
            rf"|\bneither\s+{one}\s+nor\s+{one}\b"
            rf"|(?<![\w-]){one}\s+(?:and|or)\s+{one}(?=\s+(?:each|both|(?:may|shall|will)\s+"
            r"(?:each|both|jointly)\b)))"
            rf"|(?<![\w-])(?:the\s+)?(?P<party>{self._names})(?P<poss>['\u2019]s?)?(?![\w-])"
            r"|\b(?P<pron>we|us|our|you|your)\b",
            re.I,
        )

    def mentions(self, text: str) -> list[Mention]:
        out = []
        for m in self.pattern.finditer(text):
            if m.group("mutual"):
                out.append(Mention(m.start(), m.end(), BOTH, None))
            elif m.group("pair"):
                out.append(self._pair(text, m))
            elif m.group("pron"):
                if m.group("pron") == "us" and text[m.start() : m.end()] == "US":
                    continue  # "US$", "the US"
                role = PRONOUNS[m.group("pron").lower()]
                out.append(Mention(m.start(), m.end(), self.relation_of_role(role), None))
            else:
                word = m.group("party")
                if word[0].islower() and not (
                    m.group(0)[:4].lower() == "the " and word.lower() in LOWER_CASE_ROLES
                ):
                    continue  # "a customer", "any supplier": not the defined party
                party = self._party(word)
                if party is not None:
                    out.append(Mention(m.start(), m.end(), party.relation, party))
                else:
                    word_role = role_of(word)
                    relation = self.relation_of_role(word_role) if word_role else UNKNOWN
                    out.append(Mention(m.start(), m.end(), relation, None))
        return out

    def _party(self, word: str) -> Party | None:
        low = word.lower()
        for p, words in zip(self.parties, self._words, strict=True):
            if low in words:
                return p
        role = role_of(word)
        return self.party_for_role(role) if role else None

    def _pair(self, text: str, m: re.Match[str]) -> Mention:
        """ "Either the Supplier or the Customer": both parties when the two named are the two
        parties, else the one named (a party and a stranger)."""
        named = [
            self._party(x.group(1))
            for x in re.finditer(rf"(?<![\w-])({self._names})(?![\w-])", m.group(0), re.I)
        ]
        relations = {p.relation for p in named if p is not None}
        if relations >= {US, THEM}:
            return Mention(m.start(), m.end(), BOTH, None)
        one = next((p for p in named if p is not None), None)
        return Mention(m.start(), m.end(), one.relation if one else UNKNOWN, one)


# "the supplier" in lower case names the party that supplies; "the user" or "the host" may be
# anyone's
LOWER_CASE_ROLES = frozenset((
    "supplier", "vendor", "provider", "licensor", "licensee", "customer", "client", "buyer",
    "purchaser", "seller", "contractor", "consultant", "distributor", "reseller", "discloser",
    "recipient", "processor", "controller", "service provider", "disclosing party",
    "receiving party",
))  # fmt: skip
# what a party does in the contract when its name does not say its role
_SUPPLIES = (
    r"(?:shall|will|must|agrees\s+to|undertakes\s+to)\s+(?:\w+\s+){0,2}?"
    r"(?:provide|supply|deliver|perform|host|develop|manufacture|sell|license|licence)\b"
    r"|['\u2019]s\s+(?:fees|charges|invoices?|services|software|platform|products?|personnel|staff"
    r"|confidential\s+information)\b"
)
# information that comes from a party: it discloses, the other receives
_RECEIVED_FROM = (
    r"\b(?:received|obtained|disclosed|provided|supplied)\s+(?:\w+\s+){0,2}?"
    r"(?:from|by)\s+(?:the\s+)?"
)
_PAYS = (
    r"(?:shall|will|must|agrees\s+to|undertakes\s+to)\s+(?:\w+\s+){0,2}?"
    r"(?:pay|purchase|buy|order|reimburse)\b|\s+fails\s+to\s+pay\b"
    r"|['\u2019]s\s+(?:data|content|payment|premises|users|end\s+users|orders?)\b"
    # the recipient of information keeps it secret
    r"|\s*(?:shall|will|must|agrees\s+to|undertakes\s+to)\s+(?:\w+\s+){0,2}?(?:keep|hold|treat)\b[^.;]{0,60}"
    r"\b(?:confidential|secret|in\s+confidence)\b"
    r"|\s*(?:shall|will|must)\s+not\s+(?:\w+\s+){0,2}?(?:disclose|divulge|reveal)\b"
)
_PAID_TO = r"\b(?:payable|paid|pay)\s+(?:\w+\s+){0,3}?to\s+(?:the\s+)?"
_PROVIDER_NAME = re.compile(
    r"\b(?:services|software|systems|solutions|technolog(?:y|ies)|consult(?:ing|ancy|ants)|"
    r"advisory|cloud|logistics|haulage|freight|transport|couriers?|labs?|digital|engineering|"
    r"manufactur(?:ing|ers)|supplies|suppliers|hosting|networks|data|analytics|apps|studios?|"
    r"agency|staffing|recruitment|talent|cleaning|security|catering|maintenance|"
    r"outsourcing|payments|platforms?|telecoms?|communications|media|marketing|advertising|"
    r"creative|design|publishing)\b",
    re.I,
)


def infer_roles(parties: Sequence[Party], text: str) -> list[str | None]:
    """The roles of two parties that no role word names, from what the contract has each do:
    the one that provides, supplies or is paid supplies; the one that pays receives. Failing
    that, a name that says what it sells ("... Software Ltd") against one that does not."""
    score = []
    for p in parties:
        words = "|".join(re.escape(w) for w in sorted(p.words(), key=len, reverse=True))
        if not words:
            score.append(0)
            continue
        name = rf"(?<![\w-])(?:the\s+)?(?:{words})(?![\w-])"
        supplies = len(re.findall(rf"{name}\s*(?:{_SUPPLIES})", text, re.I))
        supplies += len(re.findall(rf"{_PAID_TO}{name}", text, re.I))
        supplies += len(re.findall(rf"{_RECEIVED_FROM}{name}", text, re.I))
        pays = len(re.findall(rf"{name}\s*(?:{_PAYS})", text, re.I))
        score.append(supplies - pays)
    if score[0] != score[1]:
        first = PROVIDES if score[0] > score[1] else RECEIVES
        return [first, _flip(first)]
    hints = [bool(_PROVIDER_NAME.search(p.name)) for p in parties]
    if hints.count(True) == 1:
        return [PROVIDES if h else RECEIVES for h in hints]
    return [None, None]


def _flip(role: str) -> str:
    return RECEIVES if role == PROVIDES else PROVIDES


def _role_name(side: str, side_role: str | None) -> str | None:
    if side_role in (PROVIDES, RECEIVES):
        return side_role
    return _SIDE_ROLE_ALIASES.get(side) or role_of(side)


def _relation(role: str | None, our_role: str | None) -> str:
    if role is None or our_role is None:
        return UNKNOWN
    return US if role == our_role else THEM
