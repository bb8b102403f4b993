"""Who acts: a generated text that hands a right or a duty to the wrong party is unsupported.

Minimal pairs: the same sentence with the actor right and turned round, against one clause.
"""

from __future__ import annotations

import pytest

from contractreview.gist.actors import actor_mismatches
from contractreview.gist.verify import UNSUPPORTED, VERIFIED, verify_gist

CONVENIENCE = (
    "Supplier may terminate this Agreement, or any Statement of Work, for convenience at any "
    "time by giving Customer not less than ten (10) days' written notice."
)
INDEMNITY = (
    "Reseller shall ensure that Customer shall indemnify and hold harmless Diversinet and "
    "Reseller against any such Network Charges."
)
MUTUAL = "Either Party may terminate this Agreement if the other Party commits a material breach."
PASSIVE = "This Agreement may be terminated by Customer on thirty (30) days' notice."
BOTH_NAMED = (
    "Customer may terminate this Agreement on notice. Supplier may terminate this Agreement "
    "if an invoice is unpaid."
)


@pytest.mark.parametrize(
    ("generated", "clause", "wrong"),
    [
        ("The customer can terminate the agreement on ten days' notice.", CONVENIENCE, "customer"),
        ("Supplier can terminate the agreement on ten days' notice.", CONVENIENCE, None),
        ("Yes, Customer may terminate for convenience.", CONVENIENCE, "Customer"),
        ("Reseller must indemnify Diversinet against Network Charges.", INDEMNITY, "Reseller"),
        ("Customer must indemnify Diversinet against Network Charges.", INDEMNITY, None),
        ("Supplier may terminate the agreement for a material breach.", MUTUAL, None),
        ("Customer may terminate on 30 days' notice.", PASSIVE, None),  # passive: not read
        ("Either party may terminate the agreement.", BOTH_NAMED, None),
        ("Either party may terminate the agreement.", CONVENIENCE, "Either party"),
    ],
)
def test_actor_pairs(generated: str, clause: str, wrong: str | None) -> None:
    found = actor_mismatches(generated, clause, known_names=["Customer", "Supplier"])
    if wrong is None:
        assert found == []
    else:
        assert [m.text for m in found] == [wrong]
        assert found[0].clause_actors  # it says whom the clause gives the verb to


def test_verb_the_clause_does_not_use_is_left_alone() -> None:
    # "pay" never follows a modal in the clause: nothing to compare, so no mark.
    assert actor_mismatches("Customer must pay within 30 days.", CONVENIENCE) == []


def test_verify_marks_the_wrong_actor_and_only_it() -> None:
    wrong = verify_gist(
        "The Customer can terminate this Agreement on ten (10) days' notice.",
        CONVENIENCE,
        known_names=["Customer", "Supplier"],
    )
    assert wrong.status == UNSUPPORTED
    assert [(f.kind, f.text) for f in wrong.unsupported] == [("actor", "Customer")]
    assert wrong.marked().startswith("The [Customer?] can terminate this Agreement")

    right = verify_gist(
        "Supplier can terminate this Agreement on ten (10) days' notice.",
        CONVENIENCE,
        known_names=["Customer", "Supplier"],
    )
    assert right.status == VERIFIED
