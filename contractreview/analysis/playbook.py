"""A firm's playbook: what each kind of clause means for the side we act for.

The playbook is a YAML file a firm can copy and edit (the shipped one is
``resources/playbooks/default.yaml``, commented). Its sections:

``sides``
    every side a user can act for, and the role it plays: ``customer: {role: buyer}``. A
    level can be written for a side or for a role.
``families``
    per contract type (``nda``, ``license`` ... or ``default``), the sides offered, the
    first being the default.
``clauses``
    per clause type: the model labels it covers, the ``level`` per side or role (``default``
    for the rest), a one-line ``reason``, what to ``check`` and the firm's ``position``. An
    ``effect`` table makes the level and the reason depend on what the clause does to the side
    we act for (see :data:`EFFECT_KEY`): ``them: {level: high, reason: "{holder} may ..."}``.
``conditions``
    tests on extracted key terms: ``days_below``, ``days_above``, ``not_in``,
    ``months_of_fees_below``; ``absent: true`` also raises it when the term is not found;
    ``clause: <clause type>`` raises it only in a clause where that type's effect is raised
    (a short notice to terminate for convenience matters when the other side holds it).
``missing``
    clauses a contract type should have: satisfied by a model label, a key term or a keyword.
    ``incorporable: true``: when the contract incorporates standard terms by reference (a cover
    page or order form under Common Paper or Bonterms terms), the clause is not raised as
    missing; one note names the terms and says they were not reviewed.

Every problem in the file is reported with its line: ``PlaybookError("default.yaml, line 12:
level 'hgih' is not one of high, medium, low, info, none")``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from contractreview.analysis.edits.model import EDIT_KINDS
from contractreview.analysis.edits.slots import EditSpec, slot_problem
from contractreview.analysis.results import RiskLevel
from contractreview.analysis.yaml_nodes import NodeReader, compose_yaml
from contractreview.errors import PlaybookError
from contractreview.paths import default_playbook

LEVELS = ", ".join(level.value for level in RiskLevel)
# an effect table's keys: who holds the right or bears the duty (us, them, both, unknown),
# "not_" when the clause denies it, "_cause" when a right needs a breach, insolvency, mutual
# agreement or an event, "_wide" / "_narrow" when the clause widens or narrows its usual form,
# "_exit" when the other party may answer the right by ending the contract
EFFECT_KEY = re.compile(r"(?:not_)?(?:us|them|both|unknown)(?:_cause)?(?:_wide|_narrow|_exit)?")
# what a reason may name: the actor, the other party, the trigger and scope words
REASON_FIELDS = ("holder", "other", "trigger", "scope")
CONDITION_TESTS = ("days_below", "days_above", "not_in", "months_of_fees_below")
ANY_TYPE = "*"


@dataclass(frozen=True)
class EffectEntry:
    """One row of a clause type's effect table."""

    levels: Mapping[str, RiskLevel]
    reason: str  # may name {holder}, {other}, {trigger}, {scope}


@dataclass(frozen=True)
class ClauseRule:
    id: str
    labels: tuple[str, ...]
    levels: Mapping[str, RiskLevel]
    reason: str
    check: str = ""
    position: str = ""
    effect: Mapping[str, EffectEntry] = field(default_factory=dict)
    edits: tuple[EditSpec, ...] = ()  # the position and fallbacks as wording


@dataclass(frozen=True)
class Condition:
    id: str
    term: str
    test: str  # one of CONDITION_TESTS
    value: Any
    levels: Mapping[str, RiskLevel]
    reason: str
    check: str = ""
    position: str = ""
    absent: bool = False  # also raise it when the term is not found
    contract_types: tuple[str, ...] = (ANY_TYPE,)  # where "absent" applies
    clause: str = ""  # a clause type: raised only where that clause's effect is raised too
    absent_reason: str = ""  # the reason when the term is not found (else ``reason``)
    edits: tuple[EditSpec, ...] = ()


@dataclass(frozen=True)
class MissingRule:
    id: str
    title: str  # what is missing, as a lawyer would name it
    contract_types: tuple[str, ...]
    labels: tuple[str, ...]
    terms: tuple[str, ...]
    keywords: tuple[re.Pattern[str], ...]
    levels: Mapping[str, RiskLevel]
    reason: str
    position: str = ""
    incorporable: bool = False  # may sit in standard terms the contract incorporates by reference
    edits: tuple[EditSpec, ...] = ()


@dataclass(frozen=True)
class Playbook:
    name: str
    sha256: str
    path: str
    sides: Mapping[str, str]  # side -> role
    families: Mapping[str, tuple[str, ...]]  # contract type -> sides offered
    clauses: tuple[ClauseRule, ...]
    conditions: tuple[Condition, ...]
    missing: tuple[MissingRule, ...]
    side_labels: Mapping[str, str] = field(default_factory=dict)  # side -> its "label"
    _by_label: dict[str, list[ClauseRule]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for rule in self.clauses:
            for label in rule.labels:
                self._by_label.setdefault(label, []).append(rule)

    def rules_for_label(self, label: str) -> list[ClauseRule]:
        return self._by_label.get(label, [])

    def level(self, levels: Mapping[str, RiskLevel], side: str) -> RiskLevel:
        """The level for ``side``: written for the side, else for its role, else ``default``."""
        if side in levels:
            return levels[side]
        role = self.sides.get(side)
        if role and role in levels:
            return levels[role]
        return levels.get("default", RiskLevel.INFO)

    def side_label(self, side: str) -> str:
        """The side's human-readable name from the playbook (``label``), else its id."""
        return self.side_labels.get(side) or side

    def sides_for(self, contract_type: str) -> tuple[str, ...]:
        return self.families.get(contract_type) or self.families.get("default") or tuple(self.sides)

    def default_side(self, contract_type: str) -> str:
        return self.sides_for(contract_type)[0]

    def check_side(self, side: str) -> str:
        if side not in self.sides:
            raise PlaybookError(
                f"The playbook '{self.name}' has no side '{side}'. "
                f"Choose one of: {', '.join(self.sides)}."
            )
        return side


# -- loading -----------------------------------------------------------------------------------


class _Reader(NodeReader):
    """Turns YAML nodes into a playbook's values, naming the file and line of every problem."""

    error = PlaybookError

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            raise self.fail(node, f"{what} must be a non-empty text")
        return str(node.value).strip()

    def texts(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode):
            return (self.text(node, what),)
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        return tuple(self.text(item, what) for item in node.value)

    def number(self, node: yaml.Node, what: str) -> float:
        try:
            if not isinstance(node, yaml.ScalarNode):
                raise ValueError
            return float(node.value)
        except ValueError:
            raise self.fail(node, f"{what} must be a number") from None

    def boolean(self, node: yaml.Node, what: str) -> bool:
        value = self.text(node, what).lower()
        if value not in ("true", "false", "yes", "no"):
            raise self.fail(node, f"{what} must be true or false")
        return value in ("true", "yes")

    def levels(self, node: yaml.Node, what: str, names: set[str]) -> dict[str, RiskLevel]:
        if isinstance(node, yaml.ScalarNode):  # one level for every side
            return {"default": self._level(node, what)}
        out = {}
        for key, value in self.mapping(node, what).items():
            if key != "default" and key not in names:
                raise self.fail(
                    value, f"{what} names '{key}', which is not a side or role of this playbook "
                    f"(known: {', '.join(sorted(names))}, default)"
                )  # fmt: skip
            out[key] = self._level(value, f"{what} for {key}")
        return out

    def _level(self, node: yaml.Node, what: str) -> RiskLevel:
        value = self.text(node, what).lower()
        try:
            return RiskLevel(value)
        except ValueError:
            raise self.fail(node, f"{what}: level '{value}' is not one of {LEVELS}") from None

    def need(self, fields: dict[str, yaml.Node], key: str, node: yaml.Node, what: str) -> yaml.Node:
        if key not in fields:
            raise self.fail(self.key_of.get(id(node), node), f"{what} has no '{key}'")
        return fields[key]


def load_playbook(path: str | Path | None = None) -> Playbook:
    """Read and check a playbook file (the shipped default when ``path`` is None)."""
    p = Path(path) if path is not None else default_playbook()
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise PlaybookError(f"The playbook {p} cannot be read: {e.strerror or e}") from e
    return parse_playbook(raw, source=p.name, path=str(p))


def parse_playbook(raw: bytes | str, *, source: str = "playbook", path: str = "") -> Playbook:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    sha = hashlib.sha256(data).hexdigest()
    root = compose_yaml(data, source, "playbook", PlaybookError)
    r = _Reader(source)
    top = r.mapping(root, "the playbook")
    r.only(
        top,
        {"name", "version", "sides", "families", "clauses", "conditions", "missing"},
        "the playbook",
    )
    name = r.text(r.need(top, "name", root, "The playbook"), "name")
    sides = _sides(r, r.need(top, "sides", root, "The playbook"))
    names = set(sides) | set(sides.values())
    families = _families(r, top.get("families"), sides)
    clauses = tuple(
        _clause(r, key, node, names)
        for key, node in r.mapping(r.need(top, "clauses", root, "The playbook"), "clauses").items()
    )
    conditions = tuple(
        _condition(r, key, node, names)
        for key, node in (r.mapping(top["conditions"], "conditions").items()
                          if "conditions" in top else ())
    )  # fmt: skip
    missing = tuple(
        _missing(r, key, node, names)
        for key, node in (r.mapping(top["missing"], "missing").items() if "missing" in top else ())
    )
    side_labels = _side_labels(r, top["sides"])
    return Playbook(
        name, sha, path, sides, families, clauses, conditions, missing, side_labels=side_labels
    )


def _sides(r: _Reader, node: yaml.Node) -> dict[str, str]:
    out = {}
    for side, spec in r.mapping(node, "sides").items():
        fields = r.mapping(spec, f"side '{side}'")
        r.only(fields, {"role", "label"}, f"side '{side}'")
        out[side] = r.text(r.need(fields, "role", spec, f"Side '{side}'"), "role")
    if not out:
        raise r.fail(node, "the playbook needs at least one side")
    return out


def _side_labels(r: _Reader, node: yaml.Node) -> dict[str, str]:
    out = {}
    for side, spec in r.mapping(node, "sides").items():
        fields = r.mapping(spec, f"side '{side}'")
        if "label" in fields:
            out[side] = r.text(fields["label"], "label")
    return out


def _families(
    r: _Reader, node: yaml.Node | None, sides: dict[str, str]
) -> dict[str, tuple[str, ...]]:
    if node is None:
        return {"default": tuple(sides)}
    out = {}
    for ctype, spec in r.mapping(node, "families").items():
        offered = r.texts(spec, f"family '{ctype}'")
        for s in offered:
            if s not in sides:
                raise r.fail(spec, f"family '{ctype}' offers side '{s}', which is not in 'sides'")
        out[ctype] = offered
    return out


def _clause(r: _Reader, key: str, node: yaml.Node, names: set[str]) -> ClauseRule:
    what = f"clause '{key}'"
    f = r.mapping(node, what)
    r.only(f, {"labels", "level", "reason", "check", "position", "effect", "edit"}, what)
    effect = _effect(r, f["effect"], what, names) if "effect" in f else {}
    labels = (r.texts(f["labels"], f"labels of {what}") if "labels" in f or not effect
              else ())  # fmt: skip
    if "labels" not in f and not effect:
        r.need(f, "labels", node, what)
    return ClauseRule(
        id=key,
        labels=labels,
        levels=r.levels(r.need(f, "level", node, what), f"level of {what}", names),
        reason=r.text(r.need(f, "reason", node, what), f"reason of {what}"),
        check=r.text(f["check"], "check") if "check" in f else "",
        position=r.text(f["position"], "position") if "position" in f else "",
        effect=effect,
        edits=_edits(r, f["edit"], what, names, effect_keys=True) if "edit" in f else (),
    )


def _effect(r: _Reader, node: yaml.Node, what: str, names: set[str]) -> dict[str, EffectEntry]:
    out = {}
    for key, spec in r.mapping(node, f"the effect of {what}").items():
        where = f"effect '{key}' of {what}"
        if not EFFECT_KEY.fullmatch(key):
            raise r.fail(
                spec, f"unknown effect '{key}' in {what} (expected who - us, them, both or "
                "unknown - with an optional 'not_' before and '_cause', '_wide' or '_narrow' "
                "after, e.g. 'them', 'not_us', 'them_cause_narrow')"
            )  # fmt: skip
        if isinstance(spec, yaml.ScalarNode):
            out[key] = EffectEntry(r.levels(spec, where, names), "")
            continue
        f = r.mapping(spec, where)
        r.only(f, {"level", "reason"}, where)
        reason = r.text(f["reason"], f"reason of {where}") if "reason" in f else ""
        for field_name in re.findall(r"\{(\w*)\}", reason):
            if field_name not in REASON_FIELDS:
                raise r.fail(f["reason"], f"the reason of {where} names '{{{field_name}}}' "
                             f"(it may name: {', '.join(REASON_FIELDS)})")  # fmt: skip
        out[key] = EffectEntry(r.levels(r.need(f, "level", spec, where), where, names), reason)
    return out


def _condition(r: _Reader, key: str, node: yaml.Node, names: set[str]) -> Condition:
    from contractreview.analysis.terms.extractor import TERM_NAMES

    what = f"condition '{key}'"
    f = r.mapping(node, what)
    r.only(
        f,
        {
            "term",
            "level",
            "reason",
            "check",
            "position",
            "absent",
            "contract_types",
            "clause",
            "absent_reason",
            "edit",
            *CONDITION_TESTS,
        },
        what,
    )
    term_node = r.need(f, "term", node, what)
    term = r.text(term_node, f"term of {what}")
    if term not in TERM_NAMES:
        raise r.fail(term_node, f"{what}: unknown term '{term}' (known: {', '.join(TERM_NAMES)})")
    tests = [t for t in CONDITION_TESTS if t in f]
    if len(tests) != 1:
        raise r.fail(node, f"{what} needs exactly one test: {', '.join(CONDITION_TESTS)}")
    test = tests[0]
    value: Any
    if test == "not_in":
        value = frozenset(r.texts(f[test], f"{test} of {what}"))
    else:
        value = r.number(f[test], f"{test} of {what}")
    return Condition(
        id=key, term=term, test=test, value=value,
        levels=r.levels(r.need(f, "level", node, what), f"level of {what}", names),
        reason=r.text(r.need(f, "reason", node, what), f"reason of {what}"),
        check=r.text(f["check"], "check") if "check" in f else "",
        position=r.text(f["position"], "position") if "position" in f else "",
        absent=r.boolean(f["absent"], "absent") if "absent" in f else False,
        contract_types=r.texts(f["contract_types"], "contract_types")
        if "contract_types" in f else (ANY_TYPE,),
        clause=r.text(f["clause"], "clause") if "clause" in f else "",
        absent_reason=r.text(f["absent_reason"], "absent_reason") if "absent_reason" in f else "",
        edits=_edits(r, f["edit"], what, names) if "edit" in f else (),
    )  # fmt: skip


def _missing(r: _Reader, key: str, node: yaml.Node, names: set[str]) -> MissingRule:
    what = f"missing-clause rule '{key}'"
    f = r.mapping(node, what)
    r.only(
        f,
        {
            "title",
            "contract_types",
            "labels",
            "terms",
            "keywords",
            "level",
            "reason",
            "position",
            "incorporable",
            "edit",
        },
        what,
    )
    keywords = []
    for kw_node in (
        f["keywords"].value
        if "keywords" in f and isinstance(f["keywords"], yaml.SequenceNode)
        else []
    ):
        kw = r.text(kw_node, "keyword")
        try:
            keywords.append(re.compile(kw, re.I))
        except re.error as e:
            raise r.fail(kw_node, f"keyword '{kw}' is not a valid pattern ({e})") from None
    rule = MissingRule(
        id=key,
        title=r.text(r.need(f, "title", node, what), f"title of {what}"),
        contract_types=r.texts(f["contract_types"], "contract_types")
        if "contract_types" in f else (ANY_TYPE,),
        labels=r.texts(f["labels"], "labels") if "labels" in f else (),
        terms=r.texts(f["terms"], "terms") if "terms" in f else (),
        keywords=tuple(keywords),
        levels=r.levels(r.need(f, "level", node, what), f"level of {what}", names),
        reason=r.text(r.need(f, "reason", node, what), f"reason of {what}"),
        position=r.text(f["position"], "position") if "position" in f else "",
        incorporable=r.boolean(f["incorporable"], "incorporable") if "incorporable" in f else False,
        edits=_edits(r, f["edit"], what, names) if "edit" in f else (),
    )  # fmt: skip
    if not (rule.labels or rule.terms or rule.keywords):
        raise r.fail(node, f"{what} needs labels, terms or keywords that satisfy it")
    return rule


# -- suggested edits -----------------------------------------------------------------------------

_EDIT_FIELDS = {"kind", "when", "sides", "position", "fallbacks", "phrase", "after", "match"}


def _edits(
    r: _Reader, node: yaml.Node, what: str, names: set[str], *, effect_keys: bool = False
) -> tuple[EditSpec, ...]:
    """The ``edit`` of a playbook entry: one mapping, or a list of them tried in order."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    return tuple(_edit(r, item, f"the edit of {what}", names, effect_keys) for item in items)


def _edit(r: _Reader, node: yaml.Node, what: str, names: set[str], effect_keys: bool) -> EditSpec:
    f = r.mapping(node, what)
    r.only(f, _EDIT_FIELDS, what)
    kind_node = r.need(f, "kind", node, what)
    kind = r.text(kind_node, f"kind of {what}")
    if kind not in EDIT_KINDS:
        raise r.fail(kind_node, f"{what}: kind '{kind}' is not one of {', '.join(EDIT_KINDS)}")
    if kind not in ("make_mutual", "delete"):
        r.need(f, "position", node, what)  # a deletion's position is "", a mutual one computed
    position = _wording(r, f["position"], kind, what) if "position" in f else ""
    fallbacks: tuple[str, ...] = ()
    if "fallbacks" in f:
        items = (
            f["fallbacks"].value
            if isinstance(f["fallbacks"], yaml.SequenceNode)
            else [f["fallbacks"]]
        )
        fallbacks = tuple(_wording(r, item, kind, what) for item in items)
    when = r.texts(f["when"], f"when of {what}") if "when" in f else ()
    for key in when:
        if not effect_keys or not EFFECT_KEY.fullmatch(key):
            raise r.fail(
                f["when"],
                f"{what}: 'when' names '{key}', which is not an effect "
                "(us, them, both or unknown, with 'not_', '_cause', '_wide', '_narrow', '_exit')",
            )
    sides = r.texts(f["sides"], f"sides of {what}") if "sides" in f else ()
    for side in sides:
        if side not in names:
            raise r.fail(f["sides"], f"{what} names '{side}', which is not a side or role "
                         f"(known: {', '.join(sorted(names))})")  # fmt: skip
    return EditSpec(
        kind=kind,
        position=position,
        fallbacks=fallbacks,
        when=when,
        sides=sides,
        phrase=_pattern(r, f["phrase"], what) if "phrase" in f else None,
        after=_pattern(r, f["after"], what) if "after" in f else None,
        match=_pattern(r, f["match"], what) if "match" in f else None,
        line=node.start_mark.line + 1,
    )


def _wording(r: _Reader, node: yaml.Node, kind: str, what: str) -> str:
    """One position or fallback text, its slots checked (a deletion's position may be "")."""
    if not isinstance(node, yaml.ScalarNode):
        raise r.fail(node, f"the wording of {what} must be a text")
    text = str(node.value).strip()
    if not text and kind != "delete":
        raise r.fail(node, f"the wording of {what} must be a non-empty text")
    problem = slot_problem(text)
    if problem:
        raise r.fail(node, f"{what}: {problem}")
    return text


def _pattern(r: _Reader, node: yaml.Node, what: str) -> re.Pattern[str]:
    text = r.text(node, f"pattern of {what}")
    try:
        return re.compile(text, re.I)
    except re.error as e:
        raise r.fail(node, f"{what}: '{text}' is not a valid pattern ({e})") from None
