"""The ``contractreview`` command line. Each sub-command's work lives in the module of its
feature; this file only builds the parser and turns typed errors into clear messages."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from contractreview import __version__
from contractreview.errors import ContractReviewError
from contractreview.offline import enforce_offline_environment

# sub-command -> "module:function"; imported only when that command runs (fast start-up)
_HANDLERS = {
    "parse": "contractreview.parse_cli:run",
    "classify": "contractreview.model_eval:run_classify",
    "eval-cuad": "contractreview.model_eval:run_eval_cuad",
    "eval-unfair-tos": "contractreview.model_eval:run_eval_unfair_tos",
    "eval-cuad-excerpts": "contractreview.excerpt_eval:run_eval_cuad_excerpts",
    "eval-terms": "contractreview.terms_eval:run_eval_terms",
    "analyze": "contractreview.analysis_cli:run",
    "export": "contractreview.export_cli:run",
}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="contractreview",
        description="Review a Word contract on this machine with a local legal language model.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    sp = sub.add_parser("parse", help="read a DOCX and print its blocks and clause segments")
    sp.add_argument("file")
    sp.add_argument("--json", action="store_true", help="print JSON (default: readable text)")
    sp.set_defaults(handler="parse")

    sp = sub.add_parser("classify", help="score texts with the clause model (JSON lines)")
    sp.add_argument("--jsonl", required=True, help='input file of {"text": ...} lines, or -')
    sp.add_argument("--out", default="-", help="output file (default: stdout)")
    sp.set_defaults(handler="classify")

    sp = sub.add_parser("eval", help="evaluate the model or the key-terms extractor")
    esub = sp.add_subparsers(dest="dataset", required=True)
    e = esub.add_parser("cuad", help="CUAD clause detection: AUPR and precision at 80%% recall")
    e.add_argument("--split", default="dev")
    e.add_argument("--data", default="../shared/data/cuad")
    e.add_argument("--baseline", action="store_true", help="also train/report TF-IDF + LR")
    e.add_argument("--limit", type=int, default=0, help="only the first N contracts")
    e.add_argument("--out", default="", help="write the figures as JSON here")
    e.set_defaults(handler="eval-cuad")
    e = esub.add_parser(
        "cuad-excerpts",
        help="CUAD excerpts one at a time, as LegalBench's CUAD tasks: balanced accuracy, AUROC",
    )
    e.add_argument("--split", default="dev")
    e.add_argument("--data", default="../shared/data/cuad")
    e.add_argument("--baseline", action="store_true", help="also train/report TF-IDF + LR")
    e.add_argument("--out", default="", help="write the figures as JSON here")
    e.set_defaults(handler="eval-cuad-excerpts")
    e = esub.add_parser("unfair-tos", help="UNFAIR-ToS: micro/macro-F1 as LexGLUE computes them")
    e.add_argument("--split", default="validation")
    e.add_argument("--data", default="../shared/data/unfair_tos")
    e.add_argument("--baseline", action="store_true", help="also train/report TF-IDF + LR")
    e.add_argument("--out", default="", help="write the figures as JSON here")
    e.set_defaults(handler="eval-unfair-tos")
    e = esub.add_parser("terms", help="key terms against CUAD's normalized answers")
    e.add_argument("--split", default="dev")
    e.add_argument("--data", default="../shared/data/cuad")
    e.add_argument("--limit", type=int, default=0)
    e.add_argument("--no-model", action="store_true", help="rules only, without the clause model")
    e.add_argument("-v", "--verbose", action="store_true", help="also list every miss")
    e.set_defaults(handler="eval-terms")

    sp = sub.add_parser("analyze", help="review a DOCX: risks, missing clauses, key terms")
    sp.add_argument("file")
    sp.add_argument("--playbook", default=None, help="playbook YAML (default: the shipped one)")
    sp.add_argument("--side", default=None, help="the side we act for, e.g. customer or vendor")
    sp.add_argument(
        "--json",
        dest="json_out",
        default=None,
        metavar="OUT",
        help="write the analysis as JSON to OUT (- for stdout)",
    )
    sp.add_argument("--all-scores", action="store_true", help="every label's score per segment")
    sp.set_defaults(handler="analyze")

    sp = sub.add_parser("export", help="export a review: annotated DOCX, memo, CSV/JSON, HTML")
    sp.add_argument("file")
    sp.add_argument(
        "--to", required=True, dest="target", help="output file; its extension picks the format"
    )
    sp.add_argument("--review", default=None, help="review store database (default: user's)")
    sp.add_argument("--playbook", default=None)
    sp.add_argument("--side", default=None)
    sp.add_argument("--reviewer", default=None)
    sp.add_argument("--memo", action="store_true", help="write the review memo (DOCX)")
    sp.set_defaults(handler="export")
    return p


def _resolve(spec: str) -> Callable[[argparse.Namespace], int]:
    module, func = spec.split(":")
    handler: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), func)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    enforce_offline_environment()
    args = build_parser().parse_args(argv)
    try:
        return _resolve(_HANDLERS[args.handler])(args)
    except ContractReviewError as e:
        print(f"contractreview: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("contractreview: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
