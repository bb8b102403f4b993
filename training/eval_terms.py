"""``contractreview eval terms``: key terms against CUAD's normalized answers.

Each CUAD contract's plain text is read with :func:`document_from_text`, segmented and passed
through :func:`extract_terms` (with the clause model when it is installed). A term counts when
CUAD has an answer for it and the normalized values are equal:

* dates: the same calendar day (CUAD writes ``m/d/yyyy``; answers with blanks such as
  ``[]/[]/2004`` are not scored; a year before 1950 is also read a century later, as CUAD
  wrote "12/31/1934" for "December 31, 2034"); ``perpetual`` matches ``perpetual``;
* renewal term and notice period: the same number of days (12 months = 1 year = 365 days);
* governing law: the same jurisdiction name, any of CUAD's ``;``-separated answers;
* parties: the same parties, no more and no fewer. CUAD's answer lists each party with its
  aliases, separated by ``;``; entries that only define a collective name ("X and Y (each a
  'Party')") or repeat parties already listed are not parties of their own. Names are compared
  without case, punctuation and company-form suffixes (Inc., Ltd., ...; a bracket without a
  quote is part of the name: "Galen (Chemicals) Limited ("GALEN")"), tolerating a typo
  (CUAD's "Berkely Lights" is Berkeley Lights); a party whose name CUAD leaves blank
  (``[ * * * ] ("Provider")``) is matched by its alias.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contractreview.text import normalize as nz
from contractreview.text.aliases import name_and_aliases

EVAL_TERMS = {
    "parties": "Parties",
    "agreement_date": "Agreement Date",
    "effective_date": "Effective Date",
    "expiration_date": "Expiration Date",
    "renewal_term": "Renewal Term",
    "notice_period": "Notice Period to Terminate Renewal",
    "governing_law": "Governing Law",
}

_SUFFIXES = re.compile(
    r"\b(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|l\s?l\s?c|llp|lp|l\s?p|"
    r"plc|n\s?a|s\s?a|b\s?v|n\s?v|gmbh|ag|the|pte|pty)\b"
)


def party_key(name: str) -> str:
    """A party name compared loosely: lower case, letters and digits, no company form."""
    key = re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and "))
    key = _SUFFIXES.sub(" ", key)
    return re.sub(r"\s+", " ", key).strip()


_COLLECTIVE_GROUP = re.compile(
    r"\([^()]*\b(?:part(?:y|ies)|collectively|individually|each|together)\b[^()]*\)", re.I
)
# ("Party A"): one party's alias in a two- or three-party contract, not a group of parties
_PARTY_LETTER = re.compile(r"\(\s*(?:the\s+)?[\"“”']party\s+[a-z0-9]{1,2}[\"“”']\s*\)?", re.I)
_NAME_TAIL = re.compile(
    r"\s+(?:and|together\s+with)\s+(?:all\s+of\s+)?its\b.*$|,?\s+an?\s+(?:wholly[\s-]owned\s+)?"
    r"subsidiary\s+of\b.*$|,?\s+(?:operating|doing\s+business)\s+as\b.*$|,?\s+d/?b/?a\b.*$|"
    r",?\s+on\s+behalf\s+of\s+(?:itself|themselves)\b.*$",
    re.I,
)


@dataclass(frozen=True)
class CuadParty:
    """One party of CUAD's answer: its name (``""`` when CUAD leaves it blank) and aliases."""

    name: str
    aliases: frozenset[str]


def cuad_parties(answer: str) -> list[CuadParty]:
    """The distinct parties in CUAD's ``Parties`` answer, as :func:`party_key` keys."""
    out: list[CuadParty] = []
    for part in answer.split(";"):
        part, groups = _COLLECTIVE_GROUP.subn(" ", _PARTY_LETTER.sub(" ", part))
        part = part.strip(" ()")
        if not part or re.search(r"\bpart(?:y|ies)\b", part, re.I):
            continue  # "Each of the foregoing parties is referred to herein as a 'Party'"
        # the name ends where its alias starts; a bracket without a quote is part of the name
        # ("Galen (Chemicals) Limited ("GALEN")")
        name_part, quoted = name_and_aliases(part)
        written = _NAME_TAIL.sub("", name_part)
        if groups and re.search(r"\s(?:and|&)\s", written):
            continue  # "Ginkgo and BLI (each a 'Party')": the parties already listed
        aliases = frozenset(_alias_key(a) for a in quoted) - {""}
        name = party_key(written)
        if re.fullmatch(r"[\s*\[\]_]*", name):
            name = ""
        if not name and not aliases:
            continue
        if name and (_repeats(name, out) or (not aliases and any(p.name == name for p in out))):
            continue  # "TELCOSTAR and Ability (each and both of them 'Recipient')"
        out.append(CuadParty(name, aliases))
    return out


def _alias_key(alias: str) -> str:
    """An alias compared loosely; unlike a name it keeps "Company" (a common alias)."""
    return re.sub(r"[^a-z0-9]+", " ", alias.lower()).strip()


def _repeats(name: str, earlier: list[CuadParty]) -> bool:
    """Whether ``name`` only joins parties listed before ("Hyatt and Playa")."""
    pieces = [p for p in re.split(r"\s+(?:and|together\s+with|with)\s+", name) if p]
    known = {p.name for p in earlier} | {party_key(a) for p in earlier for a in p.aliases}
    return len(pieces) > 1 and all(p in known for p in pieces)


# two spellings of one name (a typo, "Co." against "Company") are at least this similar
SAME_NAME_RATIO = 0.9


def _same_name(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    return bool(a and b) and (a == b or SequenceMatcher(None, a, b).ratio() >= SAME_NAME_RATIO)


def party_matches(pred: dict[str, Any], cuad: CuadParty) -> bool:
    """Whether an extracted party (``{"name", "alias"}``) is CUAD's party ``cuad``."""
    name = party_key(_NAME_TAIL.sub("", pred["name"]))
    if cuad.name and _same_name(name, cuad.name):
        return True
    if cuad.name:  # CUAD may list the name as written elsewhere as an alias ("ArTara, Inc.")
        return _alias_key(pred["name"]) in cuad.aliases
    said = {_alias_key(pred["name"]), _alias_key(pred.get("alias") or "")} - {""}
    return bool(said & cuad.aliases)


def parties_match(expected: list[CuadParty], predicted: list[dict[str, Any]]) -> bool:
    """Every CUAD party was found, and every party found is one of CUAD's."""
    return all(any(party_matches(p, e) for p in predicted) for e in expected) and all(
        any(party_matches(p, e) for e in expected) for p in predicted
    )


# CUAD's contracts were filed on SEC EDGAR (1993 on); a date before 1950 in CUAD's answers is a
# two-digit year read in the wrong century (CUAD's "6/11/1930" for "June 11, 2030").
_EDGAR_START = 1950


def expected_value(term: str, answer: str) -> Any | None:
    """CUAD's answer as our normalized value (a set of acceptable values), None if unscored."""
    answer = answer.strip()
    if not answer:
        return None
    if term in ("agreement_date", "effective_date", "expiration_date"):
        if answer.lower() == "perpetual":
            return {nz.PERPETUAL}
        d = nz.parse_us_numeric_date(answer)
        if d and d.year < _EDGAR_START:  # "12/31/1934" for December 31, 2034: a two-digit
            return {d.isoformat(), d.replace(year=d.year + 100).isoformat()}  # year misread
        return {d.isoformat()} if d else None
    if term in ("renewal_term", "notice_period"):
        if answer.lower() == "perpetual":
            return {nz.PERPETUAL}
        # "180 days / 6 months", "60 days; 180 days": any period CUAD lists
        found = {d.days for d in nz.find_durations(answer.replace(")", ""))}
        return found or None
    if term == "governing_law":
        parts = [p.strip() for p in answer.split(";")]
        names = {n for p in parts if (n := nz.jurisdiction_name(p))}
        if "England" in names:
            names.add("England and Wales")
        return names or None
    if term == "parties":
        parties = cuad_parties(answer)
        return parties or None
    return None


def predicted_value(term: str, normalized: Any) -> Any:
    if normalized is None:
        return None
    if term in ("renewal_term", "notice_period"):
        return nz.duration_days(normalized) or normalized
    return normalized


def matches(term: str, expected: Any, predicted: Any) -> bool:
    if predicted is None:
        return False
    if term == "parties":
        return isinstance(predicted, list) and parties_match(expected, predicted)
    return predicted in expected


@dataclass
class TermScore:
    scored: int = 0
    correct: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    marked: int = 0  # scored terms marked "check"
    marked_wrong: int = 0  # ... of which the value was wrong

    @property
    def accuracy(self) -> float:
        return self.correct / self.scored if self.scored else 0.0


@dataclass
class Grounding:
    """Every extracted term checked against the text it cites (the target: none ungrounded)."""

    checked: int = 0
    ungrounded: list[str] = field(default_factory=list)  # "<contract id>: <term name>"
    marked: dict[str, int] = field(default_factory=dict)  # term name -> terms marked "check"


def _contracts(data: Path, split: str) -> Iterator[dict[str, Any]]:
    with (data / "contracts.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["split"] == split:
                yield row


def evaluate(
    data: Path, split: str = "dev", limit: int = 0, classifier: Any = None
) -> tuple[dict[str, TermScore], Grounding]:
    """Exact match per term on CUAD's ``split`` (``classifier`` is optional), and the
    grounding check of every term extracted, scored or not."""
    from contractreview.analysis.segmenter import segment_document
    from contractreview.analysis.terms.extractor import extract_terms
    from contractreview.analysis.terms.grounding import term_is_grounded
    from contractreview.docx.document import document_from_text

    with (data / "contract_answers.csv").open(encoding="utf-8", newline="") as f:
        answers = {r["contract_id"]: r for r in csv.DictReader(f)}
    scores = {t: TermScore() for t in EVAL_TERMS}
    grounding = Grounding()
    for n, row in enumerate(_contracts(data, split)):
        if limit and n >= limit:
            break
        segments = segment_document(document_from_text(row["text"]))
        matrix, labels = None, None
        if classifier is not None:
            matrix = classifier.scores([s.model_input() for s in segments])
            labels = classifier.label_ids
        found = {t.name: t for t in extract_terms(segments, matrix, labels)}
        texts = {s.id: s.text for s in segments}
        for t in found.values():
            grounding.checked += 1
            if getattr(t, "check", False):
                grounding.marked[t.name] = grounding.marked.get(t.name, 0) + 1
            if not term_is_grounded(t, texts):
                grounding.ungrounded.append(f"{row['contract_id']}: {t.name}")
        ans = answers.get(row["contract_id"])
        if ans is None:
            continue
        for term, column in EVAL_TERMS.items():
            expected = expected_value(term, ans[column])
            if expected is None:
                continue
            got = found.get(term)
            pred = predicted_value(term, got.normalized if got else None)
            sc = scores[term]
            sc.scored += 1
            right = matches(term, expected, pred)
            if got is not None and getattr(got, "check", False):
                sc.marked += 1
                sc.marked_wrong += not right
            if right:
                sc.correct += 1
            else:
                sc.misses.append(
                    {
                        "contract": row["contract_id"],
                        "expected": ans[column],
                        "got": got.value if got else None,
                        "normalized": pred,
                    }
                )
    return scores, grounding


def _load_classifier() -> Any:
    from contractreview.analysis.classifier import ClauseClassifier
    from contractreview.errors import ModelError

    try:
        clf = ClauseClassifier()
        clf.verify()
    except ModelError:
        return None
    return clf


def run_eval_terms(args: argparse.Namespace) -> int:
    data = Path(args.data)
    if not (data / "contract_answers.csv").is_file():
        print(f"CUAD data not found in {data}", file=sys.stderr)
        return 2
    clf = None if getattr(args, "no_model", False) else _load_classifier()
    scores, grounding = evaluate(data, args.split, args.limit, clf)
    print(
        f"Key terms on CUAD {args.split} ({'with' if clf else 'without'} the clause model): "
        "exact match after normalization, where CUAD has an answer; check: scored terms marked "
        '"check", wrong: wrong values marked "check" / all wrong (a missing value is wrong)'
    )
    print(f"{'term':<18}{'scored':>8}{'correct':>9}{'exact':>9}{'check':>7}{'wrong':>7}")
    for term, sc in scores.items():
        wrong = f"{sc.marked_wrong}/{sc.scored - sc.correct}"  # marked / all wrong values
        print(f"{term:<18}{sc.scored:>8}{sc.correct:>9}{sc.accuracy:>9.1%}{sc.marked:>7}{wrong:>7}")
    print(
        f"grounding: {grounding.checked} extracted terms checked against their citations, "
        f"{len(grounding.ungrounded)} ungrounded"
    )
    for where in grounding.ungrounded:
        print(f"  UNGROUNDED {where}")
    marked = ", ".join(f"{k} {v}" for k, v in sorted(grounding.marked.items())) or "none"
    print(f'marked "check": {sum(grounding.marked.values())} of {grounding.checked} ({marked})')
    if getattr(args, "verbose", False):
        for term, sc in scores.items():
            for miss in sc.misses:
                print(term, json.dumps(miss, ensure_ascii=False, default=str))
    return 0
