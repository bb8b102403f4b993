"""The GUI's table models, filter proxy, settings and document HTML — without windows."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytestmark = pytest.mark.gui

from PySide6.QtCore import QByteArray, QSettings, Qt  # noqa: E402

from contractreview.analysis.results import (  # noqa: E402
    AnalysisResult,
    Citation,
    DocumentInfo,
    Finding,
    LabelScore,
    MissingClause,
    NamedHash,
    Reason,
    ReasonSource,
    Risk,
    RiskLevel,
    SegmentResult,
    Term,
)
from contractreview.review.store import Annotation, Status, reviewed_findings  # noqa: E402
from contractreview_ui.findings_model import (  # noqa: E402
    COL_CLAUSE,
    COL_RISK,
    COL_STATUS,
    FindingsFilterProxy,
    FindingsModel,
)
from contractreview_ui.table_model import OBJECT_ROLE, SORT_ROLE  # noqa: E402
from contractreview_ui.terms_model import (  # noqa: E402
    LabelScoresModel,
    MissingModel,
    ReasonsModel,
    TermsModel,
)


def _reason(level: RiskLevel, text: str, source: ReasonSource = ReasonSource.RULE) -> Reason:
    return Reason(
        source,
        f"r-{level}",
        text,
        0.9 if source == ReasonSource.MODEL else None,
        level,
        check="Is it mutual?",
        position="12 months' fees",
    )


def _result() -> AnalysisResult:
    levels = [RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW, RiskLevel.HIGH]
    types = ["Cap on Liability", "Termination For Convenience", "Governing Law", "Uncapped"]
    segs, findings = [], []
    for i, (lv, t) in enumerate(zip(levels, types, strict=True)):
        sid = f"s{i:05d}"
        risk = Risk(lv, (_reason(lv, f"reason {i}"),))
        segs.append(
            SegmentResult(
                sid,
                f"clause text {i} about {t}",
                f"{i + 1}.",
                "Heading",
                f"document:{i}",
                0,
                20,
                (LabelScore(t, 0.8),),
                risk,
            )
        )
        findings.append(Finding(f"f-{sid}", (sid,), (t,), risk, f"clause text {i} about {t}"))
    return AnalysisResult(
        document=DocumentInfo("x.docx", "ab" * 32, "Services Agreement", "services", 100),
        model=NamedHash("m", "0" * 64),
        playbook=NamedHash("p", "1" * 64),
        side="customer",
        segments=tuple(segs),
        findings=tuple(findings),
        missing=(MissingClause("Governing law", RiskLevel.MEDIUM, "No governing law."),),
        terms=(Term("governing_law", "New York", "New York", 0.9, "s00002", 0, 8),),
    )


def _annotation(finding_id: str, **kw: object) -> Annotation:
    base: dict[str, object] = {
        "id": 1,
        "review_id": 1,
        "finding_id": finding_id,
        "block": None,
        "start": None,
        "end": None,
        "quote": "q",
        "updated": "2025",
        "created": "2025",
    }
    base.update(kw)
    return Annotation(**base)  # type: ignore[arg-type]


def test_findings_model_rows_and_roles(qtmodeltester) -> None:
    result = _result()
    model = FindingsModel()
    items = reviewed_findings(
        result,
        [
            _annotation(
                "f-s00001", status=Status.RESOLVED, risk_override=RiskLevel.HIGH, note="call"
            )
        ],
    )
    model.set_review(result, items)
    qtmodeltester.check(model)
    assert model.rowCount() == 4
    assert model.index(0, COL_CLAUSE).data() == "1."
    assert "High" in model.index(0, COL_RISK).data()
    assert model.index(1, COL_STATUS).data() == "Resolved"
    assert model.index(1, COL_RISK).data().endswith("*")  # overridden by the reviewer
    assert model.index(1, COL_RISK).data(SORT_ROLE) == RiskLevel.HIGH.rank
    assert model.index(2, 0).data(OBJECT_ROLE).finding.id == "f-s00002"
    assert model.headerData(COL_RISK, Qt.Orientation.Horizontal) == "Risk"


def test_update_items_changes_rows_in_place(qtmodeltester, qtbot) -> None:
    result = _result()
    model = FindingsModel()
    model.set_review(result, reviewed_findings(result, []))
    with qtbot.waitSignal(model.dataChanged):
        model.update_items(reviewed_findings(result, [_annotation("f-s00000", note="x")]))
    assert model.row_object(0).note == "x"
    qtmodeltester.check(model)


def test_proxy_filters_by_risk_type_status_and_text(qtmodeltester) -> None:
    result = _result()
    model = FindingsModel()
    model.set_review(
        result, reviewed_findings(result, [_annotation("f-s00003", status=Status.DISMISSED)])
    )
    proxy = FindingsFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 4
    proxy.set_levels({RiskLevel.HIGH})
    assert proxy.rowCount() == 2
    proxy.set_status(Status.DISMISSED.value)
    assert proxy.rowCount() == 1
    proxy.set_levels(None)
    proxy.set_status(None)
    proxy.set_type("Governing Law")
    assert proxy.rowCount() == 1
    proxy.set_type(None)
    proxy.set_search("TERMINATION")
    assert [proxy.index(r, 0).data(OBJECT_ROLE).finding.id for r in range(proxy.rowCount())] == [
        "f-s00001"
    ]
    proxy.set_search("")
    proxy.sort(COL_RISK, Qt.SortOrder.DescendingOrder)
    ranks = [proxy.index(r, COL_RISK).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert ranks == sorted(ranks, reverse=True)
    qtmodeltester.check(proxy)


@pytest.mark.parametrize("model_cls", [TermsModel, MissingModel, LabelScoresModel, ReasonsModel])
def test_summary_and_details_models(qtmodeltester, model_cls) -> None:
    result = _result()
    rows = {
        TermsModel: list(result.terms),
        MissingModel: list(result.missing),
        LabelScoresModel: [
            LabelScore("Cap on Liability", 0.87),
            LabelScore("Rule topic", float("nan")),
        ],
        ReasonsModel: [
            _reason(RiskLevel.HIGH, "uncapped"),
            _reason(RiskLevel.LOW, "model says", ReasonSource.MODEL),
        ],
    }[model_cls]
    model = model_cls()
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == len(rows)
    texts = [
        model.index(r, c).data()
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]
    assert all(isinstance(t, str) for t in texts)
    assert "nan" not in " ".join(texts)


def test_parties_cited_from_several_places_show_every_party(qtmodeltester) -> None:
    parties = Term(
        "parties",
        'Acme Ltd ("Supplier")',
        [{"name": "Acme Ltd", "alias": "Supplier"}, {"name": "Beta LLC", "alias": None}],
        0.9,
        "s00003",
        0,
        21,
        more=(Citation("s00005", 0, 8),),
    )
    model = TermsModel()
    model.set_rows([parties])
    qtmodeltester.check(model)
    value = model.index(0, TermsModel.COL_VALUE)
    assert value.data() == 'Acme Ltd ("Supplier"); Beta LLC'
    assert "2 places" in value.data(Qt.ItemDataRole.ToolTipRole)
    assert value.data(OBJECT_ROLE).segment == "s00003"  # a click goes to the first citation


def test_parties_show_names_and_aliases_with_the_preamble_in_the_tooltip(qtmodeltester) -> None:
    cited = 'Acme Software Inc., a Delaware corporation ("Licensor"), and Beta Ltd ("Licensee")'
    parties = Term(
        "parties",
        cited,
        [
            {"name": "Acme Software Inc.", "alias": "Licensor"},
            {"name": "Beta Ltd", "alias": "Licensee"},
        ],
        0.95,
        "s00001",
        0,
        len(cited),
    )
    model = TermsModel()
    model.set_rows([parties])
    qtmodeltester.check(model)
    value = model.index(0, TermsModel.COL_VALUE)
    assert value.data() == 'Acme Software Inc. ("Licensor"); Beta Ltd ("Licensee")'
    assert cited in value.data(Qt.ItemDataRole.ToolTipRole)  # the words it was read from


def test_a_term_to_check_is_marked_with_its_rivals_in_the_tooltip(qtmodeltester) -> None:
    from contractreview.analysis.results import TermAlternative

    law = Term(
        "governing_law",
        "New York",
        "New York",
        0.55,
        "s00002",
        10,
        18,
        check=True,
        alternatives=(TermAlternative("Texas", "Texas", 0.53, "s00007", 4, 9),),
    )
    model = TermsModel()
    model.set_rows([law])
    qtmodeltester.check(model)
    value = model.index(0, TermsModel.COL_VALUE)
    assert value.data() == "\u26a0 New York"
    tooltip = value.data(Qt.ItemDataRole.ToolTipRole)
    assert "check" in tooltip
    assert "\u201cTexas\u201d (53%)" in tooltip
    assert model.index(0, TermsModel.COL_CONFIDENCE).data() == "55% \u2014 check"


def test_metrics_model_reads_label_file(qtmodeltester, tmp_path: Path) -> None:
    import json

    from contractreview_ui.dialogs import MetricsModel, model_metrics

    path = tmp_path / "labels.json"
    path.write_text(
        json.dumps(
            {
                "labels": [
                    {"id": "Governing Law", "source": "cuad", "threshold": 0.4, "aupr": 0.91},
                    {
                        "id": "Arbitration",
                        "source": "unfair_tos",
                        "threshold": 0.5,
                        "metrics": {"f1": 0.62},
                    },
                ]
            }
        )
    )
    rows, keys = model_metrics(path)
    assert keys == ["aupr", "f1"]
    model = MetricsModel(keys)
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.index(0, 2).data() == "91.0%"
    assert model.index(1, 2).data() == "—"
    assert model_metrics(tmp_path / "missing.json") == ([], [])


def test_settings_typed_defaults_and_round_trip(tmp_path: Path) -> None:
    from contractreview_ui.settings import SETTINGS_VERSION, Settings

    s = Settings(tmp_path / "s.ini")
    assert s.get("highlight") is True
    assert s.get("recent_files") == []
    s.set("highlight", False)
    for p in ("a.docx", "b.docx", "a.docx"):
        s.add_recent(p)
    s.set("window_state", QByteArray(b"\x00\x01"))
    with pytest.raises(TypeError):
        s.set("highlight", "no")
    s.sync()
    again = Settings(tmp_path / "s.ini")
    assert again.get("highlight") is False
    assert again.get("recent_files") == ["a.docx", "b.docx"]
    assert bytes(again.get("window_state").data()) == b"\x00\x01"
    assert QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat).value("version") in (
        SETTINGS_VERSION,
        str(SETTINGS_VERSION),
    )


def test_settings_migrate_from_version_1(tmp_path: Path) -> None:
    from contractreview_ui.settings import Settings

    path = tmp_path / "old.ini"
    old = QSettings(str(path), QSettings.Format.IniFormat)
    old.setValue("version", 1)
    old.setValue("recent", "x.docx;y.docx")
    old.setValue("highlight", "garbage")
    old.sync()
    s = Settings(path)
    assert s.get("recent_files") == ["x.docx", "y.docx"]
    assert s.get("highlight") is True  # an invalid value falls back to the default


def test_settings_migrate_from_version_2_gists_off(tmp_path: Path) -> None:
    from contractreview_ui.settings import SETTINGS_VERSION, Settings

    path = tmp_path / "v2.ini"
    old = QSettings(str(path), QSettings.Format.IniFormat)
    old.setValue("version", 2)
    old.setValue("reviewer", "A. Lawyer")
    old.sync()
    s = Settings(path)
    assert s.get("reviewer") == "A. Lawyer"
    assert s.get("gist_model_dir") == ""  # gists stay off
    assert s.get("gist_policy") == "mark"
    s.sync()
    raw = QSettings(str(path), QSettings.Format.IniFormat)
    assert int(raw.value("version")) == SETTINGS_VERSION == 4
    assert raw.value("gist_policy") == "mark"


def test_settings_migrate_from_version_3_drop_the_global_side(tmp_path: Path) -> None:
    """The side used to be one setting that stuck to every later document; it now belongs
    to each review (the review store), so an old file's global side is dropped."""
    from contractreview_ui.settings import SETTINGS, Settings

    path = tmp_path / "v3.ini"
    old = QSettings(str(path), QSettings.Format.IniFormat)
    old.setValue("version", 3)
    old.setValue("side", "vendor")
    old.setValue("reviewer", "A. Lawyer")
    old.sync()
    s = Settings(path)
    s.sync()
    assert "side" not in SETTINGS
    assert s.get("reviewer") == "A. Lawyer"
    assert QSettings(str(path), QSettings.Format.IniFormat).value("side") is None


def test_gist_policy_is_a_choice(tmp_path: Path) -> None:
    from contractreview_ui.settings import Settings

    s = Settings(tmp_path / "s.ini")
    s.set("gist_policy", "withhold")
    assert s.get("gist_policy") == "withhold"
    with pytest.raises(ValueError, match="mark, withhold"):
        s.set("gist_policy", "show everything")
    raw = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    raw.setValue("gist_policy", "garbage")
    raw.sync()
    assert Settings(tmp_path / "s.ini").get("gist_policy") == "mark"


def _write_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_heading("Services Agreement", level=1)
    d.add_paragraph(
        "1. Limitation of Liability. Supplier's total liability shall not exceed "
        "the fees paid in the three months before the claim & <nothing> else."
    )
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Term"
    table.cell(0, 1).text = "Two years"
    table.cell(1, 0).text = "Notice"
    table.cell(1, 1).text = "30 days"
    d.add_paragraph("2. Governing Law. This Agreement is governed by the laws of New York.")
    d.save(path)
    return path


def test_document_html_escapes_text_and_marks_findings(tmp_path: Path) -> None:
    from contractreview.docx.reader import read_docx
    from contractreview_ui.document_view import DocumentHtml
    from contractreview_ui.risk_style import style

    doc = read_docx(_write_docx(tmp_path / "c.docx"))
    plain = DocumentHtml(doc).build()
    assert "&amp; &lt;nothing&gt;" in plain
    assert "<table" in plain
    assert "Two years" in plain
    assert "<h1>" in plain
    block = next(b for b in doc.blocks if b.text.startswith("1. Limitation"))
    risk = Risk(RiskLevel.HIGH, (_reason(RiskLevel.HIGH, "low cap"),))
    seg = SegmentResult("s00001", block.text, "1.", "", block.id, 0, len(block.text), (), risk)
    result = AnalysisResult(
        DocumentInfo(doc.path, doc.sha256, doc.title, "services", doc.words),
        NamedHash("m", ""),
        NamedHash("p", ""),
        "customer",
        (seg,),
        (Finding("f-s00001", ("s00001",), ("Cap on Liability",), risk, block.text),),
        (),
        (),
    )
    marked = DocumentHtml(doc, result).build()
    assert 'href="#s00001"' in marked
    assert style(RiskLevel.HIGH).glyph in marked
    assert style(RiskLevel.HIGH).background in marked
    off = DocumentHtml(doc, result, highlight=False).build()
    assert 'href="#s00001"' in off
    assert style(RiskLevel.HIGH).background not in off


def test_crash_log_is_shown_once_and_report_is_copyable() -> None:
    from contractreview_ui import crash_handler

    assert crash_handler.take_previous_crash() is None
    crash_handler.crash_log_path().write_text("Fatal Python error: Segmentation fault\n")
    assert "Segmentation fault" in (crash_handler.take_previous_crash() or "")
    assert crash_handler.take_previous_crash() is None  # set aside after being shown
    try:
        raise ValueError("boom")
    except ValueError as e:
        report = crash_handler.format_report(type(e), e, e.__traceback__)
    assert "ContractReview" in report
    assert "ValueError: boom" in report


def test_gui_entry_point_prints_version(capsys) -> None:
    from contractreview_ui.app import main

    assert main(["--version"]) == 0
    assert "ContractReview" in capsys.readouterr().out


def test_gist_sources_known_names_and_overview_texts() -> None:
    """What a gist is given: the parties and defined terms (so naming them is no invention)
    and, for the overview, the clauses with findings or key terms in document order."""
    from contractreview.analysis.results import (
        AnalysisResult,
        DocumentInfo,
        Finding,
        NamedHash,
        Risk,
        RiskLevel,
        SegmentResult,
        Term,
    )
    from contractreview_ui.gist_controller import known_names, overview_texts

    texts = [
        'Acme Ltd ("Supplier") and Beta LLC (each a "Party", together the "Parties").',
        "The Services start on the Effective Date (as defined in clause 3).",
        "The Customer shall pay within thirty (30) days.",
        "Notices are in writing.",
    ]
    segs = tuple(
        SegmentResult(f"s{i}", t, None, "", f"b{i}", 0, len(t), (), Risk(RiskLevel.NONE))
        for i, t in enumerate(texts)
    )
    parties = Term(
        "parties",
        texts[0],
        [{"name": "Acme Ltd", "alias": "Supplier"}, {"name": "Beta LLC", "alias": None}],
        0.9,
        "s0",
        0,
        len(texts[0]),
    )
    finding = Finding("f-s2", ("s2",), ("Payment",), Risk(RiskLevel.MEDIUM), texts[2])
    result = AnalysisResult(
        DocumentInfo("x.docx", "0" * 64, "X", "services", 40),
        NamedHash("m", "0"),
        NamedHash("p", "0"),
        "customer",
        segs,
        (finding,),
        (),
        (parties,),
    )
    assert known_names(result) == ["Acme Ltd", "Supplier", "Beta LLC", "Party", "Parties"]
    assert known_names(None) == []
    assert overview_texts(result) == [texts[0], texts[2]]


def test_rule_ids_are_shown_readably() -> None:
    from contractreview_ui.findings_model import type_text

    assert (
        type_text("governing_law_outside_accepted") == "Governing law the firm does not advise on"
    )
    assert type_text("Cap on Liability") == "Cap on liability"
    assert type_text("Post-Termination Services") == "Services after termination"
    assert type_text("Rofr/Rofo/Rofn") == "Right of first refusal / offer / negotiation"


def test_summary_hides_an_empty_missing_clauses_table(qtbot, tmp_path: Path) -> None:
    """With no missing clause the table gives its room to the key terms and says 'none'."""
    import dataclasses

    from review_samples import make_contract, make_result

    from contractreview_ui.summary_panel import SummaryPanel

    panel = SummaryPanel()
    qtbot.addWidget(panel)
    panel.show()
    result = make_result(make_contract(tmp_path / "c.docx"))
    assert result.missing
    panel.show_result(result, [])
    assert panel.missing_view.isVisible()
    assert panel.missing_model.rowCount() == len(result.missing)
    panel.show_result(dataclasses.replace(result, missing=()), [])
    assert not panel.missing_view.isVisible()
    assert "none" in panel.missing_label.text()
    panel.show_result(None, [])
    assert panel.missing_view.isVisible()
