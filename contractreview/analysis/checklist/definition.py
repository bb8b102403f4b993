"""A firm's checklist: the questions it asks of every contract of a kind, as YAML.

The shipped one is ``resources/checklists/nda.yaml`` (ContractNLI's 17 hypotheses, with their
ids ``nda-1`` ... ``nda-20``, plus the firm's own questions). Its keys:

``name``, ``contract_types`` (where the GUI runs it unasked), ``sides`` (the first is the
default) and ``model`` (the file in ``models/checklist/`` that answers the model questions);
``questions``: per question id, a ``title``, the ``question`` (the hypothesis the contract
entails, contradicts or does not mention), the firm's ``preferred`` answer per side, the
``level`` when the answer is not the preferred one (one level, or one per side), the
``reason`` and the firm's ``position``. A question with ``cues`` (regular expressions) is
answered by them instead of the model: a segment that matches is the evidence of an
entailment, none means not mentioned.

Every problem is reported with its line: ``ChecklistError("nda.yaml, line 12: preferred
answer 'yes' is not one of entailment, contradiction, not_mentioned")``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from contractreview.analysis.results import RiskLevel
from contractreview.analysis.yaml_nodes import NodeReader, compose_yaml
from contractreview.errors import ChecklistError
from contractreview.paths import resources_dir

ANSWERS = ("entailment", "contradiction", "not_mentioned")
_LEVELS = ", ".join(level.value for level in RiskLevel)
_QUESTION_KEYS = {"title", "question", "preferred", "level", "reason", "position", "cues"}
_TOP_KEYS = {"name", "version", "contract_types", "sides", "model", "questions"}


@dataclass(frozen=True)
class Question:
    id: str
    title: str
    text: str
    preferred: Mapping[str, frozenset[str]]  # side -> the answers the firm is content with
    levels: Mapping[str, RiskLevel]  # side (or "default") -> level when not preferred
    reason: str
    position: str
    cues: tuple[re.Pattern[str], ...] = ()

    def is_preferred(self, answer: str, side: str) -> bool:
        wanted = self.preferred.get(side)
        return wanted is None or answer in wanted

    def level(self, side: str) -> RiskLevel:
        return self.levels.get(side, self.levels.get("default", RiskLevel.MEDIUM))


@dataclass(frozen=True)
class Checklist:
    name: str
    sha256: str
    path: str
    contract_types: tuple[str, ...]
    sides: tuple[str, ...]
    model: str
    questions: tuple[Question, ...]

    def check_side(self, side: str | None) -> str:
        if side is None:
            return self.sides[0]
        if side not in self.sides:
            raise ChecklistError(
                f"The checklist '{self.name}' has no side '{side}' (it has {', '.join(self.sides)})"
            )
        return side


def builtin_checklists() -> dict[str, Path]:
    """The shipped checklists by name (``nda`` -> resources/checklists/nda.yaml)."""
    folder = resources_dir() / "checklists"
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


def load_checklist(name_or_path: str | Path) -> Checklist:
    """A shipped checklist by name (``nda``) or a checklist file by path."""
    builtin = builtin_checklists()
    p = builtin.get(str(name_or_path), Path(name_or_path))
    if not p.is_file() and str(name_or_path) not in builtin and p.suffix == "":
        known = ", ".join(builtin) or "none"
        raise ChecklistError(f"There is no checklist '{name_or_path}' (shipped: {known})")
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise ChecklistError(f"The checklist {p} cannot be read: {e.strerror or e}") from e
    return parse_checklist(raw, source=p.name, path=str(p))


class _Reader(NodeReader):
    """YAML nodes to a checklist's values, naming the file and line of every problem."""

    error = ChecklistError

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            raise self.fail(node, f"{what} must be a non-empty text")
        return " ".join(str(node.value).split())

    def texts(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode):
            return (self.text(node, what),)
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            raise self.fail(node, f"{what} must be a non-empty list")
        return tuple(self.text(item, what) for item in node.value)

    def need(self, fields: dict[str, yaml.Node], key: str, node: yaml.Node, what: str) -> yaml.Node:
        if key not in fields:
            raise self.fail(node, f"{what} has no '{key}'")
        return fields[key]


def parse_checklist(raw: bytes | str, *, source: str = "checklist", path: str = "") -> Checklist:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    # libyaml's loader where PyYAML has it: 10x faster, the same nodes and line marks
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root = compose_yaml(data, source, "checklist", ChecklistError, loader)
    r = _Reader(source)
    top = r.mapping(root, "the checklist", _TOP_KEYS)
    sides = r.texts(r.need(top, "sides", root, "The checklist"), "sides")
    qnode = r.need(top, "questions", root, "The checklist")
    questions = tuple(
        _question(r, key, node, sides) for key, node in r.mapping(qnode, "questions").items()
    )
    if not questions:
        raise r.fail(qnode, "the checklist has no questions")
    return Checklist(
        name=r.text(r.need(top, "name", root, "The checklist"), "name"),
        sha256=hashlib.sha256(data).hexdigest(),
        path=path,
        contract_types=r.texts(top["contract_types"], "contract_types")
        if "contract_types" in top
        else (),
        sides=sides,
        model=r.text(top["model"], "model") if "model" in top else "",
        questions=questions,
    )


def _question(r: _Reader, key: str, node: yaml.Node, sides: tuple[str, ...]) -> Question:
    what = f"question '{key}'"
    fields = r.mapping(node, what, _QUESTION_KEYS)
    return Question(
        id=key,
        title=r.text(r.need(fields, "title", node, what.capitalize()), f"{what}: title"),
        text=r.text(r.need(fields, "question", node, what.capitalize()), f"{what}: question"),
        preferred=_preferred(r, fields.get("preferred"), what, sides),
        levels=_levels(r, fields.get("level"), what, sides),
        reason=r.text(fields["reason"], f"{what}: reason") if "reason" in fields else "",
        position=r.text(fields["position"], f"{what}: position") if "position" in fields else "",
        cues=_cues(r, fields["cues"], what) if "cues" in fields else (),
    )


def _answers(r: _Reader, node: yaml.Node, what: str) -> frozenset[str]:
    out = set()
    for value in r.texts(node, what):
        if value not in ANSWERS:
            raise r.fail(node, f"{what}: answer '{value}' is not one of {', '.join(ANSWERS)}")
        out.add(value)
    return frozenset(out)


def _preferred(
    r: _Reader, node: yaml.Node | None, what: str, sides: tuple[str, ...]
) -> dict[str, frozenset[str]]:
    if node is None:
        return {}
    out = {}
    for side, value in r.mapping(node, f"{what}: preferred").items():
        if side not in sides:
            raise r.fail(value, f"{what}: preferred names '{side}', not a side of this "
                         f"checklist ({', '.join(sides)})")  # fmt: skip
        out[side] = _answers(r, value, f"{what}: preferred answer for {side}")
    return out


def _levels(
    r: _Reader, node: yaml.Node | None, what: str, sides: tuple[str, ...]
) -> dict[str, RiskLevel]:
    if node is None:
        return {}
    items = (
        {"default": node}
        if isinstance(node, yaml.ScalarNode)
        else r.mapping(node, f"{what}: level", {*sides, "default"})
    )
    out = {}
    for side, value in items.items():
        level = r.text(value, f"{what}: level").lower()
        try:
            out[side] = RiskLevel(level)
        except ValueError:
            raise r.fail(value, f"{what}: level '{level}' is not one of {_LEVELS}") from None
    return out


def _cues(r: _Reader, node: yaml.Node, what: str) -> tuple[re.Pattern[str], ...]:
    out = []
    for item in node.value if isinstance(node, yaml.SequenceNode) else [node]:
        pattern = r.text(item, f"{what}: cue")
        try:
            out.append(re.compile(pattern, re.IGNORECASE))
        except re.error as e:
            raise r.fail(item, f"{what}: cue '{pattern}' is not a valid pattern ({e})") from None
    return tuple(out)
