"""How CUAD's ``Parties`` answers are read by the key-terms scorer
(contractreview_training.eval_terms)."""

from __future__ import annotations

import pytest
from conftest import CUAD, needs_cuad

from contractreview.cli.main import main
from contractreview_training.eval_terms import cuad_parties


def _names(answer: str) -> list[str]:
    return [p.name for p in cuad_parties(answer)]


def test_party_letter_aliases_are_single_parties() -> None:
    """'Acme Science and Technology Co., Ltd. ("Party A")' is a party, not a group of two
    joined by 'and'; the closing line that names the group is still left out."""
    answer = (
        'Beijing Baidu Netcom Science and Technology Co., Ltd. ("Party A"); '
        'China Online Housing (Hong Kong) Co., Ltd. ("Party B"); '
        'Party A, Party B (individually a "Party", collectively the "Parties")'
    )
    assert _names(answer) == [
        "beijing baidu netcom science and technology",
        "china online housing hong kong",
    ]


def test_a_party_with_its_affiliates_named_collectively_is_kept() -> None:
    answer = (
        'The Bon-Ton Stores, Inc. and its associated debtors (collectively, "Merchant"); '
        'GA Retail, Inc. ("GA"); Purchaser and Merchant (collectively the "Parties")'
    )
    assert _names(answer) == ["bon ton stores", "ga retail"]


def test_on_behalf_of_itself_and_repeated_parties() -> None:
    answer = (
        "Constellation NewEnergy, Inc., on behalf of itself and its affiliates (collectively, "
        '"Constellation"); EWSD 1, LLC ("Shi Farms"); EWSD 1, LLC, d/b/a SHI FARMS and '
        'Constellation (individually "a Party")'
    )
    assert _names(answer) == ["constellation newenergy", "ewsd 1"]


def test_groups_of_parties_already_listed_are_not_parties() -> None:
    answer = (
        'Ginkgo Bioworks, Inc. ("Ginkgo"); Berkeley Lights, Inc. ("BLI"); '
        'Ginkgo and BLI (each a "Party")'
    )
    assert _names(answer) == ["ginkgo bioworks", "berkeley lights"]


@needs_cuad
def test_eval_terms_cli_scores_and_checks_grounding(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["eval", "terms", "--split", "dev", "--limit", "3", "--no-model", "--data", str(CUAD)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "governing_law" in out
    assert "extracted terms checked against their citations, 0 ungrounded" in out
