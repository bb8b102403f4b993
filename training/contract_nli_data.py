"""ContractNLI (Koreeda & Manning 2021) as ``../shared/data/contract_nli`` holds it: the NDAs
with their spans, and per hypothesis the label and the evidence spans."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

LABELS = ("entailment", "contradiction", "not_mentioned")
_LABEL_OF = {"Entailment": 0, "Contradiction": 1, "NotMentioned": 2}


@dataclass
class NliDocument:
    doc_id: int
    text: str
    spans: list[tuple[int, int]]
    labels: dict[str, int] = field(default_factory=dict)  # hypothesis id -> index in LABELS
    evidence: dict[str, set[int]] = field(default_factory=dict)  # hypothesis id -> span idx

    @property
    def span_texts(self) -> list[str]:
        return [self.text[a:b] for a, b in self.spans]


@dataclass(frozen=True)
class Hypothesis:
    id: str
    title: str
    text: str


def hypothesis_order(hid: str) -> int:
    return int(hid.rsplit("-", 1)[1])


def load_contract_nli(data: Path) -> tuple[list[NliDocument], list[Hypothesis]]:
    """Documents in file order and the hypotheses by number (nda-1 ... nda-20)."""
    docs: dict[int, NliDocument] = {}
    with (data / "documents.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            spans = [(int(a), int(b)) for a, b in row["spans"]]
            docs[row["doc_id"]] = NliDocument(row["doc_id"], row["text"], spans)
    hyps: dict[str, Hypothesis] = {}
    with (data / "nli_pairs.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            hid = row["hypothesis_id"]
            hyps[hid] = Hypothesis(hid, row["short_description"], row["hypothesis"])
            doc = docs[row["doc_id"]]
            doc.labels[hid] = _LABEL_OF[row["label"]]
            doc.evidence[hid] = {int(i) for i in row["evidence_span_idx"]}
    return list(docs.values()), sorted(hyps.values(), key=lambda h: hypothesis_order(h.id))
