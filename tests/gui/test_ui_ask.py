"""The "Ask" dock: a question about the open contract answered on the model thread with the
committed tiny model (tests/fixtures/tiny_gist_model; its noise must never be shown as an
unchecked answer), the cited clauses listed and selectable, and the clauses alone when no
generative model is installed."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

pytestmark = [pytest.mark.gui, pytest.mark.slow]

from docx_builder import build_docx, p  # noqa: E402

from contractreview.gist.ask import ANSWERED, NO_VERIFIED_ANSWER, NOT_ADDRESSED  # noqa: E402
from contractreview.paths import models_dir  # noqa: E402
from contractreview_ui.ask_panel import TEXTS  # noqa: E402

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tiny_gist_model"
TIMEOUT_MS = 120_000
pytestmark.append(
    pytest.mark.skipif(
        not (models_dir() / "clause_model.onnx").is_file(),
        reason="models/clause_model.onnx is not installed: questions need an analysis",
    )
)
PARAGRAPHS = [
    'This Agreement is made between Acme Widgets Ltd ("Supplier") and Globex Corporation '
    '("Customer").',
    "1. Payment. The Customer shall pay each undisputed invoice within thirty (30) days.",
    "2. Governing Law. This Agreement is governed by the laws of the State of New York.",
]


def _open(qtbot, make_window, tmp_path: Path, folder: str):  # type: ignore[no-untyped-def]
    doc = build_docx(tmp_path / "c.docx", [p(t) for t in PARAGRAPHS])
    w = make_window(settings={"gist_model_dir": folder})
    assert not w.ask_panel.button.isEnabled()  # nothing open yet
    with qtbot.waitSignal(w.analysis_finished, timeout=TIMEOUT_MS):
        w.open_path(doc)
    assert w.ask_panel.button.isEnabled()
    return w


def _ask(qtbot, w, question: str):  # type: ignore[no-untyped-def]
    panel = w.ask_panel
    panel.question.setText(question)
    with qtbot.waitSignal(w.asks.finished, timeout=TIMEOUT_MS) as sig:
        panel.button.click()
        assert not panel.button.isEnabled()
        assert panel.answer.text() == ""  # nothing unchecked is shown while it writes
    return sig.args[0]


def test_answer_with_the_model_is_checked_and_its_clauses_selectable(
    qtbot, make_window, tmp_path: Path
) -> None:
    w = _open(qtbot, make_window, tmp_path, str(FIXTURE))
    answer = _ask(qtbot, w, "Which law governs the agreement?")
    panel = w.ask_panel
    assert answer.model_name == "tiny-llama"
    assert answer.status in (ANSWERED, NO_VERIFIED_ANSWER, NOT_ADDRESSED)
    if answer.status == ANSWERED:
        assert panel.answer.text() == answer.text
        assert "checked" in panel.caption.text()
    else:
        assert panel.answer.text() in TEXTS.values()
    assert panel.cited_segments() == [c.segment for c in answer.citations]
    if answer.citations:
        panel.list.clicked.emit(panel.citations.index(0, 0))
        assert w.details.source_key is not None
    assert panel.button.isEnabled()


def test_without_a_model_the_relevant_clauses_are_listed(
    qtbot, make_window, tmp_path: Path
) -> None:
    w = _open(qtbot, make_window, tmp_path, "")
    answer = _ask(qtbot, w, "Which law governs the agreement?")
    assert answer.status == NO_VERIFIED_ANSWER
    assert w.ask_panel.answer.text() == TEXTS["no_model"]
    first = w.result.segment(w.ask_panel.cited_segments()[0])
    assert "New York" in first.text
    answer = _ask(qtbot, w, "What colour is the moon at midnight?")
    assert answer.status == NOT_ADDRESSED
    assert w.ask_panel.answer.text() == TEXTS[NOT_ADDRESSED]
    assert w.ask_panel.cited_segments() == []
