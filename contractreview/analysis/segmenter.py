"""Clause segmentation: splits a document into the review units the model scores and the app shows.

A numbered item or paragraph is one unit. A long paragraph is split into sentences with
legal-aware rules: no break after abbreviations such as "Inc.", "U.S.", "Sec.", "No.", after
initials, inside parentheses or brackets, or before a lower-case continuation. Headings are
units too (a title is what CUAD's "Document Name" points at) and give every unit under them
its section path.

spaCy's blank English tokenizer (with legal abbreviations as special cases) finds the
candidate boundaries; the rules below decide. Only paragraphs longer than
``SPLIT_THRESHOLD`` characters are tokenized at all, which keeps segmentation fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from contractreview.analysis.furniture import furniture_blocks
from contractreview.analysis.spacy_runtime import tokenizable
from contractreview.docx.document import Block, Document, Region

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer

SPLIT_THRESHOLD = 300  # characters; shorter paragraphs stay one unit
MIN_UNIT_CHARS = 40  # a sentence shorter than this joins the next one
HEADING_MAX_CHARS = 100

# Tokens after which a period never ends a sentence (lower-cased, without the final period).
ABBREVIATIONS = frozenset(
    [
        "inc",
        "corp",
        "co",
        "ltd",
        "llc",
        "llp",
        "lp",
        "plc",
        "pty",
        "gmbh",
        "ag",
        "sa",
        "nv",
        "bv",
        "no",
        "nos",
        "sec",
        "secs",
        "art",
        "arts",
        "para",
        "paras",
        "cl",
        "cls",
        "sch",
        "ex",
        "exh",
        "exhs",
        "vs",
        "v",
        "etc",
        "e.g",
        "i.e",
        "cf",
        "viz",
        "al",
        "approx",
        "appx",
        "dept",
        "div",
        "ref",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "prof",
        "gen",
        "hon",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.s.a",
        "e.u",
        "n.a",
        "s.a",
        "p.c",
        "p.a",
        "ch",
        "pt",
        "pp",
        "vol",
        "fig",
        "figs",
        "min",
        "max",
        "incl",
        "est",
        "assoc",
        "bros",
        "int'l",
        # street addresses in preambles: "412 Mt. Kemble Ave., Ste. 200"
        "mt",
        "ave",
        "blvd",
        "rd",
        "ste",
        "fl",
        "bldg",
        "hwy",
        "pkwy",
        "ln",
        "sq",
        "ft",
        "intl",
        "natl",
        "govt",
        "mfg",
    ]
)

_OPENERS = {"(": ")", "[": "]"}
_CLOSERS = {")", "]"}
_QUOTES = {'"', "'", "”", "’", "“", "‘"}
_ENDERS = {".", "!", "?"}

# "12.", "12.3", "12.3(b)", "(ii)", "Article IV", "Section 5" at the start of a line.
_LABEL_RE = re.compile(
    r"^\s*(?P<label>(?:(?:ARTICLE|Article|SECTION|Section|Clause|CLAUSE)\s+[0-9IVXLC]+[.:]?"
    r"|\d{1,3}(?:\.\d{1,3})*\.?(?:\([a-z0-9]{1,4}\))*"
    r"|\((?:[a-z]{1,2}|[ivxl]{1,6}|\d{1,3}|[A-Z])\)"
    r"|[A-Z]\.))(?=\s)"
)
_CAPS_RE = re.compile(r"[A-Z]")
# "License. During the ..." -> "License": a short capitalised title ending in a period
_RUN_IN_RE = re.compile(r"^\s*([A-Z][\w'’&,/ -]{1,60}?)\.\s+[A-Z(\"“]")
_LOWER_RE = re.compile(r"[a-z]")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]\.?")  # "A.B", "P.O.B", "N.D."
# A capitalised word that still continues the sentence before it: a party's description in a
# preamble ("INVASIX LTD., ... Israel. Hereinafter referred to as "Customer"").
_CONTINUATION = re.compile(r"Hereinafter\b|HEREINAFTER\b")


@dataclass(frozen=True)
class Segment:
    """One review unit: a slice ``[start, end)`` of one block's text."""

    id: str
    text: str
    block: str
    start: int
    end: int
    label: str | None = None  # list label of the block (first unit) or typed number
    heading: str = ""  # section path, e.g. "12. Limitation of Liability"
    is_heading: bool = False
    region: Region = Region.BODY
    ref: str = ""  # how a lawyer cites it: "9.1(a)", "Clause 12(a)", a table row, "Cover page"

    def model_input(self) -> str:
        """What the classifier reads: the unit, preceded by its nearest heading."""
        head = self.heading.rsplit(" > ", 1)[-1]
        if head and not self.is_heading:
            return f"{head} | {self.text}"
        return self.text


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    from contractreview.analysis.spacy_runtime import import_spacy

    spacy = import_spacy()  # without PyTorch: thinc would import it just for GPU layers
    from spacy.symbols import ORTH

    nlp = spacy.blank("en")
    tokenizer: Tokenizer = nlp.tokenizer
    for abbr in ABBREVIATIONS:
        for form in {abbr, abbr.capitalize(), abbr.upper()}:
            tokenizer.add_special_case(f"{form}.", [{ORTH: f"{form}."}])
    return tokenizer


def _is_boundary_token(tok_text: str) -> bool:
    return tok_text in _ENDERS or tok_text.endswith(("?", "!"))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (legal-aware; whitespace trimmed)."""
    if len(text) <= SPLIT_THRESHOLD:
        return _trimmed([(0, len(text))], text)
    doc = _tokenizer()(tokenizable(text))  # same offsets; long chunks masked
    cuts: list[int] = []
    depth = 0
    n = len(doc)
    for i, tok in enumerate(doc):
        t = tok.text
        if t in _OPENERS:
            depth += 1
            continue
        if t in _CLOSERS:
            depth = max(0, depth - 1)
            continue
        if depth or i == 0:
            continue
        if t in _ENDERS:
            prev = doc[i - 1].text
        elif len(t) > 1 and t.endswith(".") and t[-2].isalnum():
            prev = t[:-1]  # the tokenizer kept the period on "1.6." or "Agreement."
        else:
            continue
        low = prev.lower().rstrip(".")
        if low in ABBREVIATIONS or (len(prev) == 1 and prev.isalpha()) or _INITIALS.fullmatch(prev):
            continue  # "Inc.", "No.", an initial, initials ("A.B. Watley", "P.O.B. 867")
        if prev.isdigit() and i + 1 < n and doc[i + 1].text[:1].isdigit():
            continue  # "3. 2" typed oddly
        j = i + 1
        while j < n and (doc[j].is_space or doc[j].text in _QUOTES or doc[j].text in _CLOSERS):
            j += 1  # a period inside quotes or brackets ends at the closer
        if j >= n:
            break
        nxt = doc[j].text
        first = nxt[0]
        if first.islower() or _CONTINUATION.match(text, doc[j].idx):
            continue  # "e.g. the Supplier", "approx. five", "Israel. Hereinafter referred to"
        if not (first.isupper() or first.isdigit() or first in _OPENERS or first in _QUOTES):
            continue
        cuts.append(doc[j].idx)
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in cuts:
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return _merge_short(_trimmed(spans, text), text)


def _trimmed(spans: Iterable[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _merge_short(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """A fragment shorter than MIN_UNIT_CHARS (a run-in heading such as "12. Notices.") joins
    the next unit; a short numbered sentence ("1.3 Each party shall comply.") stays a unit."""
    out: list[tuple[int, int]] = []
    carry: int | None = None
    for s, e in spans:
        if carry is not None:
            s, carry = carry, None
        if e - s < MIN_UNIT_CHARS and not _is_numbered_sentence(text[s:e]):
            carry = s
            continue
        out.append((s, e))
    if carry is not None:
        if out:
            out[-1] = (out[-1][0], spans[-1][1])
        else:
            out.append((carry, spans[-1][1]))
    return out


def _is_numbered_sentence(fragment: str) -> bool:
    label = typed_label(fragment)
    return label is not None and len(fragment[len(label) :].split()) >= 4


def typed_label(text: str) -> str | None:
    """A clause number typed as text at the start of ``text`` ("12.3", "(b)", "Article IV")."""
    m = _LABEL_RE.match(text)
    return m.group("label").strip() if m else None


def _label_depth(label: str) -> int:
    if label[:1].isalpha() and " " in label:
        return 1  # Article IV / Section 5
    if label[:1].isdigit():
        return label.rstrip(".").count(".") + 1 + label.count("(")
    return 3


def looks_like_heading(block: Block) -> bool:
    """A heading by style, or a short title-like line in a document without styles."""
    if block.heading_level is not None:
        return True
    text = block.text.strip()
    if not text or len(text) > HEADING_MAX_CHARS or block.cell is not None:
        return False
    body = text
    label = typed_label(text)
    if label:
        body = text[len(label) :].strip()
    if not body or len(body.split()) > 10:
        return False
    if body.endswith((",", ";", ":")) or (body[-1:].islower() and body.endswith(("and", "or"))):
        return False
    letters = _CAPS_RE.findall(body)
    lowers = _LOWER_RE.findall(body)
    if letters and len(letters) >= 2 * max(1, len(lowers)):
        return True  # "GOVERNING LAW", "1. DEFINITIONS."
    words = re.findall(r"[A-Za-z]+", body)
    words = [w for w in words if len(w) > 3] or words  # "of", "and" may stay lower-case
    titled = bool(words) and all(w[0].isupper() for w in words)
    return titled and (bool(label) or not body.endswith("."))


def _heading_level(block: Block) -> int:
    if block.heading_level is not None:
        return block.heading_level
    label = block.list_label or typed_label(block.text)
    return _label_depth(label) if label else 1


def segment_document(document: Document, regions: Sequence[Region] | None = None) -> list[Segment]:
    """Every review unit of ``document`` in reading order (body, tables, text boxes, notes)."""
    wanted = (
        set(regions)
        if regions is not None
        else {r for r in Region if r not in (Region.HEADER, Region.FOOTER)}
    )
    blocks = [b for b in document.blocks if b.region in wanted]
    return list(iter_segments(blocks, title=document.title, furniture=furniture_blocks(blocks)))


def _run_in_title(block: Block) -> str | None:
    """The run-in title of a clause styled as a heading ("1.1 License. During ...")."""
    m = _RUN_IN_RE.match(block.text)
    if not m:
        return None
    return f"{block.list_label} {m.group(1)}" if block.list_label else m.group(1)


def iter_segments(
    blocks: Iterable[Block], *, title: str = "", furniture: frozenset[str] = frozenset()
) -> Iterator[Segment]:
    """The units of ``blocks``; ``title`` is the document's, never used as a reference.
    Blocks in ``furniture`` (page headers and footers left in the text) are units, never
    headings."""
    stack: list[tuple[int, str]] = []  # (level, heading text)
    refs = _References(title)
    n = 0
    for block in blocks:
        text = block.text
        if not text.strip():
            continue
        in_body = block.region == Region.BODY and block.cell is None and block.id not in furniture
        if in_body and looks_like_heading(block) and len(text) <= HEADING_MAX_CHARS:
            level = _heading_level(block)
            while stack and stack[-1][0] >= level:
                stack.pop()
            title = block.display_text.strip()
            path = " > ".join([h for _, h in stack] + [title])
            stack.append((level, title))
            s, e = _trimmed([(0, len(text))], text)[0]
            ref = refs.heading(block, title)
            yield Segment(
                f"s{n:05d}", text[s:e], block.id, s, e, block.list_label, path, True,
                block.region, ref,
            )  # fmt: skip
            n += 1
            continue
        if in_body and block.heading_level is not None:
            # A whole clause styled as a heading (Common Paper): a body unit whose run-in
            # title, if any, joins the section path of what follows.
            level = block.heading_level
            while stack and stack[-1][0] >= level:
                stack.pop()
            run_in = _run_in_title(block)
            if run_in:
                stack.append((level, run_in))
        path = " > ".join(h for _, h in stack)
        for k, (s, e) in enumerate(sentence_spans(text)):
            piece = text[s:e]
            label = block.list_label if k == 0 and block.list_label else typed_label(piece)
            ref = refs.unit(block, label, path)
            yield Segment(f"s{n:05d}", piece, block.id, s, e, label, path, False, block.region, ref)
            n += 1


# -- clause references ---------------------------------------------------------------------
# A list label alone ("(a)", "(iv)") repeats in every clause; a lawyer cites the full path
# "9.1(a)" or "Clause 12(a)". The path is built from the enclosing numbered blocks: a stack of
# the numbers seen, where a new number replaces its siblings and their children.

COVER_PAGE = "Cover page"
REF_MAX_CHARS = 60  # a table row's first cell used as a reference is cut to this
_ARTICLE_RE = re.compile(
    r"^(?P<word>article|section|clause|schedule|annex|appendix|exhibit|part)\s+"
    r"(?P<num>[0-9]{1,3}|[IVXLC]{1,7}|[A-Z])[.:]?$",
    re.IGNORECASE,
)
# A heading that starts a part of its own, after which the clause numbers start again.
_ANNEX_RE = re.compile(
    r"^(?:annex|appendix|schedule|exhibit|part)\s+(?:[0-9]{1,3}|[IVXLC]{1,7}|[A-Z])\b",
    re.IGNORECASE,
)
_LETTERS = re.compile(r"[^\W\d_]")
# a template's conditional tags around a row's name: "{IF has_pilot}Pilot{END-IF}"
_TEMPLATE_TAG = re.compile(r"\{(?:IF\s[^{}]*|ELSE|END-?IF|END)\}")
MIN_ROW_LABEL_LETTERS = 3  # a tick box or a number alone does not name a table row
_DECIMAL_RE = re.compile(r"^(?P<num>\d{1,3}(?:\.\d{1,3})*)\.?(?P<items>(?:\([a-z0-9]{1,4}\))*)$")
_ITEM_RE = re.compile(r"^\(?(?P<core>[a-z]{1,2}|[ivxl]{1,6}|[A-Z]{1,2}|[IVXL]{1,6}|\d{1,3})[.)]$")
_ROMAN = re.compile(r"^(?:[ivxl]+|[IVXL]+)$")


@dataclass
class _Number:
    kind: str  # "article:<word>", "decimal", or an item kind: alpha, roman, ALPHA, ROMAN, digit
    text: str  # as cited: "Clause 12", "9.1", "a"
    level: int | None  # the block's heading level, when the number is on a styled heading


def _item_kind(core: str, stack: Sequence[_Number]) -> str:
    if core.isdigit():
        return "digit"
    upper = core.isupper()
    if _ROMAN.match(core):
        # "(i)" after "(h)" is a letter; otherwise a roman numeral
        prev = next(
            (x.text for x in reversed(stack) if x.kind == ("ALPHA" if upper else "alpha")), ""
        )
        follows = len(core) == 1 and len(prev) == 1 and ord(core) == ord(prev) + 1
        if not follows:
            return "ROMAN" if upper else "roman"
    return "ALPHA" if upper else "alpha"


class _References:
    """Follows the numbering of the body and gives each unit its reference."""

    def __init__(self, title: str) -> None:
        self.stack: list[_Number] = []
        self.numbered_seen = False  # a numbered clause has started: no more cover page
        self.title = " ".join(title.split())  # the document's title, never a reference
        self.part = ""  # a second set of terms numbered from 1 again: its heading
        self.last_heading = ""  # the latest unnumbered heading, the name of such a part
        self.decimals_seen = False
        self.row: tuple[str, str, int, int] = ("", "", -1, -1)  # the table row being read
        self.row_label = ""  # its first cell that names it
        self.last = ("", "")  # (block id, its reference): the later sentences of a block share it

    def heading(self, block: Block, title: str) -> str:
        text = " ".join(block.text.split())
        annex = _ANNEX_RE.match(text)
        label = _reference_label(
            block.list_label or typed_label(text + " ") or (annex[0] if annex else None)
        )
        if label and self._push(label, block.heading_level):
            return self.cite()
        self.last_heading = _short(title)
        if block.heading_level is not None:  # an unnumbered styled heading ends the clauses
            self.stack = [
                x for x in self.stack if x.level is not None and x.level < block.heading_level
            ]
        if self._is_title(title):
            return COVER_PAGE if not self.numbered_seen else ""
        return _short(title)

    def unit(self, block: Block, label: str | None, path: str) -> str:
        if block.cell is not None:
            return self._cell(block)
        if block.region in (Region.FOOTNOTE, Region.ENDNOTE):
            return "Footnote" if block.region == Region.FOOTNOTE else "Endnote"
        if block.region == Region.BODY:
            label = _reference_label(label)
            if label and self._push(label, block.heading_level):
                self.last = (block.id, self.cite())
                return self.last[1]
            if self.last[0] == block.id:
                return self.last[1]
            if self.stack:
                return self.cite(items=False)
        head = path.rsplit(" > ", 1)[-1] if path else ""
        if not head or self._is_title(head):
            return COVER_PAGE if not self.numbered_seen else ""
        return _short(head)

    def _is_title(self, text: str) -> bool:
        return bool(self.title) and " ".join(text.split()).casefold() == self.title.casefold()

    def _cell(self, block: Block) -> str:
        cell = block.cell
        assert cell is not None
        row = (block.id.rpartition(":")[0], block.region.value, cell.table, cell.row)
        if row != self.row:
            self.row, self.row_label = row, ""
        text = " ".join(_TEMPLATE_TAG.sub("", block.text).split()).rstrip(":")
        if not self.row_label and len(_LETTERS.findall(text)) >= MIN_ROW_LABEL_LETTERS:
            self.row_label = _short(text)
        if self.row_label and not self._is_title(self.row_label):
            return self.row_label
        return COVER_PAGE if not self.numbered_seen else self.cite(items=False)

    def _push(self, label: str, level: int | None) -> bool:
        """Put a clause number on the stack in its place; False if it is not one."""
        st = self.stack
        if m := _ARTICLE_RE.match(label):
            kind = "article:" + m["word"].lower()
            text = f"{m['word'].capitalize()} {m['num']}"
            same = next((i for i in range(len(st) - 1, -1, -1) if st[i].kind == kind), None)
            if _ANNEX_RE.match(text):
                st.clear()
                self.part = ""
            elif same is not None:
                del st[same:]
            else:
                while st and not st[-1].kind.startswith("article:"):
                    st.pop()
        elif m := _DECIMAL_RE.match(label):
            kind, text = "decimal", m["num"] + m["items"]
            depth = m["num"].count(".")
            if depth == 0 and m["num"] == "1" and self.decimals_seen:
                self.part = self.last_heading  # "Service Level Agreement, 1.1"
            self.decimals_seen = True
            while st and (not _is_base(st[-1]) or _decimal_depth(st[-1]) >= depth):
                st.pop()
        elif m := _ITEM_RE.match(label):
            text = m["core"]
            kind = _item_kind(text, st)
            same = next((i for i in range(len(st) - 1, -1, -1) if st[i].kind == kind), None)
            if same is not None:
                del st[same:]
        else:
            return False
        st.append(_Number(kind, text, level))
        self.numbered_seen = True
        return True

    def cite(self, *, items: bool = True) -> str:
        """The reference of the top of the stack: "9.1(a)(ii)", "Clause 8.1", "Article IV"."""
        st = self.stack
        base_at = max((i for i, x in enumerate(st) if _is_base(x)), default=-1)
        base = ""
        if base_at >= 0:
            top = st[base_at]
            base = top.text
            if top.kind == "decimal":
                article = next((x for x in reversed(st[:base_at]) if x.kind != "decimal"), None)
                first = top.text.split(".")[0]
                if article is not None and article.text.split()[-1] == first:
                    base = f"{article.text.split()[0]} {top.text}"  # "Clause 8" + "8.1"
        tail = "".join(f"({x.text})" for x in st[base_at + 1 :]) if items else ""
        if not tail and base_at >= 0 and _decimal_depth(st[base_at]) == 0 and "(" not in base:
            base += "."  # "9." as the document numbers it; "9(a)" below it
        if self.part and base_at >= 0 and st[base_at].kind == "decimal":
            return f"{self.part}, {base}{tail}"
        return base + tail


def _is_base(x: _Number) -> bool:
    return x.kind == "decimal" or x.kind.startswith("article:")


def _decimal_depth(x: _Number) -> int:
    """0 for "9", 1 for "9.1"; an article is above every decimal."""
    return x.text.split("(")[0].count(".") if x.kind == "decimal" else -1


def _reference_label(label: str | None) -> str | None:
    """A list label that can be part of a reference: not a bullet or a form's tick box."""
    if not label:
        return None
    label = label.strip()
    return label if label[:1].isalnum() or label[:1] == "(" else None


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= REF_MAX_CHARS else text[: REF_MAX_CHARS - 1] + "…"
