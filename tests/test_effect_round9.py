# ruff: noqa: E501 -- the minimal pairs are one clause a line
"""Round 9 of the effect reader, each rule shown by minimal pairs of our own wording (none from a
pair set):

- a unilateral right of the other side (to change the terms, raise the fees, transfer the
  contract) that our client may answer by walking away is a limited one;
- a right our client holds only with the other side's consent is a right the other side
  controls, and consent it may refuse at its discretion is worse than consent it may not
  unreasonably withhold;
- the other side left free to compete with or poach from our client is raised;
- a promise a party says it does not make ("does not undertake that ...") is negated;
- the same duty owed by each party in its own sentence is mutual (a duty only our client owes
  stays ours);
- a guidance note and a lettered recital are not clauses.
"""

from __future__ import annotations

import numpy as np
import pytest

from contractreview.analysis.effect.clause_effect import read
from contractreview.analysis.effect.risk_types import BY_ID
from contractreview.analysis.effect.roles import RECEIVES, PartyIndex
from contractreview.analysis.operative import TextKind, text_kind
from contractreview.analysis.pipeline import ModelOutput, combine
from contractreview.analysis.playbook import load_playbook
from contractreview.analysis.results import RiskLevel
from contractreview.analysis.segmenter import segment_document
from contractreview.docx.document import document_from_text

ROLES = [{"name": "Hollins Data Services Ltd", "alias": "Provider"},
         {"name": "Quarry Lane Bakeries plc", "alias": "Client"}]  # fmt: skip


def _keys(rtype: str, text: str) -> list[str]:
    index = PartyIndex.build(ROLES, "customer", RECEIVES, text)
    return [r.keys[0] for r in read(text, BY_ID[rtype], index, "s")]


def _level(clause: str, side: str) -> RiskLevel:
    """The highest level raised on ``clause`` in a small services contract, read by the rules
    alone (a clause model that gives no label)."""
    text = (
        "SERVICES AGREEMENT\n"
        'This Services Agreement is made between Hollins Data Services Ltd ("Provider") and '
        'Quarry Lane Bakeries plc ("Client").\n'
        f"1. Terms\n{clause}\n"
    )
    doc = document_from_text(text)
    segments = segment_document(doc)
    model = ModelOutput(np.zeros((len(segments), 0), dtype=np.float32), [],
                        np.zeros(0, dtype=np.float32))  # fmt: skip
    result = combine(doc, segments, model, load_playbook(), side)
    ids = {s.id for s in result.segments if s.text and s.text in clause}
    levels = [f.risk.level for f in result.findings if ids & set(f.segments)]
    return max(levels, key=lambda lv: lv.rank, default=RiskLevel.NONE)


def _adverse(level: RiskLevel) -> bool:
    return level.rank >= RiskLevel.MEDIUM.rank


def _benign(level: RiskLevel) -> bool:
    return level.rank <= RiskLevel.LOW.rank


# (adverse, benign) for the side named
PAIRS = [
    # our client may walk away from the other side's unilateral change: a limited right
    ("customer",
     "The Provider may alter the service description by notice, and the Client shall have no right to end this Agreement because of the alteration.",
     "The Provider may alter the service description by notice, and the Client may end this Agreement without any charge if it does not accept the alteration."),
    ("customer",
     "The Provider may raise its fees once a year by notice, and the Client shall pay the raised fees.",
     "The Provider may raise its fees once a year by notice; if the Client does not accept the raised fees it may cancel this Agreement on notice without liability."),
    ("customer",
     "The Provider may novate this Agreement to any other company on notice to the Client.",
     "The Provider may novate this Agreement to any other company on notice to the Client, and the Client may then cancel this Agreement without penalty."),
    # consent to our client's assignment: at the other side's discretion, or not unreasonably withheld
    ("customer",
     "The Client may transfer this Agreement only with the Provider's prior written consent, which the Provider may refuse in its absolute discretion.",
     "The Client may transfer this Agreement only with the Provider's prior written consent, which shall not be unreasonably withheld or delayed."),
    ("customer",
     "The Client shall not transfer this Agreement without the consent of the Provider, which the Provider may give or refuse for any reason.",
     "The Client shall not transfer this Agreement without the consent of the Provider, such consent not to be unreasonably withheld."),
    # the other side expressly free to compete or to poach
    ("customer",
     "The Provider remains free to carry on any business competing with the Client, in any place.",
     "The Provider shall not carry on any business competing with the Client during the Term."),
    ("customer",
     "The Provider may recruit any member of the Client's staff at any time.",
     "The Provider shall not recruit any member of the Client's staff during the Term."),
    ("vendor",
     "Nothing in this Agreement prevents the Client from recruiting any employee of the Provider.",
     "The Client shall not recruit any employee of the Provider during the Term."),
    # a promise stated as not made
    ("vendor",
     "The Provider undertakes that its charges to the Client are the lowest it offers to any other customer.",
     "The Provider does not undertake that its charges to the Client are the lowest it offers to any other customer."),
    # a duty each side owes in its own sentence is mutual; one only our client owes is one-sided
    ("customer",
     "The Client shall indemnify the Provider against claims that the Client's recipes infringe a third party's rights, and the Provider gives no indemnity to the Client.",
     "The Client shall indemnify the Provider against claims that the Client's recipes infringe a third party's rights, and the Provider shall indemnify the Client against claims that the Provider's software does so."),
]  # fmt: skip


@pytest.mark.parametrize(("side", "adverse", "benign"), PAIRS)
def test_the_adverse_half_is_raised_and_the_benign_half_is_not(
    side: str, adverse: str, benign: str
) -> None:
    assert _adverse(_level(adverse, side)), adverse
    assert _benign(_level(benign, side)), benign


KEYS = [
    # our own change that the other side may answer by leaving is still ours ("us_exit" reads as "us")
    ("unilateral_change", "The Client may alter the service description by notice, and the Provider may end this Agreement without any charge if it does not accept the alteration.", "us_exit"),
    # an exit right of the holder itself is no answer to its own change
    ("price_change", "The Provider may raise its fees by notice and may cancel this Agreement if the Client refuses to pay them.", "them"),
    # consent of the other side to our right turns it into theirs to give
    ("assignment", "The Client may transfer this Agreement with the Provider's prior written consent.", "not_us"),
    ("assignment", "The Client may transfer this Agreement without the Provider's consent.", "us"),
    ("assignment", "The Provider may transfer this Agreement with the Client's consent, which the Client may refuse in its sole discretion.", "not_them_wide"),
]  # fmt: skip


@pytest.mark.parametrize(("rtype", "text", "key"), KEYS)
def test_who_holds_the_right_and_how_far(rtype: str, text: str, key: str) -> None:
    assert key in _keys(rtype, text), _keys(rtype, text)


def test_a_guidance_note_and_a_lettered_recital_are_not_clauses() -> None:
    note = "Guidance: fill in this box only if the Provider is to supply the Client exclusively."
    assert text_kind(note) is TextKind.DRAFTING_NOTE
    recital = "(C) The Provider has agreed to give the Client a right of first refusal over new bakery software, on the terms below."
    assert text_kind(recital) is TextKind.RECITAL
    # a capital-lettered item that binds someone is still a clause
    clause = (
        "(C) The Provider shall give the Client a right of first refusal over new bakery software."
    )
    assert text_kind(clause) is TextKind.OPERATIVE
    for text in (note, recital):
        for side in ("customer", "vendor"):
            assert _level(text, side).rank <= RiskLevel.INFO.rank, (text, side)
