"""NDA checklist time against the analysis time of the same contract, in one run (the ratio is
what to read: the machine is shared and noisy). Budget: an NDA checklist in under 5 s.

    python bench/bench_checklist.py [--data ../shared/data/contract_nli] [--repeat 3]

The contracts: the longest ContractNLI NDA (as text, through the app's segmenter) and the
corpus's Bonterms mutual NDA (DOCX). Checklist times include reading the checklist; the first
run also loads the model file and checks its SHA-256.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from contractreview.analysis.checklist.answer import checklist_result  # noqa: E402
from contractreview.analysis.checklist.nli_model import load_checklist_model  # noqa: E402
from contractreview.analysis.pipeline import run_analysis  # noqa: E402
from contractreview.docx.document import Document, document_from_text  # noqa: E402
from contractreview.docx.reader import read_docx  # noqa: E402

SHARED = REPO.parent / "shared"
BUDGET_S = 5.0


def contracts(data: Path) -> list[tuple[str, Document]]:
    import json

    out: list[tuple[str, Document]] = []
    docs_file = data / "documents.jsonl"
    if docs_file.is_file():
        with docs_file.open(encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        longest = max(rows, key=lambda r: len(r["text"]))
        out.append((f"ContractNLI doc {longest['doc_id']} ({len(longest['text']):,} chars)",
                    document_from_text(longest["text"], path="contract_nli.txt")))  # fmt: skip
    docx = SHARED / "corpus" / "docx" / "open-agreements__bonterms-mutual-nda__template.docx"
    if docx.is_file():
        out.append((docx.name, read_docx(docx)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=SHARED / "data" / "contract_nli")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    found = contracts(args.data)
    if not found:
        print("no NDA found (needs ../shared)", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    model = load_checklist_model("contract_nli")
    print(f"checklist model load + SHA-256 check: {time.perf_counter() - t0:.2f} s")
    worst = 0.0
    for name, doc in found:
        analysis, checklist = [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            checklist_result(doc, "nda", None, model)
            checklist.append(time.perf_counter() - t)
            t = time.perf_counter()
            run_analysis(doc)
            analysis.append(time.perf_counter() - t)
        c, a = statistics.median(checklist), statistics.median(analysis)
        worst = max(worst, c)
        print(f"{name}: checklist {c:.2f} s, analysis {a:.2f} s, ratio {c / a:.2f} "
              f"(medians of {args.repeat})")  # fmt: skip
    print(f"budget {BUDGET_S:.0f} s: {'met' if worst < BUDGET_S else 'MISSED'}")
    return 0 if worst < BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
