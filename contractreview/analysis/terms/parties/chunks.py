"""A preamble's words after "between" cut into one stretch per party, and the party each stretch
names with its alias (:func:`parse_parties`); the parties a sentence names before the aliases
it defines (:func:`aliased_parties`).
"""

from __future__ import annotations

import re
from typing import Any

from contractreview.analysis.terms.confidence import (
    PARTIES_ALIASED_PLUS,
    PARTIES_BASE,
    PARTIES_ONE_MINUS,
    PARTIES_SEVERAL_PLUS,
)
from contractreview.analysis.terms.parties.names import (
    COMPANY_FORM,
    ENTITY_FORM,
    SUFFIX,
    clean_name,
)
from contractreview.text import normalize as nz
from contractreview.text.aliases import ALIAS_PAREN, ALIAS_SAID, NOT_ALIASES, paren_alias, squash
from contractreview.text.cues import Cue

# A preamble names the parties after "between" / "among", each with a description and usually a
# defined alias: 'Acme Corp., a Delaware corporation ("Supplier"), and Beta LLC ("Customer")'.
# The region after the cue is cut into one chunk per party, and each chunk gives a name (its
# leading words, before any description) and its alias.

BETWEEN = Cue(
    "parties.between",
    re.compile(
        r"\b(?:by\s+and\s+between|by\s+and\s+among|between|among|entered\s+into\s+by|made\s+by|"
        # "is entered into on this 12th day of December, 2019 by Acme, Inc. ... and Beta LLC"
        r"(?:entered\s+into|made)\s(?:(?!between|among|\bby\b)[^;:()\"“”\n]){1,60}?\bby\s+"
        r"(?!and\b)(?=(?-i:[A-Z]))|"
        r"(?-i:B\s?E\s?T\s?W\s?E\s?E\s?N)|"
        # "PARTIES (1) Acme Ltd ...; (2) ..."
        r"(?-i:PARTIES|Parties)(?=\s*:?\s*\(?1[.)]))\b\s*:?\s*",
        re.I,
    ),
    why="The words a preamble names the parties after.",
    examples=(
        "by and between ",
        "B E T W E E N:",
        "PARTIES (1) Acme Ltd",
        "is entered into on this 12th day of December, 2019 by Acme, Inc.",
    ),
    counter_examples=("the parties agree as follows",),
)
END_PREAMBLE = Cue(
    "parties.end_preamble",
    re.compile(
        r"\b(?:WHEREAS|RECITALS|NOW,?\s+THEREFORE|W\s*I\s*T\s*N\s*E\s*S\s*S(?:\s*E\s*T\s*H)?|hereby\s+agree|"
        r"agree\s+as\s+follows)\b",
        re.I,
    ),
    why="Where a preamble ends.",
    examples=("WHEREAS", "NOW, THEREFORE", "W I T N E S S E T H", "agree as follows"),
    counter_examples=("Acme Corp. and Beta LLC",),
)
# Where one party's chunk may end: ";", "and" (only once the name has ended), "- and -", or
# a comma right after an alias ('("A"), Beta LLC ("B")').
_PARTY_SEP = Cue(
    "parties.separator",
    re.compile(
        r"\s*;\s*(?:-\s*)?(?:and\s*(?:-\s*)?:?\s+)?|,?\s+and\s*:?\s+|\s+-\s*and\s*-\s+|"
        r"(?<=\))\s*,\s+(?=(?:the\s+)?(?-i:[A-Z0-9]))|"
        # an alias, then the next name without a comma: '("Heritage") Premier Nutrition Corporation'
        r"(?<=[\"”]\))[^\S\n]+(?=(?-i:[A-Z][\w'’.-]*\s+[A-Z]))|"
        # a letter's addressee or agent: '... (the "Bank") hereby confirm their agreement with
        # Acme Securities, Inc. (the "Agent")', '... agrees that it may sell through Acme, LLC'
        r",?\s+(?:hereby\s+)?confirms?,?\s+(?:jointly\s+and\s+severally,?\s+)?(?:their|its|our)\s+"
        r"(?:agreement|understanding)\s+with\s+|\s+(?:issue\s+and\s+)?sell\s+through\s+(?=(?-i:[A-Z]))|"
        # a party joined to the one before: '... (the "Company"), together with Acme Holdings, L.P.'
        # or one a party acts for: '... (the "Trust"), on behalf of the Trust's Income Fund
        # ("Fund")'
        r"(?<=\)),?\s+together\s+with\s+(?=(?-i:[A-Z]))|"
        r"(?<=\)),?\s+(?:an?\s+[^,()]{1,60},\s+)?on\s+behalf\s+of\s+"
        r"(?=(?:the\s+)?(?-i:[A-Z])[^()]{0,80}\((?:the\s+)?[\"“])|"
        # the next item of a numbered list: "... Hong Kong   (2) WASTE2ENERGY GROUP HOLDINGS PLC"
        r"\s+(?=\(\d{1,2}\)\s+(?-i:[A-Z]))|"
        # a person whose services a company lends: '("Lender"), for services of Jane Doe
        # ("Endorser")'
        # (after the company's alias: 'Acme, Inc. f/s/o Jane Doe ("Acme")' names only the company)
        r"(?<=\)),?\s+(?:(?:for|furnishing)\s+(?:the\s+)?(?:personal\s+)?services\s+of|f/s/o)\s+|"
        # a list of companies: "Alpha Partners L.P., Beta Fund, L.P., Gamma Research, LLC and ..."
        rf"(?P<list>,\s+)(?=(?!{SUFFIX})(?-i:[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|&|of)){{0,6}}?),?"
        rf"\s+{SUFFIX}(?:\s*[,;(]|\s+(?:an?|and)\s|$))",
        re.I,
    ),
    why="Where one party's stretch may end.",
    examples=(
        "; and ",
        " - and - ",
        '("Acme"), Beta LLC ("Beta")',
        'Acme Corp. ("Acme"), together with Acme Holdings, L.P.',
    ),
    counter_examples=("Acme Corp.",),
)


def _name_ended(chunk: str) -> bool:
    """Whether a chunk already holds a whole name and more (so a following "and" starts the
    next party) rather than a name still being written ("Louisville Gas and Electric")."""
    if not chunk.strip():
        return False
    cut = clean_name(chunk)
    return (
        cut is None
        or cut[1] < len(chunk.rstrip(" ,"))
        or bool(re.search(rf"\b{SUFFIX}\s*,?\s*$", chunk, re.I))
    )


def _joins_a_jurisdiction(before: str, sep: str, after: str) -> bool:
    """Whether an "and" separator is inside a jurisdiction's name ("a company incorporated in
    England and Wales under number ...") rather than between two parties."""
    left, right = re.search(r"(\w+)\W*$", before), re.match(r"\W*(\w+)", after)
    if ";" in sep or not re.search(r"\band\b", sep, re.I) or not (left and right):
        return False
    name = nz.jurisdiction_name(f"{left.group(1)} and {right.group(1)}")
    return name is not None and " and " in name


def _inside_brackets(before: str, after: str) -> bool:
    """Whether a separator is inside a bracket that opened before it and closes after it."""
    depth = before.count("(") - before.count(")")
    return depth > 0 and ")" in after


# "with its registered offices located at Berlin and Munich", "to be formed by Jane Roe and
# John Doe": an "and" joining the words of a description, not two parties
_DESCRIPTION_TAIL = Cue(
    "parties.description_tail",
    re.compile(
        r"(?-i:\s(?:at|in|by))\s+(?:(?-i:[A-Z])[\w.'’-]*\s+){0,6}(?-i:[A-Z])[\w'’-]*\.?\s*$"
    ),
    why='An "and" inside a description, not between parties.',
    examples=("with its registered offices located at Berlin", "to be formed by Jane Roe"),
    counter_examples=("Acme Corp., a Delaware corporation",),
)
# a company's representatives: "represented by its Chief Executive Officer Jane Roe and its
# Chief Operations Officer John Doe", "through Ms. Jane Roe, a duly authorized person and ..."
_REPRESENTED = Cue(
    "parties.represented",
    re.compile(
        r"\b(?:represented\s+by|through|acting\s+(?:by|through)|in\s+(?:the\s+)?person\s+of)\s"
        r"[^()\"“”]*$",
        re.I,
    ),
    why="A company's representatives, not parties.",
    examples=(
        "represented by its Chief Executive Officer Jane Roe",
        "through Ms. Jane Roe, a duly authorized person",
    ),
    counter_examples=('Acme Corp. ("Acme")',),
)


_ONE_SIDE = Cue(
    "parties.one_side",
    re.compile(r"\bon\s+the\s+one\s+(?:side|hand|part)\s*,?\s*$", re.I),
    why='"on the one hand, ... and" joins two parties.',
    examples=("on the one hand, ",),
    counter_examples=("on the other hand",),
)


def _and_in_description(before: str, sep: str, after: str) -> bool:
    """Whether a plain "and" separator joins words of the party's description (places, the
    people who form or represent it) rather than two parties: the words after it name no
    company."""
    if not re.fullmatch(r"\s+and\s+", sep) or _ONE_SIDE.search(before):
        return False
    named = clean_name(before)
    tail = before[named[1] :] if named else before
    if not (_DESCRIPTION_TAIL.search(tail) or _REPRESENTED.search(tail)):
        return False
    nxt = clean_name(after)
    return nxt is None or not COMPANY_FORM.search(after[nxt[0] : nxt[1]])


def named_before(party: dict[str, Any], earlier: list[dict[str, Any]]) -> bool:
    """Whether ``party`` is one named before, by name or alias; two blanks of a form are two
    parties when their aliases differ."""
    if not re.search(r"[^\W_]", party["name"]):
        return any(party["alias"] == p["alias"] for p in earlier)
    return any(party["name"] in (p["name"], p["alias"]) for p in earlier)


def _blank_goes_on(before: str, sep: str, after: str) -> bool:
    """Whether a plain "and" is inside the description of a party left blank, before its
    alias: "and" then a lower-case word ("organized and existing") starts no party."""
    return (
        bool(re.fullmatch(r"\s+and\s+", sep, re.I))
        and bool(re.match(r"(?-i:[a-z])", after))
        and _BLANK.match(before) is not None
        and not ALIAS_PAREN.search(before)
    )


def _party_chunks(region: str) -> list[tuple[int, int]]:
    """[start, end) of each party's stretch of ``region``."""
    chunks = []
    cs = 0
    for m in _PARTY_SEP.finditer(region):
        if m.start() <= cs:
            continue
        if _joins_a_jurisdiction(region[cs : m.start()], m.group(0), region[m.end() :]):
            continue
        if m.group("list") and not (
            re.search(rf"\b{SUFFIX}\s*$|(?-i:\s[a-z]+)$", region[cs : m.start()], re.I)
            or ALIAS_PAREN.search(region, cs, m.start())  # '("AFSL"), ..., Tokyo, Japan, Beta Ltd'
        ):
            continue  # a list goes on after a company form or a description, not "Jane Roe, PhD"
        if _inside_brackets(region[cs : m.start()], region[m.end() : m.end() + 150]):
            continue  # '("Roche US"; Roche Basel and Roche US together referred to as "Roche")'
        if _and_in_description(region[cs : m.start()], m.group(0), region[m.end() :]):
            continue
        if _blank_goes_on(region[cs : m.start()], m.group(0), region[m.end() :]):
            continue  # "____, a corporation organized and existing under ... ("Distributor")"
        if ";" in m.group(0) or _name_ended(region[cs : m.start()]):
            chunks.append((cs, m.start()))
            cs = m.end()
    chunks.append((cs, len(region)))
    return chunks


# what follows a label or an address, not a name: "VAT NUMBER: 016...", "Nashville, TN 37205"
_FIELD_LABEL = Cue(
    "parties.field_label",
    re.compile(r"\s*[:：]\s*\d"),
    why='A label, not a name: "VAT NUMBER: 016...".',
    examples=(": 016558", " : 12"),
    counter_examples=(", Inc.",),
    how="match",
)
_ADDRESS_WORD = Cue(
    "parties.address_word",
    re.compile(r"(?:Suite|Ste\.|Floor|Room|Unit|Building|P\.?\s?O\.?\s+Box)\b", re.I),
    why="An address line, not a name.",
    examples=("Suite 200", "P.O. Box 10485"),
    counter_examples=("Sunrise Ltd",),
    how="match",
)
_ADDRESS_AFTER = Cue(
    "parties.address_after",
    re.compile(r"\s*,\s*(?:\d+[A-Za-z]?\s+(?-i:[A-Z])\w*|(?-i:[A-Z]{2})\s+\d{5}\b)"),
    why="An address after the words, not a name.",
    examples=(", TN 37205", ", 1 Harbour Rd"),
    counter_examples=(", Inc.", ", a Delaware corporation"),
    how="match",
)


# a form's blank where a party's name goes: "____________", "[*]", "[ * * * ]", "[●]", "[ ]"
_BLANK = Cue(
    "parties.blank",
    re.compile(
        r"(?:\s*(?:,|;|and\b|between\b|among\b)\s*)*\s*"
        r"(?P<blank>_{3,}|\[[\s*●•.…_]*\](?!\s*[\w&])|\*{3,})",
        re.I,
    ),
    why="A form's blank where a party's name goes.",
    examples=("____________", " and [*]", "[●]"),
    counter_examples=("Acme", "[Acme]"),
    how="match",
)


def _blank_party(region: str, cs: int, ce: int) -> Found | None:
    """A form's party left blank but named by its alias ('and [*] ("Distributor")', '____, a
    ____ corporation ("Licensee")'): the blank is its name; without an alias it is none."""
    blank = _BLANK.match(region, cs, ce)
    if not blank:
        return None
    ns, ne = blank.span("blank")
    for m in ALIAS_PAREN.finditer(region, ne, ce):
        alias = paren_alias(m)
        if alias is None:
            continue
        if not re.search(r"[A-Za-z]{2}", alias):
            return None
        return {"name": squash(region[ns:ne]), "alias": alias}, ns, ns, ne, m.end()
    return None


def _chunk_party(region: str, cs: int, ce: int) -> Found | None:
    """The party a chunk names: ``({"name", "alias"}, name start, name end, end)`` in
    ``region``, where ``end`` is past the alias (the name's end without one)."""
    got = clean_name(region[cs:ce])
    if not got or _BLANK.match(region, cs, ce):
        return _blank_party(region, cs, ce)
    ns, ne = cs + got[0], cs + got[1]
    if _FIELD_LABEL.match(region, ne) or _ADDRESS_WORD.match(region, ns):
        return None  # "VAT NUMBER: 01655870705", "Suite 200"
    # "Nashville, TN 37205", "Convention Plaza, 1 Harbour Rd": an address line
    if (
        _ADDRESS_AFTER.match(region, ne)
        and not COMPANY_FORM.search(region[ns:ne])
        and not ALIAS_PAREN.search(region, ne, ce)
    ):
        return None
    alias, end = None, ne
    for m in ALIAS_PAREN.finditer(region, ne, ce):
        candidate = paren_alias(m)
        if candidate is None:
            continue
        alias, end = candidate, m.end()
        break
    else:  # 'INVASIX LTD., ... Israel. Hereinafter referred to as "Customer"'
        said = ALIAS_SAID.search(region, ne, ce)
        if said and not NOT_ALIASES.match(squash(said.group(1))):
            alias, end = squash(said.group(1)), said.end()
    return {"name": squash(region[ns:ne]), "alias": alias}, ns, ns, ne, end


# A party found in a text: ``(party, start, name start, name end, end)``: its citation is
# ``[start, end)``, which holds the name and, when it has one, the alias.
Found = tuple[dict[str, Any], int, int, int, int]


MAX_PARTIES = 24  # a preamble "by and among" a company and its many investors
PREAMBLE_CHARS = 3000  # ... each with an address and a description

_WHEREAS_LEAD = Cue(
    "parties.whereas_lead",
    re.compile(r"\s*WHEREAS\b\s*[,:]?\s*", re.I),
    why="A recital that names the parties.",
    examples=("WHEREAS, ",),
    counter_examples=("Whereby",),
    how="match",
)
_PRIOR_AGREEMENT = Cue(
    "parties.prior_agreement",
    re.compile(r",?\s+(?:and\s+)?(?:as\s+an?\s+amendment\s+to\s+)?that\s+certain\b", re.I),
    why="Another agreement's parties follow.",
    examples=(", and as an amendment to that certain", " that certain"),
    counter_examples=("certain of its Affiliates",),
)


_LIST_LEAD = Cue(
    "parties.list_lead",
    re.compile(
        r"\s*(?:each\s+of\s+)?the\s+(?:following|parties\s+(?:listed|named|set\s+forth)\s+below)"
        r"(?:\s+part(?:y|ies))?\s*:\s*",
        re.I,
    ),
    why="A list of the parties follows.",
    examples=("the following parties: ", "each of the parties listed below: "),
    counter_examples=("the Company: ",),
    how="match",
)


def parse_parties(text: str, start: int) -> list[Found]:
    """Parties named in ``text`` after ``start`` ("between ... and ..."), with their aliases;
    offsets are in ``text``."""
    if lead := _WHEREAS_LEAD.match(text, start):
        start = lead.end()  # "WHEREAS, Acme Inc. (the "Company") and ... entered into ..."
    if lead := _LIST_LEAD.match(text, start):
        start = lead.end()  # "by and among the following parties: (a) Acme Inc. ...; (b) ..."
    stop = END_PREAMBLE.search(text, start)
    end = min(stop.start() if stop else len(text), start + PREAMBLE_CHARS)
    if earlier := _PRIOR_AGREEMENT.search(text, start, end):
        end = earlier.start()  # "... as an amendment to that certain Agreement ... among ..."
    region = text[start:end]
    found: list[Found] = []
    for cs, ce in _party_chunks(region):
        got = _chunk_party(region, cs, ce)
        if got is None:
            continue
        party, _, ns, ne, pe = got
        if nz.jurisdiction_name(ENTITY_FORM.pattern.sub("", party["name"])):
            # "... a company registered in England and Wales ("Customer")": still the
            # description of the party before, whose alias this is.
            if found and found[-1][0]["alias"] is None and party["alias"]:
                found[-1][0]["alias"] = party["alias"]
                found[-1] = (*found[-1][:4], start + pe)
            continue
        if named_before(party, [p for p, *_ in found]):
            continue  # a party named again by its alias ("Loop and Joint Venture Company")
        found.append((party, start + ns, start + ns, start + ne, start + pe))
        if len(found) == MAX_PARTIES:
            break
    if len(found) == 1 and found[0][0]["alias"] is None:
        return _split_pair(text, found[0])
    return found


# what may follow a party's name before its alias: a description, an address, nothing
_BEFORE_ALIAS = Cue(
    "parties.before_alias",
    re.compile(
        r"\s*,?\s*(?:(?:an?|the|its|which|who|whose|with|having|located|residing|organi[sz]ed|"
        r"incorporated|existing|doing|acting|through|hereinafter|herein|formerly|of|on\s+behalf)\b|"
        r"f/k/a|d/b/a|\d|$)",
        re.I,
    ),
    why="What may stand between a party's name and its alias.",
    examples=(", a Nevada corporation", " having an address at", "", ", f/k/a Beta"),
    counter_examples=(". The Company",),
    how="match",
)


_ARTICLE_BEFORE = Cue(
    "parties.article_before",
    re.compile(r"(?<![\w.])(?-i:an?)\s+$"),
    why="A description, not a name, follows.",
    examples=("a ", "retain an "),
    counter_examples=("data ",),
)
_PLACE_BEFORE = Cue(
    "parties.place_before",
    re.compile(r"(?:\b(?-i:at|in|on|from|near)|\d,?)\s+$"),
    why="An address, not a name, follows.",
    examples=("headquarters at ", "P.O. Box 10485, "),
    counter_examples=("retain ",),
)
# "MediaNet Group Technologies, Inc., a Nevada corporation having an address at 5100 W. Copans
# Road Suite 710 Margate, FL 33063 USA ("MEDIANET")": a description with an address may be long
_ADDRESS_CUE = Cue(
    "parties.address_cue",
    re.compile(
        r"\b(?:(?:having|with)\s+(?:an?|its)\s+(?:(?:principal|registered)\s+)?(?:address|office|"
        r"place\s+of\s+business)|(?:located|residing|domiciled)\s+at)\b",
        re.I,
    ),
    why="A description with an address, which may be long.",
    examples=("having an address at", "with its principal place of business", "located at"),
    counter_examples=("a Delaware corporation",),
)
_DESCRIBED_GAP = 250
_SENTENCE_BREAK = Cue(
    "parties.sentence_break",
    re.compile(r"[.;!?]\s+(?-i:The|This|It|We|You|In|If|Each|All|Such)\b|[;!?]"),
    why="A sentence between a name and an alias.",
    examples=(". The Company", "; and"),
    counter_examples=("Acme Inc. (",),
)


def aliased_parties(text: str) -> list[Found]:
    """Parties named before the aliases a sentence defines, without "between": 'Kiromic, Inc, a
    Delaware corporation (the "Company"), is pleased ... to retain Jane Roe ("Consultant")'.
    Each name starts after a word in lower case (or at the text's start) and runs, with its
    description, up to its alias."""
    found: list[Found] = []
    prev = 0
    for m in ALIAS_PAREN.finditer(text):
        window, ws = text[prev : m.start()], prev
        prev = m.end()
        alias = paren_alias(m)
        if alias is None:
            continue
        for c in re.finditer(r"(?:^|(?<=\s))(?=[A-Z0-9])", window):
            if c.start() and re.search(r"(?-i:[A-Z])[\w.,&'’-]*\s{1,2}$", window[: c.start()]):
                continue  # inside a name, not its start (a wider gap ends a title before it)
            if _ARTICLE_BEFORE.search(window, 0, c.start()):
                continue  # "a Nevada corporation": a description, not a name
            if _PLACE_BEFORE.search(window, 0, c.start()):
                continue  # "headquarters at One Penn Center", "P.O. Box 10485, Riyadh"
            got = clean_name(window[c.start() :])
            if got is None or got[0] != 0:
                continue
            if _AGREEMENT_WORD.search(window, c.start(), c.start() + got[1]) or re.search(
                r"\s{3,}", window[c.start() : c.start() + got[1]]
            ):
                continue  # the title before the first name: "IP RIGHTS AGREEMENT   Synchron"
            ns, ne = ws + c.start(), ws + c.start() + got[1]
            gap = m.start() - ne
            if (
                gap > (_DESCRIBED_GAP if _ADDRESS_CUE.search(text, ne, m.start()) else 80)
                or not _BEFORE_ALIAS.match(text, ne, m.start())
                or _SENTENCE_BREAK.search(text, ne, m.start())
            ):
                continue  # a sentence between the name and the alias
            if nz.MONTHS.get(text[ns:ne].split()[0].lower().rstrip(".")):
                continue  # a date, not a name
            party = {"name": squash(text[ns:ne]), "alias": alias}
            if not named_before(party, [p for p, *_ in found]):
                found.append((party, ns, ns, ne, m.end()))
            break
    return found if len(found) >= 2 else []


def _split_pair(text: str, only: Found) -> list[Found]:
    """ "between Galacticomm and Horst Entertainment Inc.": a lone name without alias after
    "between" that joins two names with "and" is the two parties; otherwise none."""
    _, _, ns, ne, _ = only
    joins = list(re.finditer(r"\s+and\s+", text[ns:ne], re.I))
    # a company form or a cover page's capitals ("INGRAM MICRO AND NETGEAR"), not two
    # defined terms ("between Customer and Supplier")
    formal = COMPANY_FORM.search(text[ns:ne]) or text[ns:ne].isupper()
    if len(joins) != 1 or not formal:
        return [only]
    out: list[Found] = []
    for s, e in ((ns, ns + joins[0].start()), (ns + joins[0].end(), ne)):
        got = clean_name(text[s:e])
        if got is None or got != (0, e - s) or not text[s].isupper():
            return [only]
        out.append(({"name": squash(text[s:e]), "alias": None}, s, s, e, e))
    return out


def parties_base(parties: list[dict[str, Any]]) -> float | None:
    """How sure a list of parties is, None if it is not one (a single party without alias)."""
    if not parties or (len(parties) < 2 and not parties[0]["alias"]):
        return None
    with_alias = sum(1 for p in parties if p["alias"]) / len(parties)
    several = PARTIES_SEVERAL_PLUS if len(parties) >= 2 else -PARTIES_ONE_MINUS
    return PARTIES_BASE + several + PARTIES_ALIASED_PLUS * with_alias


_AGREEMENT_WORD = Cue(
    "parties.agreement_word",
    re.compile(r"\bagreement\b|\bcontract\b", re.I),
    why="A title, not a name.",
    examples=("IP RIGHTS AGREEMENT", "contract"),
    counter_examples=("Agreed",),
)
