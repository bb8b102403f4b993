"""The quality of a generative model folder on CUAD dev data (never the tests' data):

    python -m contractreview_training.eval_generative MODEL_DIR [MODEL_DIR ...]
        [--cuad ../shared/data/cuad] [--gists 40] [--out results.jsonl] [--no-ask]

    # the sample drawn once (the analysis of the contracts is the slow part), then gisted
    python -m contractreview_training.eval_generative --write-sample sample.jsonl
    python -m contractreview_training.eval_generative QWEN SMOLLM2 --sample-file sample.jsonl \
        [--first 0] [--gists 40] --no-ask --out gists.jsonl

1. **Gists**: ``--gists`` clauses of the dev contracts gisted by the app's engine, as the app
   gists them: ``--sample findings`` (default) analyses dev contracts (fixed random order, seed
   0) with the app's pipeline and takes the clauses of their **medium and high findings** (15
   to 250 words, at most two a contract), checked against the clause and the contract's parties
   and defined terms; ``--sample excerpts`` takes CUAD's labelled excerpts instead (25 to 150
   words, one category after another). Reported: the share that passes the verifier
   (``verified`` or ``incomplete``: no fact the clause does not state), and every gist written
   to ``--out`` to be read by a person.
2. **Ask**: the questions of ``ask_dev_questions.json`` (written over four dev contracts, answers
   checked against CUAD's) asked through :class:`contractreview.gist.ask.Asker` on the analysed
   contract text; graded exactly: right when an answer is shown and contains an expected
   string, or "not addressed" where the contract has no such clause; ``cited`` when no answer is
   shown but a cited clause contains the expected string (the reader still finds it).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any, TextIO

from contractreview.analysis.pipeline import Progress, analyze
from contractreview.analysis.results import AnalysisResult, RiskLevel
from contractreview.docx.document import document_from_text
from contractreview.gist.ask import ANSWERED, NO_VERIFIED_ANSWER, NOT_ADDRESSED, Asker
from contractreview.gist.ask import contract_names as names_of
from contractreview.gist.engine import GistEngine
from contractreview.gist.verify import UNSUPPORTED

QUESTIONS = Path(__file__).with_name("ask_dev_questions.json")
SKIPPED_CATEGORIES = {"Document Name", "Parties", "Agreement Date", "Effective Date"}
MIN_WORDS, MAX_WORDS = 25, 150


def sample_clauses(cuad: Path, n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` dev excerpts, one category after another (round robin), in a fixed random order."""
    by_category: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with (cuad / "clauses.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            words = len(row["text"].split())
            if row["split"] != "dev" or row["category"] in SKIPPED_CATEGORIES:
                continue
            if MIN_WORDS <= words <= MAX_WORDS:
                by_category[row["category"]].append(row)
    rng = random.Random(seed)
    pools = [rng.sample(rows, len(rows)) for _cat, rows in sorted(by_category.items())]
    picked: list[dict[str, Any]] = []
    while len(picked) < n and any(pools):
        for pool in pools:
            if pool and len(picked) < n:
                picked.append(pool.pop())
    return picked


FINDING_WORDS = (15, 250)
FINDINGS_PER_CONTRACT = 2


def dev_contracts(cuad: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    with (cuad / "contracts.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["split"] == "dev":
                texts[row["contract_id"]] = row["text"]
    return texts


def sample_findings(cuad: Path, n: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    """``n`` clauses of medium or high findings of dev contracts, as the app flags them: the
    contracts in a fixed random order, at most two findings each (picked at random); yielded as
    each contract is analysed."""
    texts = dev_contracts(cuad)
    rng = random.Random(seed)
    order = rng.sample(sorted(texts), len(texts))
    picked = 0
    for contract_id in order:
        if picked >= n:
            return
        result = _analysed(texts[contract_id], contract_id, all_scores=False)
        flagged = [
            f
            for f in result.findings
            if f.risk.level in (RiskLevel.HIGH, RiskLevel.MEDIUM)
            and FINDING_WORDS[0] <= len(f.quote.split()) <= FINDING_WORDS[1]
        ]
        names = names_of(result)
        for f in rng.sample(flagged, min(FINDINGS_PER_CONTRACT, len(flagged), n - picked)):
            picked += 1
            yield {
                "contract_id": contract_id,
                "category": f"{f.risk.level}: {', '.join(f.types)}",
                "text": f.quote,
                "known_names": names,
            }


def _log(row: dict[str, Any], log: TextIO | None) -> None:
    if log is not None:
        log.write(json.dumps(row, ensure_ascii=False) + "\n")
        log.flush()


def write_sample(path: Path, clauses: Iterable[dict[str, Any]]) -> None:
    """The sample, one clause a line, written as it is drawn (the analysis is the slow part:
    several gist runs can then share one sample)."""
    with path.open("w", encoding="utf-8") as f:
        for c in clauses:
            _log(c, f)


def read_sample(path: Path, first: int, n: int) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return rows[first : first + n]


def eval_gists(
    engines: Sequence[GistEngine],
    clauses: Iterable[dict[str, Any]],
    log: TextIO | None = None,
    *,
    first: int = 0,
) -> list[dict[str, Any]]:
    """Every clause gisted by every engine (the models compared on the same clauses)."""
    rows = []
    for index, c in enumerate(clauses, first):
        for engine in engines:
            rows.append(_gist_row(engine, c, index))
            _log(rows[-1], log)
    return rows


def _gist_row(engine: GistEngine, c: dict[str, Any], index: int) -> dict[str, Any]:
    text = " ".join(c["text"].split())
    t0 = time.perf_counter()
    run = engine.gist_clause(text, known_names=c.get("known_names", ()))
    gist = run.wait()
    return {
        "kind": "gist",
        "model": engine.model_name,
        "index": index,
        "contract_id": c["contract_id"],
        "category": c["category"],
        "clause": text,
        "gist": gist.text,
        "status": gist.status,
        "unsupported": [f.text for f in gist.check.unsupported],
        "omitted": list(gist.check.omitted),
        "seconds": round(time.perf_counter() - t0, 2),
        "first_token_s": round(run.generation.first_token_s or 0.0, 2),
        "tokens": len(run.generation.token_ids),
        "prefilled_tokens": len(run.generation.prompt_ids) - run.generation.reused_tokens,
    }


def _analysed(text: str, contract_id: str, *, all_scores: bool = True) -> AnalysisResult:
    result = None
    for event in analyze(document_from_text(text, title=contract_id), all_scores=all_scores):
        if not isinstance(event, Progress):
            result = event
    assert isinstance(result, AnalysisResult)
    return result


def grade(item: dict[str, Any], status: str, answer: str | None, quotes: list[str]) -> str:
    """``right``, ``cited`` (no answer shown, but the cited clause says it) or ``wrong``."""
    if item.get("not_addressed"):
        return "right" if status == NOT_ADDRESSED else "wrong"
    expected = [e.lower() for e in item["expected"]]
    if status == ANSWERED and answer and any(e in answer.lower() for e in expected):
        return "right"
    cited = " ".join(quotes).lower()
    if status == NO_VERIFIED_ANSWER and any(e in cited for e in expected):
        return "cited"
    return "wrong"


def eval_ask(
    models: Sequence[Any], cuad: Path, contracts: int | None = None, log: TextIO | None = None
) -> list[dict[str, Any]]:
    """Every question asked of every model (each contract analysed once)."""
    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))["contracts"]
    questions = dict(list(questions.items())[:contracts])
    texts = dev_contracts(cuad)
    assert set(questions) <= set(texts), "the ask questions must be on dev contracts"
    rows = []
    for contract_id, items in questions.items():
        result = _analysed(texts[contract_id], contract_id)
        for item, model in ((i, m) for i in items for m in models):
            asker = Asker(result, model, known_names=names_of(result))
            t0 = time.perf_counter()
            answer = asker.ask(item["q"]).wait()
            quotes = [c.quote for c in answer.citations]
            rows.append({
                "kind": "ask",
                "model": model.name,
                "contract_id": contract_id,
                "question": item["q"],
                "expected": item.get("expected") or "not addressed",
                "status": answer.status,
                "answer": answer.text,
                "model_output": answer.raw,
                "citations": [c.ref for c in answer.citations],
                "grade": grade(item, answer.status, answer.text, quotes),
                "seconds": round(time.perf_counter() - t0, 2),
            })  # fmt: skip
            _log(rows[-1], log)
    return rows


def summaries(gists: list[dict[str, Any]], asks: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of each model."""
    names = list(dict.fromkeys(r["model"] for r in [*gists, *asks]))
    return {
        name: summary(
            [g for g in gists if g["model"] == name], [a for a in asks if a["model"] == name]
        )
        for name in names
    }


def summary(gists: list[dict[str, Any]], asks: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if gists:
        n = len(gists)
        passing = sum(g["status"] != UNSUPPORTED for g in gists)
        out["gists"] = {
            "n": n,
            "pass_verifier": passing,
            "verified": sum(g["status"] == "verified" for g in gists),
            "incomplete": sum(g["status"] == "incomplete" for g in gists),
            "unsupported": n - passing,
            "median_seconds": sorted(g["seconds"] for g in gists)[n // 2],
        }
    if asks:
        grades = [a["grade"] for a in asks]
        out["ask"] = {
            "n": len(asks),
            "right": grades.count("right"),
            "cited": grades.count("cited"),
            "wrong": grades.count("wrong"),
            "median_seconds": sorted(a["seconds"] for a in asks)[len(asks) // 2],
        }
    return out


def main(argv: list[str] | None = None) -> None:
    from contractreview.gist.runtime import GenerativeModel

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model_dir", type=Path, nargs="*", help="one or more model folders")
    ap.add_argument("--cuad", type=Path, default=Path("../shared/data/cuad"))
    ap.add_argument("--gists", type=int, default=40)
    ap.add_argument("--sample", choices=("findings", "excerpts"), default="findings")
    ap.add_argument("--max-new-tokens", type=int, default=100)
    ap.add_argument("--no-ask", action="store_true")
    ap.add_argument("--contracts", type=int, help="ask about the first N contracts only")
    ap.add_argument("--out", type=Path, help="every gist and answer, as JSON lines (as it goes)")
    ap.add_argument(
        "--write-sample", type=Path, help="only draw the sample into this file (JSON lines)"
    )
    ap.add_argument("--sample-file", type=Path, help="gist the clauses of a drawn sample")
    ap.add_argument("--first", type=int, default=0, help="start at this clause of the sample")
    args = ap.parse_args(argv)
    if args.write_sample:
        write_sample(args.write_sample, sample_findings(args.cuad, args.gists))
        return
    if not args.model_dir:
        ap.error("name at least one model folder (or --write-sample FILE)")
    engines = [GistEngine(d, max_new_tokens=args.max_new_tokens) for d in args.model_dir]
    for engine in engines:
        engine.load()
    with args.out.open("w", encoding="utf-8") if args.out else nullcontext() as log:
        sample = sample_findings if args.sample == "findings" else sample_clauses
        clauses: Iterable[dict[str, Any]] = sample(args.cuad, args.gists) if args.gists else []
        if args.sample_file:
            clauses = read_sample(args.sample_file, args.first, args.gists)
        gists = eval_gists(engines, clauses, log, first=args.first)
        models: list[GenerativeModel] = [e.model for e in engines]
        asks = [] if args.no_ask else eval_ask(models, args.cuad, args.contracts, log)
    print(json.dumps(summaries(gists, asks), indent=1))


if __name__ == "__main__":
    main()
