"""Value objects of an analysis result: what the review engine produces and every exporter,
the review store and the GUI consume. Plain data, no behaviour beyond (de)serialisation and
how a party is written.

The JSON form is the schema ``contractreview.analysis/1`` of the ``analyze`` CLI. A finding
and each of its reasons may carry an ``effect`` object (a :class:`ClauseEffect`: who holds the
right or bears the obligation, seen from the side we act for, what the clause does, whether it is
mutual or negated, its trigger, and the spans of the clause that show it). The field is optional
and only added, so readers of earlier files keep working: ``effect`` is absent where the review
could not read one. ``edits`` lists the suggested edits (:class:`SuggestedEdit`: the exact span
of a segment and the position and fallback texts that may replace it); also only added.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from contractreview.analysis.edits.model import SuggestedEdit
from contractreview.text.normalize import PERPETUAL, find_perpetual

SCHEMA = "contractreview.analysis/1"


class RiskLevel(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"
    NONE = "none"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {
    RiskLevel.HIGH: 4,
    RiskLevel.MEDIUM: 3,
    RiskLevel.LOW: 2,
    RiskLevel.INFO: 1,
    RiskLevel.NONE: 0,
}


class ReasonSource(StrEnum):
    MODEL = "model"
    RULE = "rule"


@dataclass(frozen=True)
class LabelScore:
    type: str  # a label id of the model, e.g. "Cap on Liability"
    score: float


@dataclass(frozen=True)
class EffectSpan:
    """A span of a segment's text that shows one part of a clause's effect."""

    part: str  # "party" | "action" | "negation" | "trigger" | "scope"
    segment: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ClauseEffect:
    """What a clause does to the side we act for: who can do what to whom.

    ``party`` is the holder of the right or the bearer of the obligation, resolved through the
    contract's parties to ``us`` (the side we act for), ``them``, ``both`` (either party, mutual)
    or ``unknown``. ``action`` is what the clause does to that party: ``right`` (grants a
    right), ``obligation`` (imposes a duty), ``restriction`` (restricts it) or ``limit``
    (excludes or limits its liability or warranties). ``negated`` says the clause denies it
    ("neither party may", "nothing in this Agreement"). ``trigger``: ``convenience`` (or
    discretion), ``breach``, ``insolvency``, ``mutual_agreement``, ``event`` or "".
    ``scope``: ``wide`` or ``narrow`` when the clause widens or narrows the usual form.
    """

    rule: str  # the playbook clause type, e.g. "termination_for_convenience"
    party: str
    holder: str  # the party as a reader names it: "Northwind Systems Ltd (the Supplier)"
    action: str
    negated: bool = False
    mutual: bool = False
    trigger: str = ""
    scope: str = ""
    summary: str = ""  # one line: who can do what to whom
    evidence: tuple[EffectSpan, ...] = ()


@dataclass(frozen=True)
class Reason:
    """Why a segment was flagged: a playbook rule that fired, or a model label over threshold."""

    source: ReasonSource
    id: str  # rule id or label id
    text: str  # the one-line reason a lawyer would write
    score: float | None = None  # model score, or None for a rule
    level: RiskLevel = RiskLevel.INFO
    check: str = ""  # what to check (from the playbook)
    position: str = ""  # firm's preferred position / fallback wording
    effect: ClauseEffect | None = None  # what the clause does, when the review could read it


@dataclass(frozen=True)
class Risk:
    level: RiskLevel
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class SegmentResult:
    """A segment of the document with what the model and the playbook said of it."""

    id: str
    text: str
    label: str | None
    heading: str
    block: str
    start: int
    end: int
    labels: tuple[LabelScore, ...]
    risk: Risk
    ref: str = ""  # how a lawyer cites the clause: "9.1(a)", "Clause 12(a)", "Cover page"
    # operative clause, or text around the clauses (heading, drafting note, recital ...):
    # contractreview.analysis.operative.TextKind's value
    kind: str = "operative"


@dataclass(frozen=True)
class Finding:
    """One flagged clause: one or more adjacent segments grouped, with the highest risk."""

    id: str  # stable within a document: the first segment's id, e.g. "f-s00012"
    segments: tuple[str, ...]  # segment ids, in order
    types: tuple[str, ...]  # clause types (model labels / rule topics)
    risk: Risk
    quote: str  # the clause text quoted from the document
    effect: ClauseEffect | None = None  # the effect behind the highest reason, if read


@dataclass(frozen=True)
class MissingClause:
    type: str
    level: RiskLevel
    reason: str
    rule: str = ""
    position: str = ""


@dataclass(frozen=True)
class Citation:
    """A place in the contract: ``[start, end)`` of the text of segment ``segment``."""

    segment: str
    start: int
    end: int


def party_label(party: Mapping[str, Any]) -> str:
    """One party of a ``parties`` term as a lawyer writes it: ``Acme Corp. ("Supplier")``."""
    name, alias = str(party.get("name", "")), party.get("alias")
    return f'{name} ("{alias}")' if alias else name


@dataclass(frozen=True)
class Term:
    """A key term with the exact place it came from (``segment`` + ``[start, end)`` of the
    segment's text). ``value`` must be supported by that span.

    A term stated in several places (parties named in separate paragraphs of a preamble)
    cites them all: ``segment``/``start``/``end`` is the first (primary) citation and ``value``
    its text; ``more`` are the others, in document order. For parties, the parties are listed
    in the order of the citations, and each party is named in the span it is cited from.
    """

    name: str  # stable id: parties, agreement_date, governing_law, ...
    value: str
    normalized: Any
    confidence: float
    segment: str
    start: int
    end: int
    more: tuple[Citation, ...] = ()

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every place the term is cited from, the primary citation first."""
        return (Citation(self.segment, self.start, self.end), *self.more)


@dataclass(frozen=True)
class DocumentInfo:
    path: str
    sha256: str
    title: str
    contract_type: str
    words: int
    warnings: tuple[str, ...] = ()  # what the reader could not read (Document.warnings)


@dataclass(frozen=True)
class NamedHash:
    name: str
    sha256: str


@dataclass(frozen=True)
class AnalysisResult:
    document: DocumentInfo
    model: NamedHash
    playbook: NamedHash
    side: str
    segments: tuple[SegmentResult, ...]
    findings: tuple[Finding, ...]
    missing: tuple[MissingClause, ...]
    terms: tuple[Term, ...]
    timings: dict[str, float] = field(default_factory=dict)
    edits: tuple[SuggestedEdit, ...] = ()  # suggested edits (contractreview.analysis.edits)

    def segment(self, segment_id: str) -> SegmentResult:
        for s in self.segments:
            if s.id == segment_id:
                return s
        raise KeyError(segment_id)

    def to_json(self) -> dict[str, Any]:
        """The ``contractreview.analysis/1`` document of the CLI."""
        return {
            "schema": SCHEMA,
            "document": asdict(self.document),
            "model": asdict(self.model),
            "playbook": asdict(self.playbook),
            "side": self.side,
            "segments": [
                {
                    "id": s.id,
                    "text": s.text,
                    "label": s.label,
                    "ref": s.ref,
                    "heading": s.heading,
                    "block": s.block,
                    "start": s.start,
                    "end": s.end,
                    "labels": [{"type": ls.type, "score": round(ls.score, 4)} for ls in s.labels],
                    "risk": _risk_json(s.risk),
                    "kind": s.kind,
                }
                for s in self.segments
            ],
            "findings": [
                {
                    "id": f.id,
                    "segments": list(f.segments),
                    "types": list(f.types),
                    "risk": _risk_json(f.risk),
                    "quote": f.quote,
                    **({"effect": effect_json(f.effect)} if f.effect else {}),
                }
                for f in self.findings
            ],
            "missing": [asdict(m) for m in self.missing],
            "terms": [_term_json(t) for t in self.terms],
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "edits": [asdict(e) for e in self.edits],
        }


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\b\d{4}\b")


def term_display(term: Term) -> str:
    """A term's value for a reader: the cited text, except a date the contract gives only as a
    period ("three (3) years" from the effective date), shown as the date with its source."""
    norm = term.normalized
    if (
        term.name.endswith("_date")
        and isinstance(norm, str)
        and _ISO_DATE.fullmatch(norm)
        and not _YEAR.search(term.value)
    ):
        day = date.fromisoformat(norm)
        return f"{day.day} {day:%B %Y} (computed from \u201c{term.value}\u201d)"
    if term.name == "expiration_date" and norm == PERPETUAL and find_perpetual(term.value) is None:
        return f"No fixed date: \u201c{term.value}\u201d"  # "shall expire if the Adviser ceases"
    return term.value


def _term_json(term: Term) -> dict[str, Any]:
    """A term's JSON: its fields, the primary citation as ``segment``/``start``/``end``, and
    every place it is cited from (primary first) as ``citations`` instead of ``more``."""
    fields = {k: v for k, v in asdict(term).items() if k != "more"}
    return {**fields, "citations": [asdict(c) for c in term.citations]}


def _risk_json(risk: Risk) -> dict[str, Any]:
    return {
        "level": risk.level.value,
        "reasons": [
            {
                "source": r.source.value,
                "id": r.id,
                "text": r.text,
                "score": None if r.score is None else round(r.score, 4),
                "level": r.level.value,
                **({"effect": effect_json(r.effect)} if r.effect else {}),
            }
            for r in risk.reasons
        ],
    }


def effect_json(effect: ClauseEffect) -> dict[str, Any]:
    """A clause effect's JSON: its fields, with the evidence spans as objects."""
    return asdict(effect)


def effect_text(effect: ClauseEffect) -> str:
    """A clause's effect for a reader, with its evidence: ``Northwind Systems Ltd (the
    Supplier) may terminate (convenience) - "for any reason"``."""
    words = [s.text for s in effect.evidence if s.part in ("trigger", "negation", "scope")]
    quoted = "; ".join(f"\u201c{w}\u201d" for w in dict.fromkeys(words))
    return f"{effect.summary} \u2014 {quoted}" if quoted else effect.summary
