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
    "parse": "contractreview.cli.parse:run",
    "classify": "contractreview.cli.classify:run",
    "analyze": "contractreview.cli.analyze:run",
    "export": "contractreview.cli.export:run",
    "edits": "contractreview.cli.edits:run",
}


def build_parser(*, plugins: bool = True) -> argparse.ArgumentParser:
    """The parser; ``plugins``: also the commands other packages add (found by entry point)."""
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

    if plugins:
        _add_plugin_commands(sub)

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

    sp = sub.add_parser("edits", help="the suggested edits of a review: before and after")
    sp.add_argument("file")
    sp.add_argument("--playbook", default=None, help="playbook YAML (default: the shipped one)")
    sp.add_argument("--side", default=None, help="the side we act for, e.g. customer or vendor")
    sp.add_argument("--json", action="store_true", help="print the edits as JSON")
    sp.set_defaults(handler="edits")

    sp = sub.add_parser(
        "export",
        help="export a review: annotated DOCX, tracked changes, clean draft, memo, CSV/JSON, HTML",
    )
    sp.add_argument("file")
    sp.add_argument(
        "--to",
        "-o",
        required=True,
        dest="target",
        help="output file; its extension picks the format unless --format names one",
    )
    sp.add_argument(
        "--format",
        default=None,
        dest="format_key",
        help="the format: annotated-docx, tracked-docx, clean-draft, memo, csv, json, html",
    )
    sp.add_argument(
        "--accept",
        default=None,
        help="the suggested edits to apply (tracked-docx, clean-draft): all, or ids separated "
        "by commas (see `contractreview edits FILE`)",
    )
    sp.add_argument("--review", default=None, help="review store database (default: user's)")
    sp.add_argument("--playbook", default=None)
    sp.add_argument("--side", default=None)
    sp.add_argument("--reviewer", default=None)
    sp.add_argument("--memo", action="store_true", help="write the review memo (DOCX)")
    sp.set_defaults(handler="export")
    return p


# Commands that tools for building the app add (``contractreview eval ...`` from the training
# package): found by entry point, so the runtime never imports them and the installed app,
# which lacks them, simply does not offer them.
PLUGIN_GROUP = "contractreview.commands"


def _add_plugin_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from importlib.metadata import entry_points

    for ep in entry_points(group=PLUGIN_GROUP):
        try:
            register = ep.load()
        except ImportError:  # a plugin whose own dependencies are absent is not offered
            continue
        register(sub)


def _resolve(spec: str) -> Callable[[argparse.Namespace], int]:
    module, func = spec.split(":")
    handler: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), func)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    enforce_offline_environment()
    words = list(sys.argv[1:] if argv is None else argv)
    # scanning the installed packages' entry points costs ~60 ms: only when the command is not
    # one of ours (or there is none, or help is asked for)
    builtin = bool(words) and words[0] in _HANDLERS
    args = build_parser(plugins=not builtin).parse_args(words)
    try:
        return _resolve(_HANDLERS.get(args.handler, args.handler))(args)
    except ContractReviewError as e:
        from contractreview.cli.terminal import escape_controls

        print(f"contractreview: {escape_controls(str(e))}", file=sys.stderr)  # names a file
        return 2
    except KeyboardInterrupt:
        print("contractreview: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
