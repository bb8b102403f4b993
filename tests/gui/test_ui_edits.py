"""Suggested edits in the window (issue 16): under the selected finding a before/after diff, the
firm's position and fallbacks, the proposed text the lawyer may reword, Accept / Reject / Reset,
each change saved in the review store at once and undone from the Edit menu; decisions survive
reopening the document and go into the Word copy as tracked changes. The sample contract is
analysed with the shipped model, for the customer (the issue's case)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt

from contractreview.analysis.edits.model import EditDecision, EditOption, SuggestedEdit
from contractreview.paths import models_dir, sample_contract
from contractreview_ui.edit_view import DELETED_STYLE, INSERTED_STYLE, diff_html
from contractreview_ui.findings_model import COL_EDIT, FindingsModel
from contractreview_ui.table_model import OBJECT_ROLE

SAMPLE = sample_contract()
needs_model_and_sample = pytest.mark.skipif(
    not (models_dir() / "clause_model.onnx").is_file() or not SAMPLE.is_file(),
    reason="the shipped clause model or the sample contract is absent",
)
ANALYSIS_TIMEOUT_MS = 120_000
SAVE_TIMEOUT_MS = 10_000
SIDE = "customer"


def _open(qtbot, window, path: Path) -> None:
    with qtbot.waitSignal(window.analysis_finished, timeout=ANALYSIS_TIMEOUT_MS):
        window.open_path(path)
    qtbot.waitUntil(lambda: window.snapshot is not None)
    if window.result is not None and window.result.side != SIDE:
        with qtbot.waitSignal(window.analysis_finished, timeout=ANALYSIS_TIMEOUT_MS):
            window.choose_side(SIDE)
    qtbot.waitUntil(
        lambda: window.analysis.job is None and not window.pools.jobs(),
        timeout=ANALYSIS_TIMEOUT_MS,
    )


def _decision(window, edit_id: str) -> EditDecision:
    return window.snapshot.decisions.get(edit_id, EditDecision(edit_id))


def _saved(qtbot, window, edit_id: str, check) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: check(_decision(window, edit_id)), timeout=SAVE_TIMEOUT_MS)


def _finding_with_fallback(window) -> SuggestedEdit:
    result = window.result
    assert result is not None
    assert result.edits, "the sample contract, for the customer, has no suggested edits"
    findings = {f.id for f in result.findings}
    edits = [e for e in result.edits if e.finding_id in findings and len(e.options) > 1]
    assert edits, "no suggested edit on the sample has a fallback"
    return edits[0]


def test_the_diff_strikes_out_and_underlines_and_escapes_the_contract_text() -> None:
    out = diff_html("within <30> days & more", "within 90 days & more", "Notice: ", " end.")
    assert out.startswith("Notice: within ")
    assert f'<span style="{DELETED_STYLE}">&lt;30&gt;</span>' in out
    assert f'<span style="{INSERTED_STYLE}">90</span>' in out
    assert "&amp; more end." in out
    assert "<30>" not in out
    deletion = diff_html("in its sole discretion", "")
    assert deletion == f'<span style="{DELETED_STYLE}">in its sole discretion</span>'
    value = diff_html("fifteen (15) days", "thirty (30) days", by_word=False)
    assert value == (
        f'<span style="{DELETED_STYLE}">fifteen (15) days</span> '
        f'<span style="{INSERTED_STYLE}">thirty (30) days</span>'
    )
    assert "line-through" in DELETED_STYLE
    assert "underline" in INSERTED_STYLE


def test_the_findings_model_marks_decided_edits(qtmodeltester) -> None:
    model = FindingsModel()
    model.set_edit_marks({"f1": "accepted"})
    qtmodeltester.check(model)
    assert model.headerData(COL_EDIT, Qt.Orientation.Horizontal) == "Edit"
    assert model.edit_status("f1") == "accepted"


@needs_model_and_sample
def test_accept_undo_redo_reject_fallback_reword_reset_reopen_export(
    make_window, qtbot, tmp_path: Path
) -> None:
    w = make_window()
    _open(qtbot, w, SAMPLE)
    edit = _finding_with_fallback(w)
    assert edit.finding_id is not None
    w.select_finding(edit.finding_id)
    view = w.details.edits
    assert view.isVisibleTo(w.details)
    card = next(c for c in view.cards if c.edit.id == edit.id)
    assert card.options.count() == len(edit.options)
    assert card.options.itemText(0) == "Position"
    assert card.text.toPlainText() == edit.options[0].text
    assert "line-through" in card.diff.text() or not edit.old_text.strip()
    model = w.findings.model
    row = model.row_of(edit.finding_id)
    assert model.index(row, COL_EDIT).data() == "○"

    # accept: saved at once, marked in the findings table
    card.accept_button.click()
    _saved(qtbot, w, edit.id, lambda d: d.status == "accepted")
    qtbot.waitUntil(lambda: model.index(row, COL_EDIT).data() == "✓")
    assert not card.accept_button.isEnabled()
    assert "Accepted" in card.status.text()

    # undo and redo from the Edit menu (the same history as the annotations)
    assert w.menus.undo_action.isEnabled()
    w.menus.undo_action.trigger()
    _saved(qtbot, w, edit.id, lambda d: d.status == "pending")
    qtbot.waitUntil(lambda: card.accept_button.isEnabled())
    w.menus.redo_action.trigger()
    _saved(qtbot, w, edit.id, lambda d: d.status == "accepted")

    # reject
    card.reject_button.click()
    _saved(qtbot, w, edit.id, lambda d: d.status == "rejected")
    qtbot.waitUntil(lambda: model.index(row, COL_EDIT).data() == "✗")

    # choose a fallback: its words in the proposed text and the diff
    card.options.setCurrentIndex(1)
    _saved(qtbot, w, edit.id, lambda d: d.option == 1)
    assert card.text.toPlainText() == edit.options[1].text
    card.accept_button.click()
    _saved(qtbot, w, edit.id, lambda d: d.status == "accepted" and d.option == 1)

    # reword it: saved after a pause in typing, shown inserted in the diff
    own = "within forty-five (45) days of the invoice <date>"
    card.text.setPlainText(own)
    _saved(qtbot, w, edit.id, lambda d: d.text == own)
    assert "forty-five" in card.diff.text()
    assert "&lt;date&gt;" in card.diff.text()
    assert "your wording" in card.status.text()
    assert _decision(w, edit.id).new_text(edit) == own

    # reset, undo the reset
    card.reset_button.click()
    _saved(qtbot, w, edit.id, lambda d: d == EditDecision(edit.id))
    assert card.text.toPlainText() == edit.options[0].text
    w.undo()
    _saved(qtbot, w, edit.id, lambda d: d.text == own and d.status == "accepted")
    qtbot.waitUntil(lambda: card.text.toPlainText() == own)

    # File > Export offers both new formats; the tracked copy carries the accepted edit
    menu = w.menus.export_menu.actions()
    for kind in ("tracked-docx", "clean-draft"):
        assert w.menus.export_actions[kind] in menu
        assert w.menus.export_actions[kind].isEnabled()
    out = tmp_path / "out"
    out.mkdir()
    with qtbot.waitSignal(w.export_finished, timeout=30_000):
        w.export("tracked-docx", out / "tracked.docx")
    w.last_message.close()
    with zipfile.ZipFile(out / "tracked.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "<w:ins " in body
    assert "forty-five" in body
    with qtbot.waitSignal(w.export_finished, timeout=30_000):
        w.export("clean-draft", out / "draft.docx")
    w.last_message.close()
    with zipfile.ZipFile(out / "draft.docx") as z:
        draft = z.read("word/document.xml").decode("utf-8")
    assert "<w:ins " not in draft
    assert "forty-five" in draft
    w.close()

    # reopen: the decision is restored from the store, and shown
    w2 = make_window()
    _open(qtbot, w2, SAMPLE)
    assert _decision(w2, edit.id) == EditDecision(edit.id, "accepted", 1, own)
    w2.select_finding(edit.finding_id)
    card2 = next(c for c in w2.details.edits.cards if c.edit.id == edit.id)
    assert card2.text.toPlainText() == own
    assert not card2.accept_button.isEnabled()
    assert w2.findings.model.index(w2.findings.model.row_of(edit.finding_id), COL_EDIT).data() == (
        "✓"
    )


def _services_without_liability_cap(path: Path) -> Path:
    """A services agreement without limitation of liability, governing law and the rest."""
    from docx_builder import build_docx, p

    return build_docx(
        path,
        [
            p("Services Agreement", style="Title"),
            p("This Services Agreement is made between Acme Ltd (the Supplier) and Beta Ltd"
              " (the Customer)."),
            p("1. Services. The Supplier shall provide the consulting services described in"
              " Schedule 1."),
            p("2. Fees. The Customer shall pay the fees within thirty (30) days of the invoice"
              " date."),
            p("3. Term. This Agreement starts on 1 March 2024 and lasts two years."),
        ],
    )  # fmt: skip


@needs_model_and_sample
def test_a_missing_clause_shows_its_insert_with_the_same_decisions(
    make_window, qtbot, tmp_path: Path
) -> None:
    w = make_window()
    _open(qtbot, w, _services_without_liability_cap(tmp_path / "services.docx"))
    result = w.result
    assert result.missing, "the agreement built without a liability cap lacks no clause"
    inserts = [e for e in result.edits if e.finding_id is None and e.kind == "insert_clause"]
    assert inserts, "the playbook suggests no clause to insert for a missing one"
    insert = inserts[0]
    missing = w.summary.missing_model
    row = next(
        r for r in range(missing.rowCount()) if missing.row_object(r).rule == insert.clause_type
    )
    assert missing.index(row, missing.COL_EDIT).data() == "○"
    proxy_index = w.summary.missing_proxy.mapFromSource(missing.index(row, 0))
    assert proxy_index.data(OBJECT_ROLE).rule == insert.clause_type
    w.summary.missing_view.clicked.emit(proxy_index)
    assert "Missing clause" in w.details.title.text()
    card = next(c for c in w.details.edits.cards if c.edit.id == insert.id)
    assert "underline" in card.diff.text()
    assert card.text.toPlainText() == insert.options[0].text
    card.accept_button.click()
    _saved(qtbot, w, insert.id, lambda d: d.status == "accepted")
    qtbot.waitUntil(lambda: missing.index(row, missing.COL_EDIT).data() == "✓")
    w.undo()
    _saved(qtbot, w, insert.id, lambda d: d.status == "pending")
    qtbot.waitUntil(lambda: missing.index(row, missing.COL_EDIT).data() == "○")
    card.reject_button.click()
    _saved(qtbot, w, insert.id, lambda d: d.status == "rejected")


def test_a_card_alone_emits_each_decision_once(qtbot) -> None:
    from contractreview_ui.edit_view import EditView

    edit = SuggestedEdit(
        "e1", "f1", "notice", "replace_value", "s1", 7, 9, "30",
        (EditOption("Position", "90"), EditOption("Fallback 1", "60")), "Too short.",
    )  # fmt: skip
    view = EditView()
    qtbot.addWidget(view)
    got: list[EditDecision] = []
    view.decided.connect(lambda _e, d: got.append(d))
    view.show_edits([(edit, "Notice 30 days.")], {})
    card = view.cards[0]
    assert "Notice " in card.diff.text()
    card.accept_button.click()
    card.options.setCurrentIndex(1)
    card.reset_button.click()
    assert got == [
        EditDecision("e1", "accepted"),
        EditDecision("e1", "accepted", 1),
        EditDecision("e1"),
    ]
    view.update_decisions({"e1": EditDecision("e1", "rejected", 1, "45")})  # no echo
    assert len(got) == 3
    assert card.text.toPlainText() == "45"
    assert not card.reject_button.isEnabled()


def _next_version(source: Path, target: Path) -> Path:
    """The same contract with one more paragraph at the end (another file, the same name)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                at = xml.rindex("<w:sectPr")
                extra = "<w:p><w:r><w:t>Signed in two counterparts.</w:t></w:r></w:p>"
                data = (xml[:at] + extra + xml[at:]).encode("utf-8")
            zout.writestr(info, data)
    return target


@needs_model_and_sample
def test_decisions_carry_to_the_next_version_of_the_contract(
    make_window, qtbot, tmp_path: Path
) -> None:
    v1 = tmp_path / "v1" / "msa.docx"
    v1.parent.mkdir()
    v1.write_bytes(SAMPLE.read_bytes())
    w = make_window()
    _open(qtbot, w, v1)
    edit = _finding_with_fallback(w)
    w.select_finding(edit.finding_id)
    card = next(c for c in w.details.edits.cards if c.edit.id == edit.id)
    card.options.setCurrentIndex(1)
    card.accept_button.click()
    _saved(qtbot, w, edit.id, lambda d: d == EditDecision(edit.id, "accepted", 1))
    w.close()

    w2 = make_window()
    _open(qtbot, w2, _next_version(v1, tmp_path / "v2" / "msa.docx"))
    assert edit.id in {e.id for e in w2.result.edits}
    qtbot.waitUntil(lambda: _decision(w2, edit.id) == EditDecision(edit.id, "accepted", 1))
    model = w2.findings.model
    qtbot.waitUntil(lambda: model.index(model.row_of(edit.finding_id), COL_EDIT).data() == "✓")


@pytest.mark.slow
@needs_model_and_sample
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is absent")
def test_every_edit_accepted_in_the_app_opens_in_libreoffice(
    make_window, qtbot, tmp_path: Path
) -> None:
    """The issue's case: the sample for the customer, every suggested edit of a finding
    accepted in the app, the Word copy exported; LibreOffice reads it with the firm's words."""
    w = make_window()
    _open(qtbot, w, SAMPLE)
    result = w.result
    findings = [f.id for f in result.findings if any(e.finding_id == f.id for e in result.edits)]
    accepted = []
    for fid in findings:
        w.select_finding(fid)
        for card in w.details.edits.cards:
            card.accept_button.click()
            accepted.append(card.edit)
    qtbot.waitUntil(
        lambda: all(_decision(w, e.id).status == "accepted" for e in accepted),
        timeout=30_000,
    )
    out = tmp_path / "tracked.docx"
    with qtbot.waitSignal(w.export_finished, timeout=60_000):
        w.export("tracked-docx", out)
    w.last_message.close()
    with zipfile.ZipFile(out) as z:
        body = z.read("word/document.xml").decode("utf-8")
        comments = z.read("word/comments.xml").decode("utf-8")
    assert body.count("<w:ins ") >= len([e for e in accepted if e.options[0].text])
    assert "<w:del " in body
    assert comments
    text_dir = tmp_path / "txt"
    done = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "txt:Text", "--outdir", str(text_dir), str(out)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = " ".join((text_dir / "tracked.txt").read_text(encoding="utf-8-sig").split())
    value = next(e for e in accepted if e.kind == "replace_value" and e.options[0].text)
    assert " ".join(value.options[0].text.split()) in text
