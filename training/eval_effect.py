"""``contractreview eval effect-pairs``: does the review judge a clause's effect, not its type?

A pair file (``tests/effect_pairs/<set>/*.yaml``, described in that folder's README) holds
minimal pairs: the same clause with the roles swapped, negated, made mutual, or changed from
convenience to cause; ``adverse`` says, per side, which version is adverse (``a``, ``b``) or that
the pair is not scored for that side (null). ``inert.yaml`` holds texts that are not clauses at
all (headings, drafting notes, unticked options ...).

Each text is put into a small contract built from the file's frame (a title, a preamble naming
both parties with their aliases, a neutral heading, the text) and reviewed by the same pipeline
as the app (the shipped clause model, the default playbook) for each side. A text's level is the
highest level of the findings on its segments. A pair passes for a side when the adverse version
is raised ``medium`` or higher and the benign one at most ``low``; an inert text passes when
nothing on it is above ``info``.

The baseline is a type-only reviewer: the same model and playbook without the effect tables
(what the review did before clause effects were read).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from contractreview.analysis.playbook import Playbook, load_playbook
from contractreview.analysis.results import AnalysisResult, RiskLevel

SETS_DIR = Path(__file__).resolve().parents[1] / "tests" / "effect_pairs"
HEADING = "1. Provisions"
ADVERSE_MIN = RiskLevel.MEDIUM
BENIGN_MAX = RiskLevel.LOW
INERT_MAX = RiskLevel.INFO


@dataclass(frozen=True)
class Frame:
    title: str
    parties: tuple[dict[str, str], ...]

    def contract(self, text: str) -> str:
        names = " and ".join(f'{p["name"]} ("{p["alias"]}")' for p in self.parties)
        return (
            f"{self.title.upper()}\n\nThis {self.title} is made between {names}.\n\n"
            f"{HEADING}\n\n{text}\n"
        )

    @property
    def sides(self) -> list[str]:
        return [p["side"] for p in self.parties]


def load_set(folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(pair files, inert files) of a set folder."""
    pairs: list[dict[str, Any]] = []
    inert: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            continue
        data["_file"] = path.name
        (inert if "texts" in data else pairs).append(data)
    return pairs, inert


class Reviewer:
    """Reviews a text inside its frame at a side, scoring each contract once."""

    def __init__(self, playbooks: dict[str, Playbook]) -> None:
        from contractreview.analysis.classifier import ClauseClassifier

        self.playbooks = playbooks
        self.classifier = ClauseClassifier()
        self._cache: dict[str, Any] = {}

    def levels(self, frame: Frame, text: str, side: str) -> dict[str, RiskLevel]:
        """The text's level at ``side`` under each playbook."""
        from contractreview.analysis.pipeline import combine

        document, segments, model = self._scored(frame.contract(text))
        out = {}
        for name, playbook in self.playbooks.items():
            result = combine(document, segments, model, playbook, side)
            out[name] = text_level(result, text)
        return out

    def _scored(self, contract: str) -> Any:
        from contractreview.analysis.pipeline import ModelOutput
        from contractreview.analysis.segmenter import segment_document
        from contractreview.docx.document import document_from_text

        if contract not in self._cache:
            document = document_from_text(contract)
            segments = segment_document(document)
            clf = self.classifier
            scores = clf.scores([s.model_input() for s in segments])
            self._cache = {
                contract: (
                    document,
                    segments,
                    ModelOutput(scores, clf.label_ids, clf.thresholds, clf.name, clf.sha256),
                )
            }
        return self._cache[contract]


def text_level(result: AnalysisResult, text: str) -> RiskLevel:
    """The highest level of the findings on the segments of ``text`` (the last paragraph)."""
    ids = {s.id for s in result.segments if s.text and s.text in text}
    level = RiskLevel.NONE
    for f in result.findings:
        if ids & set(f.segments) and f.risk.level.rank > level.rank:
            level = f.risk.level
    return level


def type_only(playbook: Playbook) -> Playbook:
    """The playbook without its effect tables: a reviewer that knows only clause types."""
    clauses = tuple(replace(c, effect={}) for c in playbook.clauses)
    return replace(playbook, clauses=clauses, _by_label={})


def evaluate(folder: Path, names: Iterable[str] = ("effect", "type_only")) -> dict[str, Any]:
    playbook = load_playbook()
    books = {"effect": playbook, "type_only": type_only(playbook)}
    reviewer = Reviewer({n: books[n] for n in names})
    pair_files, inert_files = load_set(folder)
    # tallies[playbook][type][side] = [passed, scored]
    tallies: dict[str, dict[str, dict[str, list[int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(lambda: [0, 0]))
    )
    failures: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for data in pair_files:
        frame = Frame(data["frame"]["title"], tuple(data["frame"]["parties"]))
        for pair in data.get("pairs", []):
            for side, which in (pair.get("adverse") or {}).items():
                if which not in ("a", "b"):
                    continue
                adverse, benign = pair[which], pair["b" if which == "a" else "a"]
                la = reviewer.levels(frame, adverse, side)
                lb = reviewer.levels(frame, benign, side)
                for name in la:
                    ok = la[name].rank >= ADVERSE_MIN.rank and lb[name].rank <= BENIGN_MAX.rank
                    t = tallies[name][data["type"]][side]
                    t[0] += ok
                    t[1] += 1
                    if not ok:
                        failures[name].append(
                            {
                                "id": pair.get("id"),
                                "side": side,
                                "adverse": la[name].value,
                                "benign": lb[name].value,
                            }
                        )
    inert: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    inert_fail: dict[str, list[str]] = defaultdict(list)
    for data in inert_files:
        frame = Frame(data["frame"]["title"], tuple(data["frame"]["parties"]))
        for item in data.get("texts", []):
            for side in frame.sides:
                lv = reviewer.levels(frame, item["text"], side)
                for name, level in lv.items():
                    ok = level.rank <= INERT_MAX.rank
                    inert[name][0] += ok
                    inert[name][1] += 1
                    if not ok:
                        inert_fail[name].append(f"{item.get('id')}@{side}:{level.value}")
    return _report(tallies, inert, failures, inert_fail, pair_files)


def _report(
    tallies: Any, inert: Any, failures: Any, inert_fail: Any, pair_files: list[dict[str, Any]]
) -> dict[str, Any]:
    roles = {}
    for data in pair_files:
        for i, p in enumerate(data["frame"]["parties"]):
            # the first party of every frame supplies, the second receives
            roles[p["side"]] = "provider_side" if i == 0 else "receiver_side"
    out: dict[str, Any] = {}
    for name, by_type in tallies.items():
        per_type = {}
        overall: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for rtype, by_side in sorted(by_type.items()):
            row = {}
            for side, (ok, n) in by_side.items():
                row[side] = {"passed": ok, "pairs": n, "accuracy": round(ok / n, 3)}
                overall[roles.get(side, side)][0] += ok
                overall[roles.get(side, side)][1] += n
            per_type[rtype] = row
        out[name] = {
            "per_type": per_type,
            "overall": {
                k: {"passed": ok, "pairs": n, "accuracy": round(ok / n, 3)}
                for k, (ok, n) in sorted(overall.items())
            },
            "inert": {
                "passed": inert[name][0],
                "texts": inert[name][1],
                "precision": round(inert[name][0] / max(1, inert[name][1]), 3),
            },
            "failures": failures[name],
            "inert_failures": inert_fail[name],
        }
    return out


def _print(report: dict[str, Any], out: Any) -> None:
    names = list(report)
    head = "".join(f"{n:>22}" for n in names)
    out.write(f"{'type':32}{'side':14}{head}\n")
    types = sorted({t for n in names for t in report[n]["per_type"]})
    for t in types:
        sides = sorted({s for n in names for s in report[n]["per_type"].get(t, {})})
        for s in sides:
            cells = ""
            for n in names:
                c = report[n]["per_type"].get(t, {}).get(s)
                cells += (
                    f"{c['passed']:>10}/{c['pairs']:<3} {c['accuracy']:>6.1%}" if c else " " * 22
                )
            out.write(f"{t:32}{s:14}{cells}\n")
    for k in sorted({k for n in names for k in report[n]["overall"]}):
        cells = "".join(
            f"{report[n]['overall'][k]['passed']:>10}/{report[n]['overall'][k]['pairs']:<3} "
            f"{report[n]['overall'][k]['accuracy']:>6.1%}"
            for n in names
        )
        out.write(f"{'OVERALL':32}{k:14}{cells}\n")
    cells = "".join(
        f"{report[n]['inert']['passed']:>10}/{report[n]['inert']['texts']:<3} "
        f"{report[n]['inert']['precision']:>6.1%}"
        for n in names
    )
    out.write(f"{'INERT (nothing above info)':46}{cells}\n")


def run_eval_effect_pairs(args: argparse.Namespace) -> int:
    folder = Path(args.set) if Path(args.set).is_dir() else SETS_DIR / args.set
    if not folder.is_dir():
        print(f"No pair set at {folder}", file=sys.stderr)
        return 2
    report = evaluate(folder)
    _print(report, sys.stdout)
    if args.verbose:
        for f in report["effect"]["failures"]:
            print("FAIL", f)
        for f in report["effect"]["inert_failures"]:
            print("INERT", f)
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0
