"""Quoted aliases and defined names: the one reader of '("Supplier")', '(the "Company" or
"Acme")', 'hereinafter referred to as "Customer"' and of words in quotes generally.

Its readers want different things from the same quotes, so each one's reading is named here
rather than written again where it is used:

- key terms (``parties``): :data:`ALIAS_PAREN`, :func:`paren_alias`, :data:`ALIAS_SAID`,
  :func:`defined_aliases`, :func:`alias_key` — a party's alias, never a defined term such as
  "Agreement" or "Effective Date";
- the plain-text reader (``docx.document``): :data:`ALIAS_LINE_START`, a line that only defines
  the previous line's party;
- the gist verifier: :data:`QUOTED_TERM`, any words in double quotes (2 to 80 characters, one
  line), which a gist may only repeat from its clause;
- scoring against CUAD (``contractreview_training.eval_terms``): :func:`name_and_aliases`, a
  name as CUAD writes it and the aliases in its answer;
- the GUI: :func:`known_names`, the parties' names and aliases plus every capitalised name
  quoted in a bracket of the contract ('(the "Customer")', '(each a "Party")').
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from contractreview.text.cues import Cue

DOUBLE_QUOTES = '"“”'
SINGLE_QUOTES = "'‘’"


def quoted_pattern(
    opening: str,
    closing: str,
    *,
    inside_not: str,
    chars: tuple[int, int] = (1, 60),
    lazy: bool = False,
    first: str = "",
) -> str:
    """The source of a regular expression for words in quotes: one of ``opening``, then
    ``first`` (a pattern for the first character, if any) and ``chars`` characters none of
    which is in ``inside_not``, then one of ``closing``; group 1 holds the words."""
    low, high = chars
    return (
        f"[{re.escape(opening)}]({first}[^{re.escape(inside_not)}]{{{low},{high}}}"
        f"{'?' if lazy else ''})[{re.escape(closing)}]"
    )


# Words in double or single quotes, as a party's alias is written: '"Acme"', "'Reseller'" (a
# single-quoted alias holds no quote of either kind; a double-quoted one may: "Macy's").
QUOTED = Cue(
    "aliases.quoted",
    re.compile(
        quoted_pattern(DOUBLE_QUOTES, DOUBLE_QUOTES, inside_not=DOUBLE_QUOTES)
        + "|"
        + quoted_pattern("'‘", "'’", inside_not=DOUBLE_QUOTES + SINGLE_QUOTES)
    ),
    why="Words in quotes, as an alias is written.",
    examples=('"Acme"', "'Reseller'", '"Macy\'s"'),
    counter_examples=("Macy's",),
)
# Words in double quotes on one line: the defined terms a gist may repeat ('the "Services"').
QUOTED_TERM = Cue(
    "aliases.quoted_term",
    re.compile(
        quoted_pattern(DOUBLE_QUOTES, DOUBLE_QUOTES, inside_not=DOUBLE_QUOTES + "\n", chars=(2, 80))
    ),
    why="A defined term in double quotes.",
    examples=('the "Services"',),
    counter_examples=('"A"', "'Services'"),
)
# CUAD's answers quote loosely: any quote opens, a closing quote or bracket ends
# ('Acme Ltd. ("Acme)', "Beta 'the Buyer'").
_QUOTED_LOOSE = re.compile(
    quoted_pattern(
        DOUBLE_QUOTES + SINGLE_QUOTES, "\"“”'’)", inside_not=DOUBLE_QUOTES + "()", lazy=True
    )
)
# A name in quotes that starts with a capital: '"Customer"', "'Party'"
_QUOTED_NAME = re.compile(
    quoted_pattern("\"“‘'", "\"”’'", inside_not="\"”’'\n", chars=(0, 60), lazy=True, first="[A-Z]")
)
_PARENTHESIS = re.compile(r"\(([^()]{1,160})\)")

# '("Supplier")', '(the "Company" or "Acme")', "('Reseller')": an alias in single quotes ends
# at the next one ("('Alpha' or 'Reseller')"), one in double quotes may hold one ("Macy's").
# Group 1 is the bracket's text, group 3 its first quoted words.
ALIAS_PAREN = Cue(
    "aliases.paren",
    re.compile(
        r"\(([^()]{0,120}?(?:(?P<sq>['‘])|[\"“”])((?(sq)[^\"“”'‘’]|[^\"“”]){1,60})"
        r"(?(sq)['’]|[\"“”'])[^()]{0,80})\)"
    ),
    why="A party's alias in brackets.",
    examples=('("Supplier")', '(the "Company" or "Acme")', "('Reseller')"),
    counter_examples=("(a Delaware corporation)",),
)
_HEREINAFTER = r"hereinafter\s+(?:referred\s+to\s+as|called)"
# 'Hereinafter referred to as "Customer"', "hereinafter called 'MLX'"; group 1 is the alias
ALIAS_SAID = Cue(
    "aliases.said",
    re.compile(
        rf"\b{_HEREINAFTER}\s*:?\s*(?:the\s+)?[\"“']([^\"“”]{{1,60}})[\"”']",
        re.I,
    ),
    why="A party's alias said in words.",
    examples=('hereinafter referred to as "Customer"', "hereinafter called 'MLX'"),
    counter_examples=("referred to in Section 2",),
)
# A line that only defines the previous line's party: '("Emerald" or the "Company")',
# '(hereinafter called "MLX")', 'Hereinafter referred to as "Customer"'.
ALIAS_LINE_START = Cue(
    "aliases.line_start",
    re.compile(
        rf"\(\s*(?:(?:the|{_HEREINAFTER}|as)\s+)?[\"“'‘]|{_HEREINAFTER}\b",
        re.I,
    ),
    why="A line that only defines the previous line's party.",
    examples=(
        '("Emerald" or the "Company")',
        '(hereinafter called "MLX")',
        'Hereinafter referred to as "Customer"',
    ),
    counter_examples=("(a Delaware corporation)",),
    how="match",
)
# Where the aliases of a name as CUAD writes it start: a bracket holding a quote ('Galen
# (Chemicals) Limited ("GALEN")' keeps its unquoted bracket), a bracket left open, a former
# name ("(formerly ...", "(f/k/a ..."), or a quote.
_ALIAS_OPENING = re.compile(
    r"\((?=[^()]*[\"“”])|\((?![^()]*\))|\(\s*(?=formerly|f/k/a|a/k/a|previously)|[\"“”]", re.I
)
# Defined terms that are no party's alias
NOT_ALIASES = Cue(
    "aliases.not_aliases",
    re.compile(
        r"^(?:agreement|this\s+agreement|effective\s+date|parties|party|amendment|contract|"
        r"execution\s+date|commencement\s+date|products?|services?|territory|exhibit|schedule|"
        r".+\s(?:agreement|contract|amendment|date|period|term))$",  # "the Transport Agreement",
        # "the Agreement Date", "the Interim Period": not a party
        re.I,
    ),
    why="Defined terms that are no party's alias.",
    examples=("Agreement", "the Transport Agreement", "Effective Date"),
    counter_examples=("Supplier", "Acme"),
    how="match",
)
# Words about the parties together: '(each a "Party")', '(collectively, the "Parties")'
_COLLECTIVE = Cue(
    "aliases.collective",
    re.compile(
        r"\b(?:each|collectively|individually|together|jointly|hereinafter\s+collectively)\b[^()]*"
        r"part(?:y|ies)",
        re.I,
    ),
    why="Words about the parties together.",
    examples=('each a "Party"', 'collectively, the "Parties"'),
    counter_examples=('"Supplier"',),
)


def squash(name: str) -> str:
    """``name`` with each run of white space one space, and none at either end."""
    return re.sub(r"\s+", " ", name).strip()


def paren_alias(m: re.Match[str]) -> str | None:
    """The alias an ``ALIAS_PAREN`` match defines: its first quoted words ('("i9 CW" or
    "Reseller")' is "i9 CW"), before any words on the parties together ('("ZNTX"; Alpha and ZNTX
    each a "Party")'); None where it defines no party's alias."""
    inner = m.group(1)
    alias = m.group(3)
    if together := _COLLECTIVE.search(inner):
        first = QUOTED.search(inner, 0, together.start())
        if first is None:
            return None  # '(each a "Party")'
        alias = first.group(1) or first.group(2)
    alias = squash(alias).rstrip(",;").strip()  # '("Alpha," "we," or "us")'
    if not alias or NOT_ALIASES.match(alias):
        return None
    return alias


def defined_aliases(text: str) -> list[str]:
    """Every party alias ``text`` defines: in brackets first, then those it says
    ("hereinafter referred to as"), as written."""
    found = [a for m in ALIAS_PAREN.finditer(text) if (a := paren_alias(m))]
    return found + ALIAS_SAID.findall(text)


def alias_key(name: str) -> str:
    """A name or alias compared loosely: "the Merchant and" is "merchant"."""
    key = re.sub(r"^(?:the\s+)|\s+(?:and|&)$", "", squash(name).lower())
    return key.strip(" ,;:.")


def name_and_aliases(written: str) -> tuple[str, list[str]]:
    """A party as CUAD's answers write it, split into its name (the text before its aliases
    start) and the quoted aliases it lists: 'Galen (Chemicals) Limited ("GALEN")' is
    ("Galen (Chemicals) Limited ", ["GALEN"])."""
    name = _ALIAS_OPENING.split(written, maxsplit=1)[0]
    return name, _QUOTED_LOOSE.findall(written)


def defined_names(text: str) -> list[str]:
    """The capitalised names ``text`` quotes inside brackets ('(the "Customer")', '(each a
    "Party")'), in order, repeats kept."""
    return [
        m.group(1).strip()
        for paren in _PARENTHESIS.finditer(text)
        for m in _QUOTED_NAME.finditer(paren.group(1))
    ]


def known_names(parties: object, texts: Iterable[str]) -> list[str]:
    """The names a reader of the contract meets: each party's name and alias (``parties`` as a
    ``parties`` term normalises them, a list of ``{"name", "alias"}``), then the names quoted in
    brackets in ``texts``; each once, in that order, no empty one."""
    names: list[str] = []
    if isinstance(parties, list):
        for party in parties:
            if isinstance(party, dict):
                names.extend(str(party[k]) for k in ("name", "alias") if party.get(k))
    for text in texts:
        names.extend(defined_names(text))
    return list(dict.fromkeys(n for n in names if n))
