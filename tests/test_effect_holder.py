# ruff: noqa: E501 -- the minimal pairs are one clause a line
"""Who holds the right or bears the duty, its polarity and its trigger, read from the clause's
syntax rather than its word order.

Minimal pairs of our own wording (none from a pair set): the same clause with the holder named
another way (a short form of the name, a lower-case role noun, "we"/"you", "either X or Y"),
put in another sentence shape (passive with its agent, fronted condition, proviso, numbered
items, "but X may do so", the holder as object: "reserved to X", "give X access"), or negated
another way ("under no circumstances may X", "neither X nor Y", "nothing prevents X from").
"""

from __future__ import annotations

import pytest

from contractreview.analysis.effect.clause_effect import read
from contractreview.analysis.effect.risk_types import BY_ID
from contractreview.analysis.effect.roles import (
    BOTH,
    PROVIDES,
    RECEIVES,
    THEM,
    US,
    Party,
    PartyIndex,
    infer_roles,
    short_forms,
)

ROLES = [{"name": "Tallis Cloud Services Limited", "alias": "Provider"},
         {"name": "Merrow Foods Inc.", "alias": "Client"}]  # fmt: skip
NAMES = [{"name": "Tallis Cloud Services Limited", "alias": "Tallis"},
         {"name": "Merrow Foods Inc.", "alias": "Merrow"}]  # fmt: skip


def _keys(
    rtype: str, text: str, parties: list[dict[str, str]] = ROLES, contract: str = ""
) -> list[str]:
    index = PartyIndex.build(parties, "customer", RECEIVES, contract or text)
    return [r.keys[0] for r in read(text, BY_ID[rtype], index, "s")]


CASES = [
    # the holder named another way than by its alias
    (
        "termination_for_convenience",
        "Tallis may terminate this Agreement at any time for convenience.",
        "them",
    ),
    (
        "termination_for_convenience",
        "The supplier may terminate this Agreement at any time for convenience.",
        "them",
    ),
    (
        "termination_for_convenience",
        "We may terminate this Agreement at any time for any reason.",
        "them",
    ),
    (
        "termination_for_convenience",
        "You may terminate this Agreement at any time for any reason.",
        "us",
    ),
    (
        "termination_for_convenience",
        "Either the Provider or the Client may terminate this Agreement for convenience on 60 days' notice.",
        "both",
    ),
    ("assignment", "Tallis may assign this Agreement to any affiliate without consent.", "them"),
    # syntax, not word order
    (
        "termination_for_convenience",
        "This Agreement may be terminated, at any time and for any reason, by the Provider.",
        "them",
    ),
    (
        "termination_for_convenience",
        "At any time during the Term and without giving reasons, the Provider may, by written notice to the Client, terminate this Agreement.",
        "them",
    ),
    (
        "termination_for_convenience",
        "Upon written notice to the Provider, the Client may terminate this Agreement for convenience.",
        "us",
    ),
    (
        "termination_for_convenience",
        "The Client acknowledges that the Provider may terminate this Agreement at any time for convenience.",
        "them",
    ),
    (
        "termination_for_convenience",
        "The right to terminate this Agreement for convenience is reserved to the Provider.",
        "them",
    ),
    (
        "termination_for_convenience",
        "The Provider shall have the right, exercisable at any time, to terminate this Agreement without cause.",
        "them",
    ),
    (
        "suspension",
        "Where the Provider considers it necessary, it may suspend the Services at any time.",
        "them",
    ),
    (
        "audit_rights",
        "The Client shall permit the Provider to audit its records at any time.",
        "them_wide",
    ),
    (
        "audit_rights",
        "The Client shall give the Provider access to its records for audit at any time.",
        "them_wide",
    ),
    (
        "audit_rights",
        "The Client's records may be audited by the Provider at any time.",
        "them_wide",
    ),
    (
        "indemnity",
        "The Client shall indemnify, defend and hold harmless the Provider against all claims.",
        "us",
    ),
    ("indemnity", "The Provider shall be indemnified by the Client against all losses.", "us"),
    # one clause, a right for each party
    (
        "termination_for_convenience",
        "The Client may terminate this Agreement for convenience, provided that the Provider may terminate it at any time without cause.",
        "them",
    ),
    (
        "termination_for_convenience",
        "The Provider shall not be entitled to terminate this Agreement for convenience, but the Client may do so on 30 days' notice.",
        "us",
    ),
    (
        "assignment",
        "The Client may not assign this Agreement, but the Provider may assign it freely.",
        "them",
    ),
    (
        "termination_for_convenience",
        "This Agreement may be terminated (a) by the Client at any time for convenience; or (b) by the Provider if the Client fails to pay any invoice.",
        "them_cause",
    ),
    (
        "termination_for_convenience",
        "The Client may terminate for material breach by the Provider, and the Provider may terminate at any time without cause.",
        "them",
    ),
    # polarity bound to the key verb
    (
        "termination_for_convenience",
        "The Provider may terminate this Agreement if the Client does not pay any invoice within 60 days.",
        "them_cause",
    ),
    (
        "termination_for_convenience",
        "Under no circumstances may the Provider terminate this Agreement for convenience.",
        "not_them",
    ),
    (
        "termination_for_convenience",
        "The Provider shall in no event be entitled to terminate this Agreement for convenience.",
        "not_them",
    ),
    (
        "termination_for_convenience",
        "The Provider cannot terminate this Agreement for convenience.",
        "not_them",
    ),
    (
        "termination_for_convenience",
        "Nothing in this Agreement shall prevent the Provider from terminating this Agreement for convenience.",
        "them",
    ),
    (
        "termination_for_convenience",
        "No right to terminate this Agreement for convenience is granted to the Provider.",
        "not_them",
    ),
    (
        "suspension",
        "At no time shall the Provider be entitled to suspend the Services.",
        "not_them",
    ),
    (
        "assignment",
        "Neither the Provider nor the Client may assign this Agreement without consent.",
        "not_both",
    ),
    (
        "non_compete",
        "Nothing in this Agreement restricts the Client from competing with the Provider.",
        "not_us",
    ),
    # trigger bound to the right
    (
        "termination_for_convenience",
        "If the Client becomes insolvent, the Provider may terminate this Agreement with immediate effect.",
        "them_cause",
    ),
    (
        "termination_for_convenience",
        "This Agreement may be terminated only by mutual written agreement of the Provider and the Client.",
        "both_cause",
    ),
    (
        "termination_for_convenience",
        "The Provider may terminate this Agreement upon thirty (30) days' written notice to the Client.",
        "them",
    ),
    (
        "termination_for_convenience",
        "The Provider may terminate this Agreement on 30 days' notice, and such termination shall not constitute a breach of this Agreement.",
        "them",
    ),
    (
        "termination_for_convenience",
        "The Provider may terminate this Agreement on notice, without liability to the Client for breach or otherwise.",
        "them",
    ),
    ("suspension", "The Provider may suspend the Services upon notice to the Client.", "them"),
    # no holder named, but only the supplier can do it: suspend the service, raise the fees
    (
        "suspension",
        "Access to the Services may be suspended at any time without notice.",
        "them_wide",
    ),
    ("price_change", "The fees may be increased at any time.", "them_wide"),
    (
        "suspension",
        "The Provider may suspend the Services if the Client's use of the Services breaches the acceptable use policy.",
        "them_cause",
    ),
]


@pytest.mark.parametrize(
    ("rtype", "text", "key"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_each_construction_reads_its_holder_polarity_and_trigger(
    rtype: str, text: str, key: str
) -> None:
    assert key in _keys(rtype, text), _keys(rtype, text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "Tallis may terminate this Agreement for convenience on 30 days' notice to Merrow.",
            "them",
        ),
        ("Merrow may terminate this Agreement for convenience on 30 days' notice to Tallis.", "us"),
        ("This Agreement may be terminated by Merrow for convenience.", "us"),
    ],
)
def test_parties_named_without_a_role_word_get_their_roles_from_the_contract(
    text: str, key: str
) -> None:
    contract = f"Tallis shall provide the Services and Merrow shall pay the fees. {text}"
    assert _keys("termination_for_convenience", text, NAMES, contract) == [key]


def test_infer_roles_reads_who_supplies_and_who_pays_then_the_names() -> None:
    a, b = (
        Party("Harbour Ltd", "Harbour", None, "unknown"),
        Party("Quill LLP", "Quill", None, "unknown"),
    )
    assert infer_roles([a, b], "Quill shall supply the goods. Harbour shall pay the price.") == [
        RECEIVES,
        PROVIDES,
    ]
    assert infer_roles([a, b], "The fees are payable to Harbour within 30 days.") == [
        PROVIDES,
        RECEIVES,
    ]
    assert infer_roles([a, b], "This Agreement is governed by English law.") == [None, None]
    c = Party("Quill Software Ltd", "Quill", None, "unknown")
    assert infer_roles([a, c], "This Agreement is governed by English law.") == [RECEIVES, PROVIDES]


def test_short_forms_are_the_distinctive_leading_words_of_a_name() -> None:
    assert short_forms("Acme Retail Group") == ["Acme", "Acme Retail"]
    assert short_forms("Acme Retail") == ["Acme"]  # the whole name is named already
    assert short_forms("First National Holdings") == []
    assert short_forms("Supplier Co") == []
    assert short_forms("Acme") == []


def test_a_short_form_two_parties_share_names_neither() -> None:
    parties = [
        {"name": "Acme Retail Inc.", "alias": "Customer"},
        {"name": "Acme Logistics Ltd", "alias": "Supplier"},
    ]
    index = PartyIndex.build(parties, "customer", RECEIVES)
    text = "Acme may terminate this Agreement at any time."
    assert [m.relation for m in index.mentions(text)] == ["unknown"]  # either of them
    assert {m.relation for m in index.mentions("Acme Retail and Acme Logistics")} == {US, THEM}


def test_a_lower_case_role_noun_counts_only_after_the() -> None:
    index = PartyIndex.build(ROLES, "customer", RECEIVES)
    assert [m.relation for m in index.mentions("the supplier may end it")] == [THEM]
    assert [m.relation for m in index.mentions("any supplier may end it")] == []
    assert [m.relation for m in index.mentions("either the Provider or the Client")] == [BOTH]


@pytest.mark.parametrize(
    ("text", "read_as_non_compete"),
    [
        # a licence's use restriction limits what the licensed thing is used for
        ("The Client shall not use the Platform to develop a competing product or service.", False),
        ("The Client will not use the Software in order to build any similar product.", False),
        # a covenant not to compete binds the party's business itself
        (
            "The Client shall not compete with the Provider anywhere in Europe during the Term.",
            True,
        ),
        ("During the Term the Client shall not sell or distribute any competing products.", True),
    ],
)
def test_a_licence_use_restriction_is_no_covenant_not_to_compete(
    text: str, read_as_non_compete: bool
) -> None:
    assert bool(_keys("non_compete", text)) is read_as_non_compete


def test_a_gerund_after_before_or_after_says_when_not_what_a_party_may_do() -> None:
    # a duty to warn before suspending gives no right to suspend
    assert (
        _keys(
            "suspension",
            "The Provider will try to inform the Client before suspending its account.",
        )
        == []
    )
    right = _keys("suspension", "The Provider may suspend the Client's account at any time.")
    assert right
    assert right[0].startswith("them")
