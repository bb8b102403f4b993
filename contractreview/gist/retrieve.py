"""Finds the clauses of an analysed contract that a question is about: BM25 over the clause
texts, plus the clause model's label scores (a label whose name shares a word with the
question lifts the segments the model gave that label) and the key terms (a term whose title
shares a word with the question lifts the clause it was read from). No generative model is
needed: ``contractreview ask`` uses this alone when none is installed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from contractreview.analysis.results import AnalysisResult, SegmentResult
from contractreview.analysis.terms.extractor import TERM_LABELS, term_title

_WORD_RE = re.compile(r"[a-z0-9]+")
_STOPWORDS_TEXT = (
    "a an the this that these those of to in on at by for from with and or not no is are was "
    "were be been being do does did can could may might must shall should will would what "
    "which who whom whose when where why how there here it its they them their we our us you "
    "your i me my he she his her any all each every some if then than so as into about under "
    "over agreement contract party parties say says said tell please"
)
STOPWORDS = frozenset(_STOPWORDS_TEXT.split(" "))
# Label ids and term titles share the question's words only after these are made one.
_SYNONYMS = {
    "terminate": "termination", "terminated": "termination", "ends": "termination",
    "end": "termination", "cancel": "termination", "cancellation": "termination",
    "assign": "assignment", "assigned": "assignment", "transfer": "assignment",
    "liable": "liability", "damages": "liability", "law": "law", "governed": "law",
    "governing": "law", "renew": "renewal", "renews": "renewal", "renewed": "renewal",
    "pay": "payment", "paid": "payment", "fees": "payment", "fee": "payment",
    "invoice": "payment", "invoices": "payment", "price": "payment",
    "compete": "compete", "competing": "compete", "solicit": "solicit", "hire": "solicit",
    "confidential": "confidentiality", "secret": "confidentiality", "insured": "insurance",
    "audit": "audit", "warrant": "warranty", "warranties": "warranty", "long": "term",
    "expire": "expiration", "expires": "expiration", "dispute": "arbitration",
    "disputes": "arbitration", "court": "jurisdiction", "courts": "jurisdiction",
}  # fmt: skip
K1, B = 1.2, 0.75
LABEL_WEIGHT = 2.0  # a label-matched segment scores as if it had this much more BM25
TERM_WEIGHT = 2.0
# a question none of whose content words occurs in the contract (BM25 below this) is not
# addressed by it
MIN_SCORE = 1.0


def words(text: str) -> list[str]:
    """Lower-case content words, plurals folded, synonyms made one."""
    out = []
    for w in _WORD_RE.findall(text.lower()):
        if w in STOPWORDS or len(w) < 2:
            continue
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(_SYNONYMS.get(w, w))
    return out


@dataclass(frozen=True)
class Hit:
    """A retrieved segment and why: its score and the parts of it."""

    segment: SegmentResult
    score: float
    lexical: float
    label: float
    term: float


class Retriever:
    """BM25 over the contract's operative segments, lifted by labels and key terms."""

    def __init__(self, result: AnalysisResult) -> None:
        self.result = result
        self.segments = [s for s in result.segments if s.text.strip()]
        self._docs = [Counter(words(f"{s.heading} {s.text}")) for s in self.segments]
        n = len(self._docs)
        self._avg = sum(sum(d.values()) for d in self._docs) / max(1, n)
        df: Counter[str] = Counter()
        for d in self._docs:
            df.update(d.keys())
        self._idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in df.items()}
        self._term_segments = self._terms_by_word()

    def _terms_by_word(self) -> dict[str, set[str]]:
        by_word: dict[str, set[str]] = {}
        for term in self.result.terms:
            title = f"{term_title(term.name)} {TERM_LABELS.get(term.name, '')}"
            cited = {c.segment for c in term.citations if c.segment} | {term.segment}
            for w in set(words(title)):
                by_word.setdefault(w, set()).update(cited)
        return by_word

    def _bm25(self, query: Sequence[str], doc: Counter[str]) -> float:
        length = sum(doc.values())
        score = 0.0
        for w in set(query):
            f = doc.get(w, 0)
            if f:
                norm = f * (K1 + 1) / (f + K1 * (1 - B + B * length / max(self._avg, 1.0)))
                score += self._idf.get(w, 0.0) * norm
        return score

    def search(self, question: str, k: int = 4) -> list[Hit]:
        """The ``k`` best segments for ``question``, best first; empty when none is relevant."""
        query = words(question)
        qset = set(query)
        hits = []
        for seg, doc in zip(self.segments, self._docs, strict=True):
            lexical = self._bm25(query, doc)
            label = max((ls.score for ls in seg.labels if qset & set(words(ls.type))), default=0.0)
            term = 1.0 if any(seg.id in self._term_segments.get(w, ()) for w in qset) else 0.0
            score = lexical + LABEL_WEIGHT * label + TERM_WEIGHT * term
            hits.append(Hit(seg, score, lexical, label, term))
        hits.sort(key=lambda h: -h.score)
        best = [h for h in hits[:k] if h.score > 0]
        if not best or max(h.lexical for h in best) + best[0].label + best[0].term < MIN_SCORE:
            return []
        return best
