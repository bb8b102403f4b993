"""Where a party's name starts and ends in the words that introduce it: company forms ("Inc.",
"GmbH"), addresses, descriptions ("a Delaware corporation") and roles ("the Company") are not
part of it.
"""

from __future__ import annotations

import re

from contractreview.text.cues import Cue

SUFFIX = (
    r"(?:Inc|Incorporated|Corp|Corporation|Co|Company|Ltd|Limited|LLC|L\.L\.C|LLP|L\.P|LP|PLC|"
    r"plc|N\.A|S\.A|S\.A\.S|S/A|B\.V|N\.V|GmbH|AG|SE|S\.p\.A|S\.r\.l|S\.[AÀ]\.?\s?R\.L|Pty|S\.L|"
    r"AB|A/S|(?-i:a\.s)|G\.I\.E|Oy|KK)\b\.?"
)
# a company form anywhere in the words: a company's name, not a person's or a role's
COMPANY_FORM = Cue(
    "parties.company_form",
    re.compile(rf"\b{SUFFIX}", re.I),
    why="A company's form: the words name a company.",
    examples=("Acme, Inc.", "Beta Holdings GmbH", "Gamma S.p.A."),
    counter_examples=("Jane Roe", "the Customer"),
)
# the rest of a firm's name of surnames: "Keefe, Bruyette & Woods, Inc.", "Smith, Roe & Co."
_FIRM_NAME = (
    r"(?:\s*(?-i:[A-Z])[\w'’-]+,)*\s*(?-i:[A-Z])[\w'’-]+\s*&\s*(?-i:[A-Z])[\w'’-]+,?\s*"
    rf"{SUFFIX}"
)
# a street: "Elm Road", "LANDDROSTLAAN", "Hauptstrasse", "P.O. Box"
_STREET_WORD = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Place|Pl|Square|Sq|"
    r"Highway|Hwy|Parkway|Pkwy|Court|Ct|Terrace|Crescent|Circle|Plaza|Strasse|Straße|Straat|"
    r"Laan|Weg|Gasse|Gracht|Plein|Kade|Platz|Allee|Ring|Vej|Gade|Gatan|Vägen|Calle|Avenida|Rua|"
    r"Rue|Via|Viale|Corso|Piazza)\.?"
)
_STREET = (
    rf"(?:(?:(?-i:[A-Z])[\w'’.-]*\s+)?{_STREET_WORD}|"
    r"[\w'’-]*(?:laan|stra(?:ss|ß)e|straat|weg|gasse|gracht|plein|kade|platz|allee|vej|gade|gatan|"
    r"v[äa]gen)|P\.?\s?O\.?\s+Box)\b"
)
# a person's post-nominal letters belong to the name: "Michael T. Murray, N.D.", "Jr."
_POST_NOMINAL = (
    r"(?:Jr|Sr|II|III|IV|M\.?D|N\.?D|Ph\.?D|Esq|D\.?O|C\.?P\.?A)\b\.?(?=\s*[,(\"“]|\s*$)"
)
_NAME_CUT = Cue(
    "parties.name_cut",
    re.compile(
        # not the comma of "Acme, Inc." or "Columbia Laboratories, (Bermuda) Ltd."
        rf",(?!\s*{SUFFIX}|\s*\([^()]{{1,40}}\)\s*{SUFFIX}|{_FIRM_NAME}|\s*{_POST_NOMINAL})|"
        r"(?-i:\s+(?:a|an|is|with|having|whose|located|organized|organised|"
        r"incorporated|existing|residing|represented|doing\s+business|acting|on\s+behalf|its|which|"
        r"who|together|including|c/o|at|of\s+\d|suite|hereinafter|herein|referred))[\s,]|\s+of\s+\[|"
        # not a bracket inside a name, before its company form: "Beike Internet (Beijing) Security
        # Technology Co., Ltd.", "SYSTEMS APPLICATIONS PRODUCTS (AFRICA) (PTY) LIMITED"
        rf"\s*\((?![^()\"“”]{{1,40}}\)(?:\s*\([^()\"“”]{{1,40}}\)|\s+(?-i:[A-Z])[\w&'-]+){{0,4}}"
        rf"\s*,?\s*{SUFFIX})|"
        rf"\s+\d{{2,}}(?!\d|\s+{SUFFIX})|"  # not "WPP 2005 LIMITED"
        r"\s+(?:Suite|Attn|Address|P\.?\s?O\.?\s+Box)\b|"
        # an address right after the name: "ACME MEDIA LANDDROSTLAAN 23, ...", "Acme Ltd 5 Elm Road"
        rf"(?:\s+(?:of|at))?\s+(?:"
        rf"(?={_STREET}\s+\d{{1,5}}[A-Za-z]?\b(?!\s*,?\s*{SUFFIX}))|"
        rf"(?=\d{{1,5}}[A-Za-z]?,?(?:\s+(?-i:[A-Z])[\w.'’-]*){{1,3}}?\s+{_STREET_WORD}\b)|"
        rf"(?=(?-i:[A-Z])[\w'’.-]+\s+\d{{1,5}}[A-Za-z]?\s*,\s*(?!{SUFFIX})(?-i:[A-Z0-9])))|"
        r"\s+of\s+(?=\d+[A-Za-z]?\s+(?-i:[A-Z]))|"  # "Lambda Mining Limited of 20 Hay Street"
        r"\s+(?:Room|Floor|Flat|Rm\.?)\s+\d|"  # "Dolphin Industries Limited Room 1302 ..."
        # the next field of a form: "Legal representative:", "Telephone:"
        r"\s+(?:legal\s+representative|address|contact|tel(?:ephone)?|fax|e-?mail|attention|"
        r"registered\s+(?:address|office)|authori[sz]ed\s+(?:signatory|representative))\s*[:：]",
        re.I,
    ),
    why="Where a party's name ends: its description or address starts.",
    examples=(
        ", a Delaware corporation",
        "Acme Ltd 5 Elm Road",
        "Beta Inc. with its principal place of business",
        "Lambda Mining Limited of 20 Hay Street",
        "Acme Ltd Telephone: 555",
    ),
    counter_examples=(
        "Acme, Inc.",
        "Keefe, Bruyette & Woods, Inc.",
        "Michael T. Murray, N.D.",
        "WPP 2005 LIMITED",
    ),
)
_NOT_NAMES = Cue(
    "parties.not_names",
    re.compile(
        r"(?:this|exhibit|schedule|agreement|amendment|whereas|company\s+telephone|dated|know\s+all)\b|"
        r".*\b(?:agreement|amendment)\b",
        re.I,
    ),
    why="Words that start no name.",
    examples=("This Agreement", "Exhibit A", "Master Services Agreement"),
    counter_examples=("Acme Corp.",),
    how="match",
)
ENUM = Cue(
    "parties.enum",
    re.compile(r"\s*(?:\(?\d{1,2}[.)]|\([a-z]\)|[a-z]\))\s+"),
    why="The number of a list item.",
    examples=("(1) ", "a) ", "2. "),
    counter_examples=("Acme",),
    how="match",
)
_NAME_WORDS_OK = Cue(
    "parties.name_words",
    re.compile(r"(?:of|and|the|de|du|la|for|&|d/b/a|dba|f/k/a|y|und|von|van|der)$"),
    why="Lower-case words a name may hold.",
    examples=("of", "d/b/a"),
    counter_examples=("is",),
    how="match",
)

# "Delaware corporation", "New York limited liability company": a description, not a name
ENTITY_FORM = Cue(
    "parties.entity_form",
    re.compile(
        r"\s+(?:corporation|company|limited\s+liability\s+company|limited\s+partnership|"
        r"partnership|general\s+partnership|banking\s+corporation|corp\.?)$",
        re.I,
    ),
    why="A description, not a name.",
    examples=("New York limited liability company", "Delaware corporation"),
    counter_examples=("Acme Holdings",),
)
# ... or a gap of a cover page's layout: "AVIONS DE TRANSPORT REGIONAL, G.I.E.   AZUL-ATR"
_AFTER_NAME = Cue(
    "parties.after_name",
    re.compile(r"\s+(?:[a-z]|(?:With|Dated|Having|Whose|Located)\b)|\s{3,}\S"),
    why="Words after a company form that belong to no name.",
    examples=(" through its Chief Executive", "   AZUL-ATR", " With principal offices"),
    counter_examples=(", a Delaware corporation",),
    how="match",
)
_NAME_GOES_ON = Cue(
    "parties.name_goes_on",
    re.compile(r"\s+(?:f/k/a|d/b/a|dba|formerly|and\b|&|of\b|de\b|y\b)", re.I),
    why="Words after a company form that may carry a name on.",
    examples=(" d/b/a Acme Stores", " and Electric", " of America"),
    counter_examples=(", a Delaware corporation",),
    how="match",
)


_SALUTATION = Cue(
    "parties.salutation",
    re.compile(
        r"\s*(?:Dear\s+)?(?:(?:Ladies|Sirs?|Madams?)\s+(?:and|&)\s+)?(?:Gentlemen|Sirs|Mesdames)\s*[:,]\s*|"
        r"\s*Dear\s+(?:Sir|Madam|Mr\.?|Mrs\.?|Ms\.?)[^:,\n]{0,40}[:,]\s*"
    ),
    why="A letter's greeting before the first party.",
    examples=("Ladies and Gentlemen: ", "Dear Mr. Smith, "),
    counter_examples=("Acme Corp.",),
    how="match",
)
_HONORIFIC = Cue(
    "parties.honorific",
    re.compile(r"(?:Mr|Mrs|Ms|Miss|Messrs)\.?\s+(?=[A-Z])"),
    why="A title before a person's name.",
    examples=("Mr. John Roe", "Ms Jane Doe"),
    counter_examples=("Mister Roe",),
    how="match",
)
# ... but not "its Affiliates", "each Party": words that refer to a party, not a name
_LOWER_NAME = Cue(
    "parties.lower_name",
    re.compile(
        r"(?!(?:its|their|his|her|our|each|all|any|such|said|certain|other|an?|the)\b)"
        r"[a-z][\w.-]*(?:\s+[\w.-]+){0,3}"
    ),
    why="A name written in lower case.",
    examples=("i-on interactive", "ebix.com"),
    counter_examples=("its Affiliates", "each Party"),
    how="fullmatch",
)
# a group named by its members: "a contractual joint venture comprised of Acme, Inc. and ..."
_VENTURE_OF = Cue(
    "parties.venture_of",
    re.compile(
        r"\s*an?\s+(?:contractual\s+)?joint\s+venture\s+(?:comprised|composed|consisting)\s+of\s+",
        re.I,
    ),
    why="A group named by its members.",
    examples=("a contractual joint venture comprised of ",),
    counter_examples=("a joint venture partner",),
    how="match",
)
_DESCRIBED_AS = Cue(
    "parties.described_as",
    re.compile(
        r"\s*,\s*an?\s+(?:(?-i:[A-Z])[\w.-]*\s+){1,3}(?:corporation|company|limited\s+liability\s+"
        r"company|(?:limited\s+|general\s+)?partnership)\b",
        re.I,
    ),
    why="A description that vouches for the name before it.",
    examples=(", a Florida corporation", ", a New York limited liability company"),
    counter_examples=(", the Company",),
    how="match",
)


# a role, not a name: "the Company", "AGENTS", "Investors", or a word of a sentence ("OR"). (A
# form's party may be named by its role alone: "between Acme Bank and Customer", "and You".)
_NOT_A_NAME = Cue(
    "parties.not_a_name",
    re.compile(
        r"(?:the\s+)?(?:company|party|agreement|investor|"
        r"(?:compan|part|counterpart)ies|(?:investor|agent|affiliate|customer|client|supplier|vendor|"
        r"buyer|seller|purchaser|licensor|licensee|franchisor|franchisee|distributor|reseller|sponsor|"
        r"contractor|consultant|lender|borrower|member|owner|provider|holder|shareholder|"
        r"stockholder)s|"
        r"or|and|nor|the|by|to|of|in|for|with|from|between|among|terms|conditions)[.,;:]?$",
        re.I,
    ),
    why="A role or a word of a sentence, not a name.",
    examples=("the Company", "AGENTS", "Investors", "OR"),
    counter_examples=("Acme Corp.", "Customer"),
    how="match",
)
# words of a sentence in a clause written in capitals ("INVESTOR BY THE COMPANY", "COMPANY WILL
# HOLD INVESTOR"), which no name without a company form holds
_SENTENCE_WORDS = Cue(
    "parties.sentence_words",
    re.compile(
        r"(?-i:\b(?:WILL|SHALL|MAY|MUST|CAN|SHOULD|WOULD|HOLDS?|IS|ARE|WAS|WERE|BE|BEEN|HAS|HAVE|HAD|"
        r"HEREBY|HEREIN|HEREUNDER|AGREES?|AGREED|NOT|SUCH|THAT|WHICH|IF|OR|BY\s+THE|TO\s+THE|"
        r"FROM\s+THE)\b)"
    ),
    why="Capitals of a clause, not of a name.",
    examples=("COMPANY WILL HOLD INVESTOR", "INVESTOR BY THE COMPANY"),
    counter_examples=("ACME HOLDINGS LIMITED", "Will Smith"),
)


def clean_name(chunk: str) -> tuple[int, int] | None:
    """The [start, end) of the party's name at the start of ``chunk``, without description."""
    s = 0
    while True:
        m = re.match(r"\s*(?:,|;|and\b|between\b|among\b|the\s+(?=[a-z]))\s*", chunk[s:], re.I)
        if not m or not m.group(0):
            break
        s += m.end()
    if greeting := _SALUTATION.match(chunk, s):
        s = greeting.end()  # a letter's "Ladies and Gentlemen:" before the first party
    if enum := ENUM.match(chunk, s):
        s = enum.end()
    if venture := _VENTURE_OF.match(chunk, s):
        s = venture.end()  # "(a) a joint venture comprised of Acme, Inc.": Acme is the party
    # "between professional golfer, TOM WATSON, ...": a description before the name
    if described := re.match(r"(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*\s*,\s*(?=[A-Z])", chunk[s:]):
        s += described.end()
    if label := re.match(r"\s*(?:Client|Customer|Company|Party)?\s*Name\s*:\s*", chunk[s:]):
        s += label.end()  # a form: "Client Name: MEDICAL MANAGER MIDWEST, INC."
    while s < len(chunk) and chunk[s] in "-_*= \n\t":
        s += 1
    if title := _HONORIFIC.match(chunk, s):
        s = title.end()  # "Mr. John Roe": the party is John Roe
    # a name in quotes: 'between "Acme Holding AG", a company ...'
    if quoted := re.match(r"[\"“]([^\"“”\n]{2,100})[\"”]\s*,", chunk[s:]):
        s, e = s + 1, s + 1 + len(quoted.group(1))
        return (s, e) if clean_name(chunk[s:e]) == (0, e - s) else None
    rest = chunk[s:]
    cut = _NAME_CUT.search(rest)
    e = s + (cut.start() if cut else len(rest))
    while e > s and chunk[e - 1] in " ,;:-":
        e -= 1
    # "Cargill, Incorporated through its ...", "KALLO Inc. With principal offices": the name
    # ends at its company form when words that belong to no name follow it
    for m in COMPANY_FORM.finditer(chunk[s:e]):
        tail = chunk[s + m.end() : e]
        # an abbreviated form ends the name before " of" + an address ("Ltd. of Beijing"),
        # a spelt-out one may not ("Aluminum Company of America")
        place = re.match(r"\s+of\s", tail) and not re.match(
            r"compan|corporation|incorporated|limited", m.group(0), re.I
        )
        if _AFTER_NAME.match(tail) and (place or not _NAME_GOES_ON.match(tail)):
            e = s + m.end()
            break
    if chunk[s:e].endswith(".."):  # "Torvec Inc.."
        e -= 1
    name = chunk[s:e]
    # "ebix.com, Inc.", "mPhase Technologies Inc.", "iBio Inc." start lower-case
    lower_start = name[:1].islower() and not re.match(r"\S*\.\S|[a-z]{1,2}[A-Z]|[a-z]\d", name)
    # "i-on interactive, a Florida corporation": a lower-case name its description vouches for
    vouched = (
        name[:1].islower()
        and bool(_LOWER_NAME.fullmatch(name))
        and bool(_DESCRIBED_AS.match(chunk, e))
    )
    lower_start = lower_start and not vouched
    if len(name) < 2 or lower_start or not name[0].isalnum() or len(name) > 100:
        return None
    if not re.search(r"[A-Za-z]{2}", name) or re.search(r"\bmeans\b|\bshall\b", name):
        return None
    if _NOT_A_NAME.match(name):
        return None  # "the Company", "AGENTS", "OR": a role or a word of a sentence
    if _SENTENCE_WORDS.search(name) and not COMPANY_FORM.search(name):
        return None  # capitals of a clause: "COMPANY WILL HOLD INVESTOR", "INVESTOR BY THE"
    if _NOT_NAMES.match(name) or (name[0].isdigit() and not COMPANY_FORM.search(name)):
        return None
    lower = [w for w in name.split() if w[:1].islower() and not _NAME_WORDS_OK.match(w)]
    if lower and not vouched and not COMPANY_FORM.search(name):
        return None  # a sentence, not a name: "EIT is in charge of the remote Network"
    return s, e
