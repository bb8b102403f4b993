"""Plain-English gists in the GUI, with a tiny randomly initialised Llama model exported by the
app's own recipe (contractreview_training.gist_export; the helper of tests/test_gist_runtime.py).

A random model writes noise, which is what these tests need: the GUI must label it as
generated, mark (or withhold) every fact the clause does not state, and show nothing of the
text before the check has run. The model runs on the model thread of the worker pools.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("optimum.exporters.onnx")
pytest.importorskip("onnx_ir")

pytestmark = [pytest.mark.gui, pytest.mark.slow]

from PySide6.QtCore import Qt  # noqa: E402
from test_gist_runtime import make_hf_folder  # noqa: E402

from contractreview.analysis.results import Risk, RiskLevel, SegmentResult  # noqa: E402
from contractreview.paths import models_dir, sample_contract  # noqa: E402
from contractreview_ui.gist_controller import known_names, overview_texts  # noqa: E402
from contractreview_ui.gist_view import GistState, printable  # noqa: E402
from contractreview_ui.main_window import MainWindow  # noqa: E402

GIST_TIMEOUT_MS = 60_000
# A clause with no figure and no name: every figure or name the random model writes is
# unsupported (the tiny model deterministically writes a capitalised "name").
CLAUSE = "The goods are delivered to the buyer at the agreed place."
SAMPLE = sample_contract()
needs_model = pytest.mark.skipif(
    not (models_dir() / "clause_model.onnx").is_file(),
    reason="models/clause_model.onnx is not installed yet: the overview needs an analysis",
)


@pytest.fixture(scope="module")
def gist_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from contractreview_training.gist_export import export_gist_model

    root = tmp_path_factory.mktemp("gist")
    out = root / "onnx"
    export_gist_model(make_hf_folder("llama", root), out, name="tiny-llama")
    return out


@pytest.fixture
def gist_window(make_window):  # type: ignore[no-untyped-def]
    """A main window with the gist model folder (None: gists off) and policy set."""

    def make(folder: Path | None, policy: str = "mark") -> MainWindow:
        return make_window(
            settings={"gist_model_dir": str(folder) if folder else "", "gist_policy": policy}
        )

    return make


def _segment(text: str = CLAUSE) -> SegmentResult:
    return SegmentResult(
        id="s00001",
        text=text,
        label="4.2",
        heading="Delivery",
        block="b00001",
        start=0,
        end=len(text),
        labels=(),
        risk=Risk(RiskLevel.NONE),
    )


def _explain(qtbot, w: MainWindow) -> tuple[object, list[tuple[int, str, str]]]:
    """Click "Explain in plain English"; what the box showed at each progress step, and the
    gist."""
    box = w.details.gist
    seen: list[tuple[int, str, str]] = []
    w.gist_progress.connect(lambda _k, n: seen.append((n, box.state, box.shown_text())))
    with qtbot.waitSignal(w.gist_finished, timeout=GIST_TIMEOUT_MS) as sig:
        qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
        assert box.state == GistState.RUNNING
        assert box.shown_text() == ""
        assert not box.button.isEnabled()
    kind, gist = sig.args
    assert kind == "clause"
    return gist, seen


def test_gists_are_off_until_a_model_folder_is_set(gist_window) -> None:
    w = gist_window(None)
    w.details.show_segment(_segment())
    box = w.details.gist
    assert not box.button.isEnabled()
    assert "Settings" in box.hint.text()
    assert "generative model folder" in box.button.toolTip()
    assert not w.summary.overview.button.isEnabled()


def test_missing_folder_is_said_plainly(gist_window, tmp_path: Path) -> None:
    w = gist_window(tmp_path / "nowhere")
    w.details.show_segment(_segment())
    assert not w.details.gist.button.isEnabled()
    assert "cannot be found" in w.details.gist.hint.text()
    assert str(tmp_path / "nowhere") in w.details.gist.button.toolTip()


def test_clause_gist_is_labelled_and_its_unsupported_facts_marked(
    gist_window, qtbot, gist_model: Path
) -> None:
    w = gist_window(gist_model, "mark")
    w.details.show_segment(_segment())
    box = w.details.gist
    assert box.button.isEnabled()
    gist, seen = _explain(qtbot, w)

    # while it was written: a token count, never the unchecked text
    assert seen, "no progress was reported"
    assert all(state == GistState.RUNNING and shown == "" for _n, state, shown in seen)
    assert [n for n, _s, _t in seen] == sorted(n for n, _s, _t in seen)

    # once checked: the display text with the unsupported facts marked, and the label
    assert gist.check.unsupported, "the random model's noise should name an unsupported fact"
    assert box.state == GistState.SHOWN
    assert box.shown_text() == printable(gist.display_text)
    assert box.unsupported_ranges() == [printable(t) for t, bad in gist.check.segments() if bad]
    assert box.caption.text() == gist.label
    assert gist.label.startswith("Generated by tiny-llama — ")
    assert "not in the clause" in gist.label
    assert box.badge.isVisibleTo(w.details)
    assert "Generated" in box.badge.text()
    assert box.button.isEnabled()

    # the same clause again: the same checked gist at once; another clause: nothing shown
    with qtbot.waitSignal(w.gist_finished, timeout=1000):
        box.button.click()
    assert box.shown_text() == printable(gist.display_text)
    w.details.show_segment(_segment("The buyer inspects the goods on arrival."))
    assert box.state == GistState.IDLE
    assert box.shown_text() == ""


def test_withhold_policy_shows_only_why(gist_window, qtbot, gist_model: Path) -> None:
    w = gist_window(gist_model, "withhold")
    w.details.show_segment(_segment())
    gist, _seen = _explain(qtbot, w)
    box = w.details.gist
    assert gist.withheld
    assert gist.display_text is None
    assert box.state == GistState.WITHHELD
    shown = box.shown_text()
    assert shown.startswith("Withheld")
    assert printable(gist.text[:20]) not in shown
    assert box.unsupported_ranges() == []
    assert box.caption.text() == gist.label
    assert "withheld" in gist.label
    assert gist.label.startswith("Generated by tiny-llama")


def test_stop_shows_nothing_and_frees_the_model_thread(gist_window, qtbot, gist_model) -> None:
    w = gist_window(gist_model, "mark")
    w.details.show_segment(_segment())
    box = w.details.gist
    finished: list[object] = []
    w.gist_finished.connect(lambda *a: finished.append(a))
    box.button.click()
    assert box.cancel_button.isVisibleTo(w.details)
    box.cancel_button.click()
    assert box.state == GistState.CANCELLED
    assert box.shown_text() == ""
    qtbot.waitUntil(lambda: not w.pools.jobs("gist"), timeout=GIST_TIMEOUT_MS)
    assert finished == []
    assert box.state == GistState.CANCELLED
    assert box.button.isEnabled()

    # the model thread is free again: the next request runs to the end
    gist, _seen = _explain(qtbot, w)
    assert box.state == GistState.SHOWN
    assert box.caption.text() == gist.label


def test_a_broken_model_folder_gets_a_clear_message(gist_window, qtbot, tmp_path) -> None:
    folder = tmp_path / "not-a-model"
    folder.mkdir()
    w = gist_window(folder)
    w.details.show_segment(_segment())
    box = w.details.gist
    box.button.click()
    qtbot.waitUntil(lambda: box.state == GistState.FAILED, timeout=GIST_TIMEOUT_MS)
    assert "gist_export" in box.caption.text()
    assert box.shown_text() == ""


@needs_model
def test_contract_overview_from_the_flagged_and_key_term_clauses(
    gist_window, qtbot, gist_model: Path
) -> None:
    w = gist_window(gist_model, "mark")
    with qtbot.waitSignal(w.analysis_finished, timeout=120_000):
        w.open_path(SAMPLE)
    result = w.result
    texts = overview_texts(result)
    flagged = {sid for f in result.findings for sid in f.segments}
    assert texts
    assert len(texts) == len(
        [
            s
            for s in result.segments
            if s.id in flagged | {c.segment for t in result.terms for c in t.citations}
        ]
    )
    names = known_names(result)
    parties = next((t for t in result.terms if t.name == "parties"), None)
    if parties is not None:
        assert any(p["name"] in names for p in parties.normalized)

    box = w.summary.overview
    assert box.button.isEnabled()
    with qtbot.waitSignal(w.gist_finished, timeout=GIST_TIMEOUT_MS) as sig:
        box.button.click()
    kind, gist = sig.args
    assert kind == "overview"
    assert box.caption.text() == gist.label
    assert gist.label.startswith("Generated by tiny-llama")
    assert box.shown_text() == printable(gist.display_text)

    # a finding's clause gets its own gist in the details panel
    w.select_finding(result.findings[0].id)
    assert w.details.source_text == result.findings[0].quote
    with qtbot.waitSignal(w.gist_finished, timeout=GIST_TIMEOUT_MS) as sig:
        w.details.gist.button.click()
    assert sig.args[0] == "clause"
    assert w.details.gist.caption.text() == sig.args[1].label
