"""List labels exactly as Word displays them, computed from ``numbering.xml`` and ``styles.xml``.

A numbered paragraph names a numbering instance (``w:num``, via ``numId``) and a level
(``ilvl``), directly or through its paragraph style and the style's ``basedOn`` chain. The
instance points at an abstract definition (``w:abstractNum``), possibly through a list style
(``numStyleLink`` -> style -> ``numId`` -> the abstractNum with the matching ``styleLink``).
Each level has a start value, a number format and a template such as ``"%1.%2(%3)"``.

Counters belong to the abstract definition, so paragraphs of different ``w:num`` instances of
one definition continue one list (tables in between included), unless an instance restarts a
level with ``lvlOverride/startOverride`` — applied the first time that instance is used. A
level restarts after any higher level is used, or after the level named by ``lvlRestart``.

Every value is bounded, whatever the file says: a start value is clamped to Word's own range
(0..32767), a malformed level number is ignored (as Word does), the template to
:data:`MAX_LVL_TEXT` characters, a label to :data:`MAX_LABEL_CHARS`, and the labels of one
story to :data:`MAX_LABEL_WORK` characters in all, so a few KB of numbering.xml cannot make
gigabytes of labels; a style's ``basedOn`` chain is followed :data:`MAX_STYLE_CHAIN` steps
at most, once per style. What was clamped or dropped is said in the ``warnings`` of
:class:`Numbering` and :class:`StyleSheet`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Final

from lxml import etree

W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W: Final = f"{{{W}}}"
MAX_LEVELS: Final = 9
MAX_NUMBER: Final = 32767  # Word's largest list start value
MAX_LVL_TEXT: Final = 255  # characters of an lvlText template
MAX_LABEL_CHARS: Final = 200  # characters of one label
MAX_LABEL_WORK: Final = 2_000_000  # characters of labels in one story (body, notes, a header)
MAX_STYLE_CHAIN: Final = 64  # basedOn steps followed from a style (real ones take a few)
WARN_STYLE_CHAIN: Final = (
    "Some styles of this document are based on a chain of more than 64 others; their "
    "formatting beyond that is not followed."
)
WARN_NUMBERING: Final = (
    "The list numbering of this document has out-of-range values; some list numbers may be "
    "shown differently from Word."
)
WARN_LABEL_WORK: Final = (
    "The document has more list numbering than this program renders safely; later list "
    "numbers are not shown."
)

_PLACEHOLDER_RE: Final = re.compile(r"%([1-9])")
_ROMAN: Final = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip
# Bullets written with private-use code points of the Symbol/Wingdings fonts.
_BULLET_GLYPHS: Final = {
    "\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "\uf076": "❖",
    "\uf0a8": "☐", "\uf06e": "■", "\uf071": "❑", "\uf0e0": "➔", "\uf02d": "-",
}  # fmt: skip
_CARDINALS: Final = (
    "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
    "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen",
    "Nineteen", "Twenty",
)  # fmt: skip
_ORDINALS: Final = (
    "Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth",
    "Ninth", "Tenth", "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth",
    "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth", "Twentieth",
)  # fmt: skip


def _val(el: etree._Element | None, attr: str = "val") -> str | None:
    if el is None:
        return None
    v = el.get(_W + attr)
    return None if v is None else str(v)


def _int(el: etree._Element | None, default: int | None = None) -> int | None:
    v = _val(el)
    if v is None:
        return default
    try:
        return int(v)
    except ValueError:
        return default


def _on(el: etree._Element | None) -> bool:
    """A WordprocessingML on/off property: present without val, or val true/1/on."""
    if el is None:
        return False
    return _val(el) not in ("0", "false", "off")


# -- number formats -------------------------------------------------------------------------


def to_roman(n: int) -> str:
    if n <= 0 or n > MAX_NUMBER:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def to_letters(n: int) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa.. (the letter repeated, not base 26)."""
    if n <= 0:
        return ""
    if n > MAX_NUMBER:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def to_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's ``numFmt`` ``fmt``; unknown formats fall back to decimal."""
    if fmt in ("none", "bullet"):
        return ""
    if fmt == "lowerLetter":
        return to_letters(n)
    if fmt == "upperLetter":
        return to_letters(n).upper()
    if fmt == "lowerRoman":
        return to_roman(n)
    if fmt == "upperRoman":
        return to_roman(n).upper()
    if fmt == "ordinal":
        return to_ordinal(n)
    if fmt == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if fmt == "cardinalText" and 0 <= n < len(_CARDINALS):
        return _CARDINALS[n]
    if fmt == "ordinalText" and 0 <= n < len(_ORDINALS):
        return _ORDINALS[n]
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    return str(n)


@functools.lru_cache(maxsize=256)
def _template(lvl_text: str) -> tuple[str, frozenset[int]]:
    """``lvlText`` as a :meth:`str.format` template (``"%1.%2"`` -> ``"{0}.{1}"``) and the
    levels it shows: formatting runs in C however many placeholders the template repeats."""
    escaped = lvl_text.replace("{", "{{").replace("}", "}}")
    levels = frozenset(int(k) - 1 for k in _PLACEHOLDER_RE.findall(lvl_text))
    return _PLACEHOLDER_RE.sub(lambda m: f"{{{int(m.group(1)) - 1}}}", escaped), levels


# -- styles --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    id: str
    name: str
    type: str
    based_on: str | None
    num_id: str | None  # from pPr/numPr; "0" removes inherited numbering
    ilvl: int | None
    outline_level: int | None  # 0-based w:outlineLvl (9 = body text)


class StyleSheet:
    """Paragraph styles by id, with the ``basedOn`` chain resolved on demand."""

    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, Style] = {}
        self.default_paragraph: str | None = None
        self.warnings: set[str] = set()
        self._chains: dict[str, tuple[Style, ...]] = {}
        if root is None:
            return
        for el in root.iter(_W + "style"):
            sid = el.get(_W + "styleId")
            if sid is None:
                continue
            ppr = el.find(_W + "pPr")
            num_pr = ppr.find(_W + "numPr") if ppr is not None else None
            num_id = _val(num_pr.find(_W + "numId")) if num_pr is not None else None
            ilvl = _int(num_pr.find(_W + "ilvl")) if num_pr is not None else None
            outline = _int(ppr.find(_W + "outlineLvl")) if ppr is not None else None
            stype = el.get(_W + "type", "paragraph")
            self.styles[sid] = Style(
                id=sid,
                name=_val(el.find(_W + "name")) or sid,
                type=stype,
                based_on=_val(el.find(_W + "basedOn")),
                num_id=num_id,
                ilvl=ilvl,
                outline_level=outline,
            )
            if stype == "paragraph" and _on_attr(el.get(_W + "default")):
                self.default_paragraph = sid

    def chain(self, style_id: str | None) -> tuple[Style, ...]:
        """The style and its ancestors, nearest first (cycles cut, at most
        :data:`MAX_STYLE_CHAIN` long); computed once per style."""
        key = style_id or ""
        cached = self._chains.get(key)
        if cached is not None:
            return cached
        out: list[Style] = []
        seen: set[str] = set()
        sid = style_id
        while sid and sid not in seen and sid in self.styles:
            if len(out) == MAX_STYLE_CHAIN:
                self.warnings.add(WARN_STYLE_CHAIN)
                break
            seen.add(sid)
            style = self.styles[sid]
            out.append(style)
            sid = style.based_on
        self._chains[key] = tuple(out)
        return self._chains[key]

    def name(self, style_id: str | None) -> str | None:
        style = self.styles.get(style_id or "")
        return style.name if style else style_id

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """``(numId, ilvl)`` a paragraph inherits from its style chain."""
        num_id: str | None = None
        ilvl: int | None = None
        for style in self.chain(style_id):
            if num_id is None and style.num_id is not None:
                num_id = style.num_id
            if ilvl is None and style.ilvl is not None:
                ilvl = style.ilvl
        return num_id, ilvl

    def outline_level(self, style_id: str | None) -> int | None:
        # Word keeps the default paragraph style ("Normal") at body-text level whatever
        # styles.xml says (some converters write outlineLvl 0 there).
        for style in self.chain(style_id):
            if style.id == self.default_paragraph:
                return None
            if style.outline_level is not None:
                return style.outline_level
        return None

    def heading_level(self, style_id: str | None) -> int | None:
        """1..9 for "heading N" styles (built-in name, case-insensitive), else None."""
        for style in self.chain(style_id):
            m = re.fullmatch(r"heading\s*([1-9])", style.name.strip(), re.IGNORECASE)
            if m:
                return int(m.group(1))
        return None


def _on_attr(v: str | None) -> bool:
    return v is not None and v not in ("0", "false", "off")


# -- numbering definitions -------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    ilvl: int
    start: int = 1
    num_fmt: str = "decimal"
    lvl_text: str = ""
    is_lgl: bool = False
    restart_after: int | None = None  # lvlRestart: 0 = never; N = after level N (1-based)
    pstyle: str | None = None


def _level_number(el: etree._Element) -> int | None:
    """``w:ilvl`` of a ``w:lvl`` or ``w:lvlOverride``; None when it is no level Word has."""
    raw = el.get(_W + "ilvl", "0") or "0"
    try:
        ilvl = int(raw)
    except ValueError:
        return None
    return ilvl if 0 <= ilvl < MAX_LEVELS else None


def _clamp(n: int) -> int:
    return max(0, min(MAX_NUMBER, n))


def _parse_level(el: etree._Element, ilvl: int, warnings: set[str]) -> Level:
    start = _int(el.find(_W + "start"), 1) or 0
    lvl_text = _val(el.find(_W + "lvlText")) or ""
    if start != _clamp(start) or len(lvl_text) > MAX_LVL_TEXT:
        warnings.add(WARN_NUMBERING)
    return Level(
        ilvl=ilvl,
        start=_clamp(start),
        num_fmt=_val(el.find(_W + "numFmt")) or "decimal",
        lvl_text=lvl_text[:MAX_LVL_TEXT],
        is_lgl=_on(el.find(_W + "isLgl")),
        restart_after=_int(el.find(_W + "lvlRestart")),
        pstyle=_val(el.find(_W + "pStyle")),
    )


@dataclass
class AbstractNum:
    id: str
    levels: dict[int, Level]
    num_style_link: str | None
    style_link: str | None


@dataclass
class NumInstance:
    id: str
    abstract_id: str
    start_overrides: dict[int, int]
    level_overrides: dict[int, Level]


@dataclass
class _ListState:
    counters: list[int | None] = field(default_factory=lambda: [None] * MAX_LEVELS)


class Numbering:
    """The numbering definitions of a document plus the running counters of its lists.

    Call :meth:`label` for every numbered paragraph in document order; it advances the
    counters and returns the label Word shows. Use one ``Numbering`` per story (the body,
    the footnotes, one header) — :meth:`fresh` gives a copy with new counters.
    """

    def __init__(self, root: etree._Element | None, styles: StyleSheet) -> None:
        self.styles = styles
        self.abstracts: dict[str, AbstractNum] = {}
        self.instances: dict[str, NumInstance] = {}
        self.warnings: set[str] = set()  # shared by the fresh() copies
        if root is not None:
            self._load(root)
        self._states: dict[str, _ListState] = {}
        self._used: set[str] = set()  # numIds already met (their start overrides applied)
        self._work = 0  # characters of labels made for this story

    def fresh(self) -> Numbering:
        other = Numbering.__new__(Numbering)
        other.styles = self.styles
        other.abstracts = self.abstracts
        other.instances = self.instances
        other.warnings = self.warnings
        other._states = {}
        other._used = set()
        other._work = 0
        return other

    def _load(self, root: etree._Element) -> None:
        for el in root.iter(_W + "abstractNum"):
            aid = el.get(_W + "abstractNumId")
            if aid is None:
                continue
            levels = {}
            for lvl in el.iter(_W + "lvl"):
                ilvl = _level_number(lvl)
                if ilvl is None:
                    self.warnings.add(WARN_NUMBERING)
                    continue
                levels[ilvl] = _parse_level(lvl, ilvl, self.warnings)
            self.abstracts[aid] = AbstractNum(
                aid,
                levels,
                _val(el.find(_W + "numStyleLink")),
                _val(el.find(_W + "styleLink")),
            )
        for el in root.iter(_W + "num"):
            nid = el.get(_W + "numId")
            aid = _val(el.find(_W + "abstractNumId"))
            if nid is None or aid is None:
                continue
            starts: dict[int, int] = {}
            overrides: dict[int, Level] = {}
            for ov in el.iter(_W + "lvlOverride"):
                ilvl = _level_number(ov)
                if ilvl is None:
                    self.warnings.add(WARN_NUMBERING)
                    continue
                so = _int(ov.find(_W + "startOverride"))
                if so is not None:
                    if so != _clamp(so):
                        self.warnings.add(WARN_NUMBERING)
                    starts[ilvl] = _clamp(so)
                lvl = ov.find(_W + "lvl")
                if lvl is not None:
                    overrides[ilvl] = _parse_level(lvl, ilvl, self.warnings)
            self.instances[nid] = NumInstance(nid, aid, starts, overrides)

    # -- resolution ------------------------------------------------------------------------
    def _abstract(self, num_id: str) -> AbstractNum | None:
        inst = self.instances.get(num_id)
        if inst is None:
            return None
        abstract = self.abstracts.get(inst.abstract_id)
        # A list style: numStyleLink -> style -> numId -> the abstractNum holding the levels.
        for _ in range(4):
            if abstract is None or not abstract.num_style_link:
                break
            linked_num, _ilvl = self.styles.numbering(abstract.num_style_link)
            linked = self.instances.get(linked_num or "")
            target = self.abstracts.get(linked.abstract_id) if linked else None
            if target is None or target is abstract:
                break
            abstract = target
        return abstract

    def level(self, num_id: str, ilvl: int) -> Level | None:
        inst = self.instances.get(num_id)
        if inst is None:
            return None
        if ilvl in inst.level_overrides:
            return inst.level_overrides[ilvl]
        abstract = self._abstract(num_id)
        return abstract.levels.get(ilvl) if abstract else None

    def resolve(
        self, style_id: str | None, num_id: str | None, ilvl: int | None
    ) -> tuple[str, int] | None:
        """``(numId, ilvl)`` of a paragraph from its own numPr and its style chain."""
        s_num, s_ilvl = self.styles.numbering(style_id)
        if num_id is None:
            num_id = s_num
            if ilvl is None:
                ilvl = s_ilvl
        if num_id is None or num_id == "0" or num_id not in self.instances:
            return None
        if ilvl is None:
            ilvl = s_ilvl if num_id == s_num else None
        if ilvl is None:
            ilvl = self._level_for_style(num_id, style_id)
        return num_id, max(0, min(MAX_LEVELS - 1, ilvl))

    def _level_for_style(self, num_id: str, style_id: str | None) -> int:
        """The level linked (``w:lvl/w:pStyle``) to the style or its nearest ancestor."""
        abstract = self._abstract(num_id)
        if abstract:
            for style in self.styles.chain(style_id):
                for level in abstract.levels.values():
                    if level.pstyle == style.id:
                        return level.ilvl
        return 0

    # -- counting --------------------------------------------------------------------------
    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the list of ``(num_id, ilvl)`` by one paragraph and return its label."""
        inst = self.instances.get(num_id)
        abstract = self._abstract(num_id)
        level = self.level(num_id, ilvl)
        if inst is None or abstract is None or level is None:
            return None
        state = self._states.setdefault(abstract.id, _ListState())
        counters = state.counters
        if num_id not in self._used:
            # First paragraph of this instance: its start overrides restart those levels.
            self._used.add(num_id)
            for k in inst.start_overrides:
                if 0 <= k < MAX_LEVELS:
                    counters[k] = None
        for k in range(ilvl):
            # A higher level not used since its restart counts as at its start value, so the
            # next paragraph at that level shows start + 1 (as Word and LibreOffice do).
            if counters[k] is None:
                higher = self.level(num_id, k)
                counters[k] = self._start(inst, higher) if higher else 1
        current = counters[ilvl]
        counters[ilvl] = self._start(inst, level) if current is None else current + 1
        for k in range(ilvl + 1, MAX_LEVELS):
            deeper = self.level(num_id, k)
            after = deeper.restart_after if deeper and deeper.restart_after is not None else k
            if after and ilvl < after:
                counters[k] = None
        if self._work >= MAX_LABEL_WORK:
            self.warnings.add(WARN_LABEL_WORK)
            return None
        label = self._render(inst, level, counters)
        self._work += len(label)
        return label

    @staticmethod
    def _start(inst: NumInstance, level: Level) -> int:
        return inst.start_overrides.get(level.ilvl, level.start)

    def _render(self, inst: NumInstance, level: Level, counters: list[int | None]) -> str:
        """The label, cut at :data:`MAX_LABEL_CHARS`; each level's number is made once."""
        if level.num_fmt == "bullet":
            return "".join(_BULLET_GLYPHS.get(ch, ch) for ch in level.lvl_text)[:MAX_LABEL_CHARS]
        template, used = _template(level.lvl_text)
        numbers = [
            self._number(inst, level, counters, k)[:MAX_LABEL_CHARS] if k in used else ""
            for k in range(MAX_LEVELS)
        ]
        return template.format(*numbers)[:MAX_LABEL_CHARS]

    def _number(self, inst: NumInstance, level: Level, counters: list[int | None], k: int) -> str:
        """The ``%k+1`` placeholder of ``level``'s template."""
        ref = self.level(inst.id, k)
        value = counters[k]
        if value is None:  # a level skipped since its last restart shows its start value
            value = self._start(inst, ref) if ref else 1
        fmt = ref.num_fmt if ref else "decimal"
        if level.is_lgl and fmt != "decimalZero":
            fmt = "decimal"
        return format_number(value, fmt)
