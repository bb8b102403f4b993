"""The playbook file format: the shipped default, levels per side, errors naming the line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from contractreview.analysis.playbook import load_playbook, parse_playbook
from contractreview.analysis.results import RiskLevel
from contractreview.errors import PlaybookError
from contractreview.paths import default_playbook

MINIMAL = """\
name: Test playbook
sides:
  customer: {role: receives}
  vendor: {role: provides}
clauses:
  cap:
    labels: [Cap on Liability]
    level: {customer: high, provides: low}
    reason: Liability is capped.
"""


def test_default_playbook_loads_with_its_hash() -> None:
    pb = load_playbook()
    assert pb.sha256 == hashlib.sha256(default_playbook().read_bytes()).hexdigest()
    assert {"customer", "vendor", "licensee", "licensor", "employer", "employee"} <= set(pb.sides)
    assert pb.sides_for("license") == ("licensee", "licensor")
    assert pb.default_side("nda") == "recipient"
    assert pb.sides_for("services")[0] == "customer"
    tests = {c.test for c in pb.conditions}
    assert tests == {"days_below", "days_above", "not_in", "months_of_fees_below"}
    assert any("nda" in m.contract_types for m in pb.missing)
    assert pb.rules_for_label("Cap on Liability")


def test_levels_resolve_side_then_role_then_default() -> None:
    pb = parse_playbook(MINIMAL)
    rule = pb.rules_for_label("Cap on Liability")[0]
    assert pb.level(rule.levels, "customer") is RiskLevel.HIGH
    assert pb.level(rule.levels, "vendor") is RiskLevel.LOW  # by its role
    pb2 = parse_playbook(MINIMAL.replace("{customer: high, provides: low}", "medium"))
    assert pb2.level(pb2.clauses[0].levels, "vendor") is RiskLevel.MEDIUM


def test_hash_changes_with_the_file(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    a.write_text(MINIMAL, encoding="utf-8")
    b = tmp_path / "b.yaml"
    b.write_text(MINIMAL.replace("is capped", "is limited"), encoding="utf-8")
    assert load_playbook(a).sha256 != load_playbook(b).sha256


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (MINIMAL.replace("customer: high", "customer: hgih"), 8, "'hgih' is not one of"),
        (MINIMAL.replace("customer: high", "buyer: high"), 8, "'buyer', which is not a side"),
        (MINIMAL.replace("    reason: Liability is capped.\n", ""), 6, "has no 'reason'"),
        (MINIMAL.replace("labels:", "lables:"), 7, "unknown setting 'lables'"),
        (MINIMAL + "  bad: [unclosed\n", 11, "not valid YAML"),
        (
            MINIMAL + "conditions:\n  c:\n    term: notice\n    days_below: 30\n"
            "    level: high\n    reason: r\n",
            12,
            "unknown term 'notice'",
        ),
        (
            MINIMAL + "conditions:\n  c:\n    term: notice_period\n    days_below: soon\n"
            "    level: high\n    reason: r\n",
            13,
            "must be a number",
        ),
        (
            MINIMAL + "missing:\n  m:\n    title: T\n    keywords: ['(']\n    level: high\n"
            "    reason: r\n",
            13,
            "not a valid pattern",
        ),
        (MINIMAL + "families:\n  nda: [recipient]\n", 11, "side 'recipient'"),
    ],
)
def test_errors_name_the_line_and_the_problem(text: str, line: int, words: str) -> None:
    with pytest.raises(PlaybookError) as err:
        parse_playbook(text, source="firm.yaml")
    msg = str(err.value)
    assert msg.startswith(f"firm.yaml, line {line}:"), msg
    assert words in msg


def test_empty_or_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PlaybookError, match="empty"):
        parse_playbook("", source="x.yaml")
    with pytest.raises(PlaybookError, match="cannot be read"):
        load_playbook(tmp_path / "nope.yaml")


def test_unknown_side_is_refused() -> None:
    with pytest.raises(PlaybookError, match="no side 'landlord'"):
        load_playbook().check_side("landlord")
