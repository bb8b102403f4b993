"""Slots in the playbook's clause wording: ``{counterparty}``, ``{notice_days}`` ... filled from
the contract (its parties seen from the side we act for, its key terms) when an edit is
suggested. A text names slots only from :data:`SLOT_NAMES`; :func:`slot_problem` says what is
wrong with a text that names another one or has a brace out of place (the playbook loader
reports it with the line).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# what a slot holds, for the playbook's readers and the error message
SLOT_NAMES: Mapping[str, str] = {
    "us": "the name the contract gives the side we act for (its defined alias: Customer)",
    "counterparty": "the name the contract gives the other side (Supplier)",
    "party": "'Party' or 'party', as the contract writes it",
    "parties": "'Parties' or 'parties', as the contract writes it",
    "agreement": "what the contract calls itself (Agreement, Contract, Terms)",
    "notice_days": "the contract's notice period in days (digits)",
    "termination_notice_days": "the notice to terminate for convenience in days (digits)",
    "cap_months": "the liability cap in months of fees (digits)",
    "governing_law": "the contract's governing law (New York, England and Wales)",
    "venue": "the place of the courts the contract names",
    "payment_days": "the payment term in days (digits)",
}
_SLOT = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"[a-z_]+")


@dataclass(frozen=True)
class EditSpec:
    """How a playbook entry fixes a clause: the kind of edit, the firm's position and its
    fallbacks as wording (with slots), and where the edit applies.

    ``when``: the effect keys of the clause the edit is for (``them``, ``both_wide`` ...; empty:
    any clause raised). ``sides``: the sides or roles it is for (empty: every side). ``phrase``:
    for ``delete``, the words to take out (else the whole sentence goes); for ``replace_value``
    the position is a number with its unit ("90 days", "12 months"). ``after``: for
    ``insert_clause``, a pattern for the heading of the section the new clause joins. ``match``:
    the edit applies only to a clause that contains this pattern.
    """

    kind: str
    position: str
    fallbacks: tuple[str, ...] = ()
    when: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    phrase: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    match: re.Pattern[str] | None = None  # the clause must contain this for the edit to apply
    line: int = 0  # where the spec starts in the playbook, for messages


def slot_problem(text: str) -> str | None:
    """What is wrong with the slots of ``text``, or None when every slot is known."""
    for m in _SLOT.finditer(text):
        name = m.group(1)
        if not _NAME.fullmatch(name):
            return f"'{m.group(0)}' is not a slot (a slot is a name in braces: {{counterparty}})"
        if name not in SLOT_NAMES:
            return f"unknown slot '{{{name}}}' (known: {', '.join(SLOT_NAMES)})"
    rest = _SLOT.sub("", text)
    if "{" in rest or "}" in rest:
        return "a brace without its pair (a slot is a name in braces: {counterparty})"
    return None


def slot_names(text: str) -> tuple[str, ...]:
    return tuple(m.group(1) for m in _SLOT.finditer(text))


def fill_slots(text: str, values: Mapping[str, str]) -> str | None:
    """``text`` with each slot replaced by its value; None when the contract gave no value
    for one of them (the option is then not offered)."""
    missing = [n for n in slot_names(text) if not values.get(n)]
    if missing:
        return None
    return _SLOT.sub(lambda m: values[m.group(1)], text)
