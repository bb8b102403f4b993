"""The accepted edits of a review as changes to the document's paragraphs: each at its offsets in
its block's text (``Block.text``, the paragraph as it reads with tracked changes accepted), or
as a new paragraph after a block for a clause to insert. The exporters write these changes (as
tracked changes, or applied); :func:`apply_to_text` gives the text a paragraph reads after them,
which is what accepting every change in Word must give.

Two accepted edits that overlap cannot both be applied: the later one (in the order of the
review's edits) is skipped with the reason.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from contractreview.analysis.edits.model import EditDecision, SuggestedEdit
from contractreview.analysis.results import AnalysisResult


@dataclass(frozen=True)
class BlockChange:
    """One accepted edit, placed in its block: ``[start, end)`` of the block's text becomes
    ``new``; with ``new_paragraph`` the text is a paragraph of its own after the block."""

    edit: SuggestedEdit
    option: str  # the option's label, or "Reviewer's wording"
    block: str
    start: int
    end: int
    old: str
    new: str
    new_paragraph: bool = False


def accepted_changes(
    result: AnalysisResult, decisions: Mapping[str, EditDecision]
) -> tuple[list[BlockChange], list[tuple[str, str]]]:
    """The changes of the accepted edits, and the accepted edits that cannot be made, each with
    the reason."""
    changes: list[BlockChange] = []
    skipped: list[tuple[str, str]] = []
    for edit in result.edits:
        decision = decisions.get(edit.id)
        if decision is None or decision.status != "accepted":
            continue
        change = _change(result, edit, decision)
        if isinstance(change, str):
            skipped.append((edit.id, change))
            continue
        clash = next((c for c in changes if _clash(c, change)), None)
        if clash is not None:
            skipped.append((edit.id, f"it overlaps the accepted edit {clash.edit.id}"))
            continue
        changes.append(change)
    known = {e.id for e in result.edits}
    for edit_id, decision in decisions.items():
        if decision.status == "accepted" and edit_id not in known:
            skipped.append((edit_id, "no such suggested edit in this review"))
    return changes, skipped


def _change(
    result: AnalysisResult, edit: SuggestedEdit, decision: EditDecision
) -> BlockChange | str:
    try:
        seg = result.segment(edit.segment_id)
    except KeyError:
        return "its clause is not in the review"
    if seg.text[edit.start : edit.end] != edit.old_text:
        return "its clause's text is not what the edit was made for"
    if decision.text is None and not 0 <= decision.option < len(edit.options):
        return f"it has no option {decision.option + 1}"
    label = (
        "Reviewer's wording" if decision.text is not None else edit.options[decision.option].label
    )
    new = decision.new_text(edit)
    if edit.kind == "insert_clause":
        if not new.strip():
            return "the clause to insert is empty"
        return BlockChange(edit, label, seg.block, seg.end, seg.end, "", new.strip(), True)
    return BlockChange(edit, label, seg.block, seg.start + edit.start, seg.start + edit.end,
                       edit.old_text, new)  # fmt: skip


def _clash(a: BlockChange, b: BlockChange) -> bool:
    """Whether two changes touch the same words (clauses inserted after one paragraph never
    clash: they follow each other)."""
    if a.block != b.block or a.new_paragraph or b.new_paragraph:
        return False
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def widen_deletion(text: str, start: int, end: int, new: str) -> tuple[int, int]:
    """A deleted sentence takes one space next to it with it, so that no double space is left
    between the sentences around it."""
    if new or start == end:
        return start, end
    if end < len(text) and text[end] == " " and (start == 0 or text[start - 1] == " "):
        return start, end + 1
    if start > 0 and text[start - 1] == " " and end == len(text):
        return start - 1, end
    return start, end


def apply_to_text(text: str, changes: Sequence[BlockChange]) -> str:
    """A paragraph's text after its (in-paragraph) changes."""
    out = text
    for c in sorted((c for c in changes if not c.new_paragraph), key=lambda c: -c.start):
        start, end = widen_deletion(text, c.start, c.end, c.new)
        out = out[:start] + c.new + out[end:]
    return out


# -- word-level differences ----------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
WHOLE_BELOW = 0.3  # below this share of words kept, the change is one replacement


def word_hunks(old: str, new: str) -> list[tuple[int, int, str]]:
    """The differences between ``old`` and ``new`` as word-level hunks ``(start, end, text)``
    in ``old``'s offsets (right to left applied, they turn ``old`` into ``new``). Hunks parted
    only by a space or a bracket join; where most words change, the whole span is one hunk."""
    a = _TOKEN.findall(old)
    b = _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    a_off = _offsets(a)
    b_off = _offsets(b)
    kept = sum(len("".join(a[i1:i2])) for tag, i1, i2, _, _ in matcher.get_opcodes()
               if tag == "equal")  # fmt: skip
    if old and kept < WHOLE_BELOW * len(old):
        return [(0, len(old), new)]
    hunks: list[list[int]] = []  # [a_start, a_end, b_start, b_end] in characters
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        span = [a_off[i1], a_off[i2], b_off[j1], b_off[j2]]
        if hunks and _only_space(old, hunks[-1][1], span[0]):
            hunks[-1][1], hunks[-1][3] = span[1], span[3]
        else:
            hunks.append(span)
    return [(h[0], h[1], new[h[2] : h[3]]) for h in hunks]


def _offsets(tokens: list[str]) -> list[int]:
    out = [0]
    for t in tokens:
        out.append(out[-1] + len(t))
    return out


def _only_space(text: str, start: int, end: int) -> bool:
    """A gap of at most two characters and no word: " (", ", " (the hunks around it join)."""
    return end - start <= 2 and not re.search(r"\w", text[start:end])
