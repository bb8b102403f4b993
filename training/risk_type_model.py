# ruff: noqa: E501 -- the heading patterns are data: one type a line
"""Train the risk-type detector the effect reader asks when its topic cues are silent.

``python -m contractreview_training.risk_type_model`` (or ``contractreview eval risk-types``)
builds ``models/risk_types.npz`` and its manifest from weak labels, LEDGAR-style:

- every CUAD contract (``../shared/data/cuad/contracts.jsonl``) is segmented with the app's own
  segmenter; a segment is labelled with the risk types its section heading names (the last
  part of its heading path, or a run-in heading such as "12.3 Assignment." at its start, which
  is cut from the text the model reads). Only confident heading patterns label
  (:data:`HEADINGS`); a segment under a plain section heading that names none of them is a
  negative, one under no readable heading (a page header, "Miscellaneous") a negative of lower
  weight;
- a segment that is (part of) a CUAD excerpt of a category listed in :data:`CUAD_TYPES` is a
  positive for that type, whatever its heading;
- UNFAIR-ToS training sentences add plain-English terms of service (:data:`UNFAIR_TYPES`);
  sentences without a label are negatives.

The model is TF-IDF over word unigrams and bigrams (sublinear tf, the runtime's tokenizer:
:func:`contractreview.analysis.effect.type_model.ngrams`) with one logistic regression per type.
Each type's threshold is the one with the best F1 on out-of-fold predictions over the training
contracts (3 folds by contract); precision and recall are then reported on CUAD's dev contracts
against their heading and CUAD labels. The pair sets are never used here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

# the playbook's clause rules the detector serves (the effect reader's risk types)
TYPES: tuple[str, ...] = (
    "assignment", "audit_rights", "change_of_control", "confidentiality", "data_use",
    "deemed_acceptance", "dispute_waiver", "exclusivity", "indemnity", "ip_assignment",
    "liability_cap", "most_favored_nation", "non_compete", "non_solicit", "prepayment",
    "price_change", "renewal", "suspension", "termination_for_convenience",
    "third_party_beneficiary", "unilateral_change", "warranty_disclaimer",
)  # fmt: skip


def _h(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# a section heading -> the risk types it names (confident patterns only)
HEADINGS: dict[str, re.Pattern[str]] = {
    "liability_cap": _h(r"limitations?\s+(?:of|on)\s+(?:liabilit|damages|remed)|limited\s+liability|"
                        r"liability\s+(?:cap|limit)|exclusions?\s+of\s+(?:certain\s+)?(?:damages|liabilit)|"
                        r"consequential\s+damages|^liability$|disclaimer\s+of\s+damages"),
    "indemnity": _h(r"indemn|hold\s+harmless"),
    "confidentiality": _h(r"confidential|non-?disclosure|proprietary\s+information|secrecy"),
    "warranty_disclaimer": _h(r"warrant(?:y|ies)|disclaimer(?!\s+of\s+damages)"),
    "dispute_waiver": _h(r"\bjury\b|class\s+action|arbitration|dispute\s+resolution|resolution\s+of\s+disputes"
                         r"|^disputes$|waiver\s+of\s+(?:jury|trial)|attorneys?['\u2019]?\s+fees|limitation\s+of\s+actions"),
    "termination_for_convenience": _h(r"^(?!.*\b(?:effects?|consequences?|upon|after|following|survival|post)\b)"
                                      r".*\bterminat(?!ion\s+(?:fee|payment|assistance))"),
    "renewal": _h(r"renewal|^term$|^term\s+of\b|^duration|extension\s+of\s+(?:the\s+)?term|^initial\s+term"),
    "assignment": _h(r"^(?!.*\b(?:intellectual|invention|patent|copyright|work|license)).*"
                     r"(?:assign|novation|subcontract|successors)"),
    "change_of_control": _h(r"change\s+(?:of|in)\s+control|\bmerger\b"),
    "audit_rights": _h(r"audit|inspection(?!\s+and\s+acceptance)|books\s+and\s+records|^records\b"),
    "exclusivity": _h(r"(?<!non-)(?<!non)exclusiv"),
    "ip_assignment": _h(r"intellectual\s+property|ownership|proprietary\s+rights|inventions|"
                        r"works?\s+(?:made\s+)?for\s+hire|title\s+to|^patents?\b|copyright"),
    "most_favored_nation": _h(r"most\s+favou?red|\bmfn\b|favou?rable\s+(?:terms|pricing)|price\s+protection"),
    "non_compete": _h(r"non-?compet|\bcompeti|restrictive\s+covenant|not\s+to\s+compete"),
    "non_solicit": _h(r"solicit|no[\s-]hire|hiring\s+of|employment\s+of\s+(?:personnel|employees)"),
    "prepayment": _h(r"refund|prepay|advance\s+payment|payment\s+terms|^payments?$|^fees$|"
                     r"fees\s+and\s+payment|payment\s+of\s+fees|invoic"),
    "price_change": _h(r"price\s+(?:adjustment|change|increase|revision)s?|pricing|^prices$|"
                       r"adjustment\s+of\s+(?:fees|prices)|fee\s+(?:changes|increases)"),
    "suspension": _h(r"suspen"),
    "third_party_beneficiary": _h(r"third[\s-]part(?:y|ies)\s+(?:beneficiar|rights)|no\s+third[\s-]part|"
                                  r"rights\s+of\s+third\s+parties|beneficiar"),
    "unilateral_change": _h(r"amendment|modification|variation|changes\s+to\s+(?:the\s+|this\s+)?"
                            r"(?:agreement|terms|services|specifications)"),
    "deemed_acceptance": _h(r"acceptance|rejection"),
    "data_use": _h(r"\bdata\b|privacy|personal\s+information|customer\s+information|use\s+of\s+information"),
}  # fmt: skip
# headings whose body is a mix of everything: no negative label from them
MIXED_HEADING = _h(r"miscellaneous|general|other\s+provisions|^provisions$|boilerplate")
# a plain section heading: a few words, mostly letters (not a page header or a table row)
_PLAIN_HEADING = re.compile(r"^[A-Za-z][A-Za-z'\u2019,;:&/()\- ]{2,60}$")
_NUMBERING = re.compile(
    r"^\W*(?:(?:article|section|clause|schedule|exhibit|part)\s+)?"
    r"(?:(?:\d+|[IVXLivxl]+\b|[A-Za-z](?=[.)]))(?:[.\-]\d+)*[.):\-\s]*)?",
    re.I,
)
# a run-in heading at the start of a segment: "12.3 Assignment. Neither party ..."
_RUN_IN = re.compile(
    r"^\W*(?:(?:article|section|clause)\s+)?(?:[\dIVXivx]+(?:\.\d+)*\.?\s+|\([a-z0-9]{1,3}\)\s+)?"
    r"(?P<head>[A-Z][A-Za-z'\u2019,&/\- ]{2,60}?)(?:\s*[.:]\s+|\s+[-\u2013\u2014]\s+)(?=\S)"
)

CUAD_TYPES: dict[str, tuple[str, ...]] = {
    "Cap on Liability": ("liability_cap",),
    "Uncapped Liability": ("liability_cap",),
    "Termination for Convenience": ("termination_for_convenience",),
    "Renewal Term": ("renewal",),
    "Notice Period to Terminate Renewal": ("renewal",),
    "Change of Control": ("change_of_control",),
    "Anti-Assignment": ("assignment",),
    "Audit Rights": ("audit_rights",),
    "Exclusivity": ("exclusivity",),
    "IP Ownership Assignment": ("ip_assignment",),
    "Joint IP Ownership": ("ip_assignment",),
    "Most Favored Nation": ("most_favored_nation",),
    "Non-Compete": ("non_compete",),
    "Competitive Restriction Exception": ("non_compete",),
    "No-Solicit of Employees": ("non_solicit",),
    "No-Solicit of Customers": ("non_solicit",),
    "Third Party Beneficiary": ("third_party_beneficiary",),
    "Warranty Duration": ("warranty_disclaimer",),
    "Price Restrictions": ("price_change",),
}
UNFAIR_TYPES: dict[str, tuple[str, ...]] = {
    "Limitation of liability": ("liability_cap",),
    "Unilateral termination": ("termination_for_convenience",),
    "Unilateral change": ("unilateral_change",),
    "Arbitration": ("dispute_waiver",),
    "Contract by using": ("deemed_acceptance",),
}
_SUSPEND = re.compile(r"\bsuspen", re.I)
LOW_WEIGHT = 0.3  # a negative under no readable heading: its clause may well be one of ours
MIN_WORDS = 6


@dataclass
class Example:
    text: str
    types: set[str] = field(default_factory=set)
    weight: float = 1.0
    group: str = ""  # the contract (folds never split one)
    confident_negative: bool = True  # counted as a negative in the dev report


def heading_types(heading: str) -> set[str]:
    """The risk types a section heading names (after its numbering)."""
    h = _NUMBERING.sub("", heading.strip()).strip(" .:-").lower()
    return {t for t, pat in HEADINGS.items() if pat.search(h)}


def split_run_in(text: str) -> tuple[str, str]:
    """(run-in heading, the rest) of a segment, or ("", text) when it has none. A run-in
    heading is short and title-cased ("Limitation of Liability."), not the start of a
    sentence."""
    m = _RUN_IN.match(text)
    if m is None:
        return "", text
    head = m.group("head").strip()
    words = head.split()
    if len(words) > 8 or not all(w[0].isupper() or len(w) <= 3 for w in words):
        return "", text
    return head, text[m.end() :]


def _norm(s: str) -> str:
    return " ".join(s.split()).lower()


def cuad_examples(data: Path, split: str, limit: int = 0) -> Iterator[Example]:
    """The segments of the CUAD contracts of ``split``, weakly labelled."""
    from contractreview.analysis.segmenter import segment_document
    from contractreview.docx.document import document_from_text

    excerpts: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    with (data / "clauses.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            types = CUAD_TYPES.get(row["category"])
            if types and row["split"] == split:
                excerpts.setdefault(row["contract_id"], []).append((_norm(row["text"]), types))
    n = 0
    with (data / "contracts.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["split"] != split:
                continue
            n += 1
            if limit and n > limit:
                return
            segments = segment_document(document_from_text(row["text"]))
            marks = excerpts.get(row["contract_id"], [])
            for seg in segments:
                if seg.is_heading:
                    continue
                ex = label_segment(seg.heading.rsplit(" > ", 1)[-1], seg.text, marks)
                if ex is not None:
                    ex.group = row["contract_id"]
                    yield ex


def label_segment(
    heading: str, text: str, marks: Sequence[tuple[str, tuple[str, ...]]] = ()
) -> Example | None:
    """One segment's example: its text without a run-in heading, the types its heading or a
    CUAD excerpt gives it; None for a segment too short to be a clause."""
    run_in, body = split_run_in(text)
    if len(body.split()) < MIN_WORDS:
        return None
    types = heading_types(run_in) if run_in else set()
    plain = bool(run_in)
    if not types and heading:
        types = heading_types(heading)
        plain = bool(_PLAIN_HEADING.match(heading.strip())) and not MIXED_HEADING.search(heading)
    norm = _norm(body)
    for excerpt, ts in marks:
        if (len(norm) >= 25 and norm in excerpt) or (len(excerpt) >= 40 and excerpt in norm):
            types.update(ts)
    sure = bool(types) or plain
    return Example(body, types, 1.0 if sure else LOW_WEIGHT, "", sure)


def unfair_examples(data: Path, split: str) -> Iterator[Example]:
    with (data / "sentences.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["split"] != split or len(row["text"].split()) < MIN_WORDS:
                continue
            types: set[str] = set()
            for label in row["labels"]:
                types.update(UNFAIR_TYPES.get(label, ()))
            if "Unilateral termination" in row["labels"] and _SUSPEND.search(row["text"]):
                types.add("suspension")
            yield Example(row["text"], types, 1.0, f"tos:{row['company']}")


def matrix(examples: Sequence[Example]) -> np.ndarray:
    y = np.zeros((len(examples), len(TYPES)), dtype=np.int8)
    col = {t: j for j, t in enumerate(TYPES)}
    for i, ex in enumerate(examples):
        for t in ex.types:
            y[i, col[t]] = 1
    return y


@dataclass
class Trained:
    vocab: list[str]
    idf: np.ndarray
    coef: np.ndarray  # (n_features, n_types)
    intercept: np.ndarray
    thresholds: np.ndarray
    top: np.ndarray  # the lower thresholds for a clause's best-scoring type


def fit(
    examples: Sequence[Example], *, max_features: int = 60000, min_df: int = 3, c: float = 1.0
) -> tuple[Any, np.ndarray, np.ndarray]:
    """(vectorizer, coefficients (n_features x n_types), intercepts) on ``examples``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from contractreview.analysis.effect.type_model import ngrams

    vec = TfidfVectorizer(analyzer=ngrams, sublinear_tf=True, min_df=min_df,
                          max_features=max_features, dtype=np.float32)  # fmt: skip
    x = vec.fit_transform([e.text for e in examples])
    y = matrix(examples)
    w = np.array([e.weight for e in examples])
    coef = np.zeros((x.shape[1], len(TYPES)), dtype=np.float32)
    intercept = np.full(len(TYPES), -10.0, dtype=np.float32)
    for j in range(len(TYPES)):
        if y[:, j].sum() < 2:
            continue  # no positives: the type never fires
        lr = LogisticRegression(
            C=c, solver="liblinear", max_iter=200, class_weight="balanced", random_state=0
        )
        lr.fit(x, y[:, j], sample_weight=w)
        coef[:, j] = lr.coef_[0]
        intercept[j] = lr.intercept_[0]
    return vec, coef, intercept


def predict(vec: Any, coef: np.ndarray, intercept: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    x = vec.transform(texts)
    z = np.asarray(x @ coef) + intercept
    out: np.ndarray = 1.0 / (1.0 + np.exp(-z))
    return out


def best_thresholds(scores: np.ndarray, y: np.ndarray, floor: float = 0.3) -> np.ndarray:
    """Per type, the threshold with the best F1 (not below ``floor``)."""
    out = np.full(scores.shape[1], 0.5, dtype=np.float32)
    for j in range(scores.shape[1]):
        pos = int(y[:, j].sum())
        if pos == 0:
            continue
        order = np.argsort(-scores[:, j])
        s, hits = scores[order, j], y[order, j]
        tp = np.cumsum(hits)
        k = np.arange(1, len(s) + 1)
        f1 = 2 * tp / (k + pos)
        f1[s < floor] = -1
        best = int(np.argmax(f1))
        out[j] = max(floor, float(s[best]))
    return out


def top_thresholds(
    scores: np.ndarray, y: np.ndarray, thresholds: np.ndarray, precision: float = 0.5,
    floor: float = 0.2,
) -> np.ndarray:  # fmt: skip
    """Per type, the lower threshold that applies where the type is the clause's best-scoring
    one: the lowest score at which those best-scoring examples still reach ``precision`` (never
    above the type's own threshold, never below ``floor``)."""
    best = scores.argmax(axis=1)
    out = thresholds.astype(np.float32).copy()
    for j in range(scores.shape[1]):
        idx = np.flatnonzero(best == j)
        if not len(idx):
            continue
        order = idx[np.argsort(-scores[idx, j])]
        prec = np.cumsum(y[order, j]) / np.arange(1, len(order) + 1)
        ok = np.flatnonzero(prec >= precision)
        if len(ok):
            out[j] = min(out[j], max(floor, float(scores[order[ok[-1]], j])))
    return out


def out_of_fold(examples: Sequence[Example], folds: int = 3, **kw: Any) -> np.ndarray:
    """Scores of each example from a model trained without its contract's fold."""
    groups = sorted({e.group for e in examples})
    fold_of = {g: i % folds for i, g in enumerate(groups)}
    scores = np.zeros((len(examples), len(TYPES)), dtype=np.float32)
    for k in range(folds):
        train = [e for e in examples if fold_of[e.group] != k]
        test_idx = [i for i, e in enumerate(examples) if fold_of[e.group] == k]
        vec, coef, b = fit(train, **kw)
        scores[test_idx] = predict(vec, coef, b, [examples[i].text for i in test_idx])
    return scores


def fires(scores: np.ndarray, thresholds: np.ndarray, top: np.ndarray) -> np.ndarray:
    """(examples x types) booleans: the runtime's rule (its own threshold, or the lower one for
    the best-scoring type)."""
    best = scores.argmax(axis=1)[:, None] == np.arange(scores.shape[1])[None, :]
    out: np.ndarray = (scores >= thresholds) | (best & (scores >= top))
    return out


def report(
    scores: np.ndarray, examples: Sequence[Example], thresholds: np.ndarray, top: np.ndarray
) -> dict[str, Any]:
    """Per type: precision, recall, positives, against the weak labels (confident only)."""
    from sklearn.metrics import average_precision_score

    keep = [i for i, e in enumerate(examples) if e.types or e.confident_negative]
    y = matrix([examples[i] for i in keep])
    s = scores[keep]
    hits = fires(s, thresholds, top)
    out: dict[str, Any] = {}
    for j, t in enumerate(TYPES):
        pred = hits[:, j]
        tp = int((pred & (y[:, j] == 1)).sum())
        pos, fired = int(y[:, j].sum()), int(pred.sum())
        out[t] = {
            "positives": pos,
            "precision": round(tp / fired, 3) if fired else None,
            "recall": round(tp / pos, 3) if pos else None,
            "aupr": round(float(average_precision_score(y[:, j], s[:, j])), 3) if pos else None,
            "threshold": round(float(thresholds[j]), 3),
            "top_threshold": round(float(top[j]), 3),
        }
    return out


def export(trained: Trained, directory: Path) -> Path:
    """Write the model file and its manifest into ``directory``."""
    from contractreview.analysis.effect.type_model import FORMAT, MODEL_FILE, write_manifest

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL_FILE
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(
        tmp,
        format=np.array(FORMAT),
        types=np.array(TYPES),
        vocab=np.array("\n".join(trained.vocab)),
        idf=trained.idf.astype(np.float16),
        coef=trained.coef.astype(np.float16),
        intercept=trained.intercept.astype(np.float32),
        thresholds=trained.thresholds.astype(np.float32),
        top_thresholds=trained.top.astype(np.float32),
    )
    tmp.replace(path)
    path.chmod(0o644)
    write_manifest(directory)
    return path


def prune(
    vec: Any, coef: np.ndarray, keep: float = 1e-3
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The vocabulary, idf and coefficients without the features no type uses."""
    vocab = vec.get_feature_names_out()
    used = np.abs(coef).max(axis=1) >= keep
    return [str(w) for w in vocab[used]], vec.idf_[used].astype(np.float32), coef[used]


def train(
    train_set: Sequence[Example], dev_set: Sequence[Example], out_dir: Path | None, *,
    folds: int = 3, log: Any = print, scores_to: Path | None = None, **kw: Any,
) -> dict[str, Any]:  # fmt: skip
    """Thresholds from out-of-fold scores, the final model on all of ``train_set``, its
    figures on ``dev_set``; the model is written to ``out_dir`` (unless None)."""
    t0 = time.perf_counter()
    y = matrix(train_set)
    oof = out_of_fold(train_set, folds, **kw)
    thresholds = best_thresholds(oof, y)
    top = top_thresholds(oof, y, thresholds)
    log(f"out-of-fold scores in {time.perf_counter() - t0:.0f} s")
    vec, coef, b = fit(train_set, **kw)
    vocab, idf, coef = prune(vec, coef)
    trained = Trained(vocab, idf, coef, b, thresholds, top)
    figures: dict[str, Any] = {"train_examples": len(train_set), "features": len(vocab)}
    if dev_set:
        dev_scores = _runtime_scores(trained, [e.text for e in dev_set])
        figures["dev"] = report(dev_scores, dev_set, thresholds, top)
        figures["dev_examples"] = len(dev_set)
        if scores_to is not None:  # for choosing a threshold policy offline
            np.savez_compressed(scores_to, oof=oof, y=y, dev=dev_scores, dev_y=matrix(dev_set),
                                dev_sure=np.array([bool(e.types) or e.confident_negative
                                                   for e in dev_set]))  # fmt: skip
    if out_dir is not None:
        figures["file"] = str(export(trained, out_dir))
    return figures


def _runtime_scores(trained: Trained, texts: Iterable[str]) -> np.ndarray:
    """Scores as the app computes them (float16 weights, the runtime's own arithmetic)."""
    from contractreview.analysis.effect.type_model import TypeModel

    model = TypeModel(
        TYPES, {w: i for i, w in enumerate(trained.vocab)},
        trained.idf.astype(np.float16).astype(np.float32),
        trained.coef.astype(np.float16).astype(np.float32), trained.intercept,
        trained.thresholds, trained.top, "",
    )  # fmt: skip
    return np.stack([model.scores(t) for t in texts])


def build_sets(cuad: Path, unfair: Path, limit: int = 0) -> tuple[list[Example], list[Example]]:
    train_set = list(cuad_examples(cuad, "train", limit)) + list(unfair_examples(unfair, "train"))
    dev_set = list(cuad_examples(cuad, "dev", limit))
    return train_set, dev_set


def print_figures(figures: dict[str, Any], out: Any = sys.stdout) -> None:
    out.write(f"train examples {figures['train_examples']}, features {figures['features']}\n")
    if "dev" not in figures:
        return
    out.write(f"CUAD dev ({figures['dev_examples']} segments), against heading/CUAD labels:\n")
    out.write(f"{'type':30}{'pos':>6}{'P':>8}{'R':>8}{'AUPR':>8}{'thr':>7}{'top':>7}\n")
    for t, r in figures["dev"].items():
        p = "-" if r["precision"] is None else f"{r['precision']:.3f}"
        rc = "-" if r["recall"] is None else f"{r['recall']:.3f}"
        ap = "-" if r["aupr"] is None else f"{r['aupr']:.3f}"
        out.write(
            f"{t:30}{r['positives']:>6}{p:>8}{rc:>8}{ap:>8}{r['threshold']:>7.3f}"
            f"{r['top_threshold']:>7.3f}\n"
        )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m contractreview_training.risk_type_model")
    ap.add_argument("--cuad", default="../shared/data/cuad")
    ap.add_argument("--unfair", default="../shared/data/unfair_tos")
    ap.add_argument("--out", default="models", help="folder for risk_types.npz and its manifest")
    ap.add_argument("--no-write", action="store_true", help="report only; write no model")
    ap.add_argument("--limit", type=int, default=0, help="only the first N contracts per split")
    ap.add_argument("--figures", default="", help="write the figures as JSON here")
    args = ap.parse_args(argv)
    return run(args)


def run(args: argparse.Namespace) -> int:
    cuad, unfair = Path(args.cuad), Path(args.unfair)
    if not (cuad / "contracts.jsonl").is_file() or not (unfair / "sentences.jsonl").is_file():
        print(f"No training data at {cuad} / {unfair}", file=sys.stderr)
        return 2
    train_set, dev_set = build_sets(cuad, unfair, args.limit)
    scores_to = Path(args.figures).with_suffix(".scores.npz") if args.figures else None
    figures = train(train_set, dev_set, None if args.no_write else Path(args.out),
                    scores_to=scores_to)  # fmt: skip
    print_figures(figures)
    if args.figures:
        Path(args.figures).write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
