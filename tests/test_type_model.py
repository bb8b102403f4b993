"""The learned risk-type detector: its tokenizer, its weak labels, its training script on a tiny
synthetic set of our own sentences, the shipped file's hash check, and what it adds to the
effect reader (a clause worded without any of the type's cues is still read as the type).

The sentences here are our own and not from the pair sets.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from contractreview.analysis.classifier import file_sha256
from contractreview.analysis.effect import type_model
from contractreview.analysis.effect.clause_effect import read, topic_cue
from contractreview.analysis.effect.risk_types import BY_ID
from contractreview.analysis.effect.roles import PartyIndex
from contractreview.analysis.effect.type_model import MANIFEST_FILE, MODEL_FILE, TypeModel
from contractreview.errors import ModelError
from contractreview.paths import models_dir
from contractreview_training.risk_type_model import (
    TYPES,
    Example,
    heading_types,
    label_segment,
    split_run_in,
    train,
)

SHIPPED = models_dir() / MODEL_FILE
needs_model = pytest.mark.skipif(not SHIPPED.is_file(), reason="the risk-type model is not built")
PARTIES = [{"name": "Heron Logistics GmbH", "alias": "Carrier"},
           {"name": "Plover Foods Ltd", "alias": "Client"}]  # fmt: skip


def test_tokens_and_ngrams() -> None:
    assert type_model.tokens("The Carrier's 30-day NOTICE, in 2 parts") == [
        "the", "carrier's", "0", "day", "notice", "in", "0", "parts"
    ]  # fmt: skip
    grams = type_model.ngrams("may stop access")
    assert grams == ["may", "stop", "access", "may stop", "stop access"]


@pytest.mark.parametrize(
    ("heading", "types"),
    [
        ("12. Limitation of Liability", {"liability_cap"}),
        ("ARTICLE IV - INDEMNIFICATION", {"indemnity"}),
        ("Effect of Termination", set()),
        ("Termination for Default", {"termination_for_convenience"}),
        ("Non-Exclusive Licence", set()),
        ("Exclusivity", {"exclusivity"}),
        ("Assignment of Inventions", {"ip_assignment"}),
        ("Assignment", {"assignment"}),
        ("Notices", set()),
    ],
)
def test_headings_label_only_confident_patterns(heading: str, types: set[str]) -> None:
    assert heading_types(heading) == types


def test_run_in_heading_is_a_label_and_cut_from_the_text() -> None:
    assert split_run_in("9.2 Audit. The Client may inspect records yearly.") == (
        "Audit", "The Client may inspect records yearly."
    )  # fmt: skip
    assert split_run_in("The Client may inspect the records once a year.")[0] == ""
    ex = label_segment(
        "Miscellaneous", "14.4 Suspension. Service may be halted while any invoice stays unpaid."
    )
    assert ex is not None
    assert ex.types == {"suspension"}
    assert ex.text.startswith("Service")
    # a heading that mixes everything labels nothing and is a weak negative
    ex = label_segment(
        "Miscellaneous", "The headings are for convenience and do not affect meaning."
    )
    assert ex is not None
    assert not ex.types
    assert ex.weight < 1.0
    # a CUAD excerpt labels the segment whatever the heading
    marks = [
        ("the courier shall not carry goods for any rival grocer in the region.", ("non_compete",))
    ]
    ex = label_segment(
        "Services", "The Courier shall not carry goods for any rival grocer in the region.", marks
    )
    assert ex is not None
    assert ex.types == {"non_compete"}


_SUSPEND = [
    "The Carrier may halt deliveries while any invoice remains overdue.",
    "Deliveries can be paused by the Carrier if bills are left unpaid.",
    "The Carrier is entitled to stop the service until payment is received.",
    "Access may be cut off by the Host for late payment of any invoice.",
    "The Host may halt access to the portal while fees remain outstanding.",
    "The Provider can pause the hosting until the overdue bill is paid.",
]
_AUDIT = [
    "The Client may examine the Carrier's books once a year.",
    "An accountant named by the Client may check the Carrier's ledgers.",
    "The Client can review the Carrier's records of hours on request.",
    "The Licensor may look at the Licensee's sales ledgers each year.",
    "The Buyer's accountant may check the Seller's stock records yearly.",
    "Records of shipments shall be open to the Client's accountants.",
]
_OTHER = [
    "Notices shall be sent by post to the registered office.",
    "This Agreement is governed by the laws of Scotland.",
    "The Carrier shall deliver the goods to the depot by noon.",
    "Each party shall bear its own costs of preparing this Agreement.",
    "The Client shall provide a loading bay at each store.",
    "Headings are for convenience only and have no legal effect.",
    "The goods shall be packed in crates marked with the order number.",
    "The Carrier shall keep its lorries roadworthy and insured.",
]


def _synthetic() -> list[Example]:
    out = [Example(t, {"suspension"}, group=f"s{i % 3}") for i, t in enumerate(_SUSPEND)]
    out += [Example(t, {"audit_rights"}, group=f"a{i % 3}") for i, t in enumerate(_AUDIT)]
    out += [Example(t, set(), group=f"o{i % 3}") for i, t in enumerate(_OTHER)]
    return out


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("risk_types")
    figures = train(_synthetic(), _synthetic(), out, folds=2, min_df=1, log=lambda _m: None)
    assert figures["file"] == str(out / MODEL_FILE)
    assert set(figures["dev"]) == set(TYPES)
    return out


def test_training_script_writes_a_model_the_runtime_loads(tiny_model: Path) -> None:
    model = TypeModel.load(tiny_model)
    assert model.types == TYPES
    assert model.sha256 == file_sha256(tiny_model / MODEL_FILE)
    stop = model.scores("The Carrier may halt the deliveries until the invoice is paid.")
    look = model.scores("The Client may examine the ledgers of the Carrier each year.")
    s, a = TYPES.index("suspension"), TYPES.index("audit_rights")
    assert stop[s] > stop[a]
    assert look[a] > look[s]
    assert "suspension" in model.detected("The Carrier may halt the deliveries until paid.")
    assert model.scores("").shape == (len(TYPES),)
    # a type without positives never fires
    assert model.scores("The Carrier shall indemnify the Client.")[TYPES.index("indemnity")] < 0.01


def test_a_tampered_model_file_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    shutil.copytree(tiny_model, tmp_path / "m")
    data = bytearray((tmp_path / "m" / MODEL_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (tmp_path / "m" / MODEL_FILE).write_bytes(bytes(data))
    with pytest.raises(ModelError, match="modified or damaged"):
        TypeModel.load(tmp_path / "m")


def test_a_model_without_its_manifest_or_file_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    shutil.copytree(tiny_model, tmp_path / "m")
    (tmp_path / "m" / MANIFEST_FILE).unlink()
    with pytest.raises(ModelError, match="manifest"):
        TypeModel.load(tmp_path / "m")
    with pytest.raises(ModelError, match="missing"):
        TypeModel.load(tmp_path / "nothing")


@needs_model
def test_the_shipped_model_matches_its_manifest() -> None:
    model = TypeModel.load()
    assert model.sha256 == file_sha256(SHIPPED)
    assert set(model.types) <= set(BY_ID)
    assert np.all(model.thresholds > 0)
    assert np.all(model.thresholds < 1)
    assert np.all(model.top <= model.thresholds)
    assert SHIPPED.stat().st_size < 8_000_000


@needs_model
def test_the_reader_finds_a_type_its_cues_miss_through_the_detector() -> None:
    text = (
        "The Carrier shall defend the Client against any claim brought by a third party "
        "arising from the Carrier's negligence."
    )
    rtype = BY_ID["indemnity"]
    assert topic_cue(text, rtype) is None  # no indemnity cue: "defend", not "indemnify"
    assert "indemnity" in type_model.detected_types(text)
    readings = read(text, rtype, PartyIndex.build(PARTIES, "customer", "receives"), "s1")
    assert readings
    assert readings[0].keys[0].startswith("them")  # the Carrier bears the duty, not our client
    # a heading names the topic but acts on no one: still nothing to read
    assert (
        read(
            "Defence of Third-Party Claims",
            rtype,
            PartyIndex.build(PARTIES, "customer", "receives"),
            "s2",
        )
        == []
    )
