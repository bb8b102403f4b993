"""The one reader of quoted aliases and defined names (contractreview.text.aliases), as each of
its callers reads them."""

from __future__ import annotations

import re

import pytest

from contractreview.text import aliases


@pytest.mark.parametrize(
    ("bracket", "alias"),
    [
        ('("Supplier")', "Supplier"),
        ('(the "Company" or "Acme")', "Company"),
        ("('Alpha' or 'Reseller')", "Alpha"),
        ('("Macy\'s")', "Macy's"),
        ('("i9 CW" or "Reseller")', "i9 CW"),
        ('("ZNTX"; Alpha and ZNTX each a "Party")', "ZNTX"),
        ('("Alpha," "we," or "us")', "Alpha"),
        ('(each a "Party")', None),
        ('(the "Agreement")', None),
        ('(the "Transport Agreement")', None),
    ],
)
def test_paren_alias_is_a_partys_alias_only(bracket: str, alias: str | None) -> None:
    m = aliases.ALIAS_PAREN.search(bracket)
    assert m is not None
    assert aliases.paren_alias(m) == alias


def test_defined_aliases_in_brackets_then_said() -> None:
    text = (
        'JSC Alpha, hereinafter referred to as the "Company", and Beta LLC ("Beta") '
        '(each a "Party")'
    )
    assert aliases.defined_aliases(text) == ["Beta", "Company"]


def test_alias_key_compares_loosely() -> None:
    assert aliases.alias_key("the Merchant and") == "merchant"
    assert aliases.alias_key("  The   Investor, ") == "investor"


def test_alias_line_start_is_a_line_that_only_defines_an_alias() -> None:
    assert aliases.ALIAS_LINE_START.match('("Emerald" or the "Company")')
    assert aliases.ALIAS_LINE_START.match("Hereinafter referred to as 'Customer'")
    assert not aliases.ALIAS_LINE_START.match("(a Delaware corporation)")


def test_name_and_aliases_as_cuad_writes_them() -> None:
    assert aliases.name_and_aliases('Galen (Chemicals) Limited ("GALEN")') == (
        "Galen (Chemicals) Limited ",
        ["GALEN"],
    )
    assert aliases.name_and_aliases("Acme Inc. (formerly Beta Inc.)") == ("Acme Inc. ", [])
    # CUAD's quotes are loose: a bracket may close the alias
    assert aliases.name_and_aliases('Acme Ltd. ("Acme)')[1] == ["Acme"]


def test_quoted_term_is_double_quoted_on_one_line() -> None:
    def found(text: str) -> list[str]:
        return [m.group(1) for m in aliases.QUOTED_TERM.finditer(text)]

    assert found('the "Services" apply; "A" is too short') == ["Services"]
    assert found("the \"two\nlines\" and 'single'") == []


def test_known_names_parties_first_then_bracketed_names_each_once() -> None:
    parties = [{"name": "Acme Corp.", "alias": "Supplier"}, {"name": "Beta LLC", "alias": None}]
    texts = ['Acme Corp. (the "Supplier") and Beta LLC (each a "Party")', '("Supplier")']
    assert aliases.known_names(parties, texts) == ["Acme Corp.", "Supplier", "Beta LLC", "Party"]
    assert aliases.known_names(None, ["(the 'Customer')", '(the "lower")']) == ["Customer"]


def test_quoted_pattern_builds_each_readers_quotes() -> None:
    pattern = re.compile(aliases.quoted_pattern("'", "'", inside_not="'", chars=(2, 3)))
    assert [m.group(1) for m in pattern.finditer("'a' 'abc' 'abcd'")] == ["abc"]
