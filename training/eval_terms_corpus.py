"""``contractreview eval terms-corpus``: key terms of the modern templates against a hand-checked
set (``tests/terms_corpus_expected.yaml``, written from the documents' text before the extractor
was run on them; issue 19).

Each listed term of each file is scored:

* a value expected: the extracted value equals it (titles without case; parties: every party
  named is found; dates, days, jurisdictions and caps after normalization);
* ``null`` expected (a blank, an unticked option, a note, a statute's date, another clause's
  tail): nothing is extracted, or what is extracted is marked "check";
* ``not_parties``: no organisation merely mentioned is reported as a party.

Besides the score, every extracted term is checked against the words around its citation: a
value inside a statute citation, an example, a drafting note or another clause's survival tail
is counted as a *trap* (the target: none).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from contractreview.analysis.results import Term
from contractreview.text import normalize as nz

EXPECTED = Path(__file__).resolve().parent.parent / "tests" / "terms_corpus_expected.yaml"
CORPUS = Path("../shared/corpus/docx")
# the expected-file keys that name a term, and the extractor's term for each
TERM_KEYS = {
    "document_name": "document_name",
    "parties": "parties",
    "agreement_date": "agreement_date",
    "effective_date": "effective_date",
    "term": "term",
    "governing_law": "governing_law",
    "payment_days": "payment_terms",
    "liability_cap": "liability_cap",
}


@dataclass
class CorpusScore:
    scored: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.scored if self.scored else 0.0


@dataclass
class CorpusResult:
    scores: dict[str, CorpusScore]
    traps: list[str]  # "<file>: <term> from <why>"
    checked: dict[str, int]  # term name -> how many extracted terms carry a "check" mark
    extracted: int = 0


def load_expected(path: Path = EXPECTED) -> dict[str, dict[str, Any]]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    files: dict[str, dict[str, Any]] = data["files"]
    return files


def _name_key(name: str) -> str:
    from contractreview_training.eval_terms import party_key

    return str(party_key(name))


def _same_party(found: dict[str, Any], name: str) -> bool:
    key = _name_key(name)
    return key in (
        _name_key(str(found.get("name") or "")),
        _name_key(str(found.get("alias") or "")),
    )


def _title_key(title: str) -> str:
    return " ".join(title.split()).lower()


def _value_matches(key: str, expected: Any, term: Term) -> bool:
    norm = term.normalized
    if key == "document_name":
        return _title_key(str(norm)) in {_title_key(t) for t in expected}
    if key == "parties":
        found = [p for p in norm if isinstance(p, dict)] if isinstance(norm, list) else []
        return all(any(_same_party(p, n) for p in found) for n in expected)
    if key in ("agreement_date", "effective_date"):
        want = expected.isoformat() if isinstance(expected, date) else str(expected)
        return bool(norm == want)
    if key == "term":
        if str(expected).lower() == nz.PERPETUAL:
            return bool(norm == nz.PERPETUAL)
        want_days = {d.days for d in nz.find_durations(str(expected))}
        return nz.duration_days(norm) in want_days
    if key == "governing_law":
        return bool(norm == nz.jurisdiction_name(str(expected)))
    if key == "payment_days":
        return isinstance(norm, dict) and norm.get("days") == expected
    if key == "liability_cap":
        return isinstance(norm, dict) and all(norm.get(k) == v for k, v in expected.items())
    return False


def score_term(key: str, expected: Any, term: Term | None) -> bool:
    """Whether ``term`` (None: not extracted) is what the hand-checked set expects."""
    if expected is None:
        return term is None or term.check
    return term is not None and _value_matches(key, expected, term)


def _trap(term: Term, texts: dict[str, str]) -> str | None:
    """Why the words around ``term``'s citation make it no value (None: they don't)."""
    from contractreview.analysis.terms.screen import (
        EXAMPLE,
        STATUTE_CITATION,
        SURVIVAL_TAIL,
    )

    text = texts.get(term.segment, "")
    before = text[max(0, term.start - 100) : term.start]
    if EXAMPLE.search(before):
        return "an example"
    if term.name.endswith("_date") and STATUTE_CITATION.search(before):
        return "a statute citation"
    if term.name in ("term", "expiration_date") and SURVIVAL_TAIL.match(text, term.end):
        return "another clause's tail"
    if "[drafting note" in before.lower() or "drafting note" in text[:40].lower():
        return "a drafting note"
    return None


def evaluate_corpus(
    corpus: Path = CORPUS, expected_path: Path = EXPECTED, classifier: Any = None
) -> CorpusResult:
    from contractreview.analysis.segmenter import segment_document
    from contractreview.analysis.terms.extractor import extract_terms
    from contractreview.docx.reader import read_docx

    expected = load_expected(expected_path)
    result = CorpusResult({k: CorpusScore() for k in TERM_KEYS}, [], {})
    for name, want in expected.items():
        segments = segment_document(read_docx(corpus / name))
        matrix, labels = None, None
        if classifier is not None and segments:
            matrix = classifier.scores([s.model_input() for s in segments])
            labels = classifier.label_ids
        terms = {t.name: t for t in extract_terms(segments, matrix, labels)}
        texts = {s.id: s.text for s in segments}
        for t in terms.values():
            result.extracted += 1
            if t.check:
                result.checked[t.name] = result.checked.get(t.name, 0) + 1
            why = _trap(t, texts)
            if why:
                result.traps.append(f"{name}: {t.name} from {why}")
        for key, term_name in TERM_KEYS.items():
            if key not in want:
                continue
            sc = result.scores[key]
            sc.scored += 1
            got = terms.get(term_name)
            if score_term(key, want[key], got):
                sc.correct += 1
            else:
                shown = f"{got.value!r} ({got.normalized})" if got else None
                sc.misses.append(f"{name}: expected {want[key]!r}, got {shown}")
        for outsider in want.get("not_parties") or ():
            got = terms.get("parties")
            found = got.normalized if got and isinstance(got.normalized, list) else []
            if any(isinstance(p, dict) and _same_party(p, outsider) for p in found):
                result.traps.append(f"{name}: {outsider} reported as a party")
    return result


def run_eval_terms_corpus(args: argparse.Namespace) -> int:
    from contractreview_training.eval_terms import _load_classifier

    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"corpus not found in {corpus}", file=sys.stderr)
        return 2
    clf = None if args.no_model else _load_classifier()
    res = evaluate_corpus(corpus, Path(args.expected), clf)
    print(f"Key terms on the corpus templates ({'with' if clf else 'without'} the clause model)")
    print(f"{'term':<18}{'scored':>8}{'correct':>9}{'exact':>9}")
    for key, sc in res.scores.items():
        print(f"{key:<18}{sc.scored:>8}{sc.correct:>9}{sc.accuracy:>9.1%}")
    total = sum(s.scored for s in res.scores.values())
    right = sum(s.correct for s in res.scores.values())
    print(f"{'all':<18}{total:>8}{right:>9}{(right / total if total else 0):>9.1%}")
    checked = ", ".join(f"{k} {v}" for k, v in sorted(res.checked.items())) or "none"
    print(f"marked check: {sum(res.checked.values())} of {res.extracted} extracted ({checked})")
    print(f"values from citations, examples, notes or tails: {len(res.traps)}")
    for trap in res.traps:
        print(f"  TRAP {trap}")
    if args.verbose:
        for key, sc in res.scores.items():
            for miss in sc.misses:
                print(f"{key} MISS {miss}")
    return 0
