"""The review store's decisions on suggested edits (schema 4, issue 16): saved at once, undoable
together with the annotations, in the audit log, merged when edited at the same time, carried to
a new version only where the edit and its text are the same. Real SQLite files under tmp_path."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from contractreview.analysis.edits.model import EditDecision, EditOption, SuggestedEdit
from contractreview.errors import ReviewStoreError
from contractreview.review.schema import MIGRATIONS, SCHEMA_VERSION, statements
from contractreview.review.store import ReviewStore

SHA1 = "1" * 64
SHA2 = "2" * 64


def _edit(edit_id: str = "e-s00004-notice", old: str = "thirty (30) days") -> SuggestedEdit:
    return SuggestedEdit(
        id=edit_id,
        finding_id="f-s00004",
        clause_type="termination_for_convenience",
        kind="replace_value",
        segment_id="s00004",
        start=10,
        end=10 + len(old),
        old_text=old,
        options=(EditOption("Position", "ninety (90) days"), EditOption("Fallback 1", "60 days")),
        reason="The notice period is shorter than the firm's position.",
    )


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "reviews.sqlite3"


def test_schema_4_holds_the_decisions_table(path: Path) -> None:
    assert SCHEMA_VERSION == 4
    with ReviewStore(path) as s:
        assert s.schema_version == 4
    db = sqlite3.connect(path)
    cols = {r[1] for r in db.execute("PRAGMA table_info(edit_decision)")}
    assert {"review_id", "edit_id", "status", "option", "text", "version", "updated_at"} <= cols
    db.close()


def test_a_decision_is_saved_at_once_and_survives_reopening(path: Path) -> None:
    edit = _edit()
    with ReviewStore(path) as s:
        r = s.open_review(SHA1, "msa.docx")
        assert s.edit_decisions(r.id) == {}
        saved = s.save_edit_decision(
            r.id, EditDecision(edit.id, "accepted", option=1), old_text=edit.old_text
        )
        assert saved == EditDecision(edit.id, "accepted", 1, None)
        assert saved.new_text(edit) == "60 days"
        s.save_edit_decision(r.id, EditDecision(edit.id, "accepted", 1, "forty-five (45) days"))
    with ReviewStore(path) as s:
        r2 = s.open_review(SHA1, "msa.docx")
        got = s.edit_decisions(r2.id)
        assert got == {edit.id: EditDecision(edit.id, "accepted", 1, "forty-five (45) days")}
        assert got[edit.id].new_text(edit) == "forty-five (45) days"
        (stored,) = s.stored_decisions(r2.id)
        assert stored.old_text == edit.old_text
        assert stored.version == 2
        # another file's review keeps its own decisions
        other = s.open_review(SHA2, "other.docx")
        assert s.edit_decisions(other.id) == {}


def test_decisions_and_annotations_share_one_undo_history(path: Path) -> None:
    with ReviewStore(path) as s:
        r = s.open_review(SHA1, "msa.docx")
        a = s.add_annotation(r.id, quote="clause", finding_id="f1", note="one")
        s.save_edit_decision(r.id, EditDecision("e1", "accepted"))
        s.update_annotation(a.id, note="two")
        s.save_edit_decision(r.id, EditDecision("e1", "accepted", option=1))
        assert s.undo(r.id) == EditDecision("e1", "accepted", 0)
        assert s.undo(r.id).note == "one"  # type: ignore[union-attr]
        assert s.undo(r.id) == EditDecision("e1", "pending")  # the first decision undone
        assert s.edit_decisions(r.id)["e1"].status == "pending"
        assert s.redo(r.id) == EditDecision("e1", "accepted")
        s.save_edit_decision(r.id, EditDecision("e1", "rejected"))  # a new change drops redo
        assert not s.can_redo(r.id)
    with ReviewStore(path) as s:  # the history survives a restart
        assert s.undo(r.id) == EditDecision("e1", "accepted")
        assert s.verify_audit().ok


def test_every_change_is_in_the_audit_log_and_verified(path: Path) -> None:
    with ReviewStore(path) as s:
        r = s.open_review(SHA1, "msa.docx")
        s.save_edit_decision(r.id, EditDecision("e1", "accepted"), reviewer="ana", reason="ok")
        s.save_edit_decision(r.id, EditDecision("e1", "accepted"), reviewer="ana")  # no change
        s.save_edit_decision(r.id, EditDecision("e1", "rejected"), reviewer="ben")
        s.undo(r.id, reviewer="ben")
        log = [e for e in s.audit_log(r.id) if e.action.startswith("decision.")]
        assert [e.action for e in log] == ["decision.save", "decision.save", "decision.undo"]
        assert [e.reviewer for e in log] == ["ana", "ben", "ben"]
        assert log[0].reason == "ok"
        assert log[1].change["before"]["status"] == "accepted"
        assert log[1].change["after"]["status"] == "rejected"
        assert log[0].change["edit_id"] == "e1"
        assert s.verify_audit().ok
    # a direct edit of the table, behind the store's back, is detected
    db = sqlite3.connect(path)
    db.execute("UPDATE edit_decision SET status = 'accepted', text = 'sneaked in'")
    db.commit()
    db.close()
    with ReviewStore(path) as s:
        check = s.verify_audit()
        assert not check.ok
        assert "decision" in check.problem


def test_concurrent_changes_keep_the_field_the_other_left_alone(path: Path) -> None:
    with ReviewStore(path) as one, ReviewStore(path) as two:
        r = one.open_review(SHA1, "msa.docx")
        base = one.save_edit_decision(r.id, EditDecision("e1", "pending"))
        # window one chooses a fallback; window two, still showing base, accepts
        one.save_edit_decision(r.id, EditDecision("e1", "pending", option=1), base=base)
        got = two.save_edit_decision(r.id, EditDecision("e1", "accepted"), base=base)
        assert got == EditDecision("e1", "accepted", option=1)
        # both reword it: the later wording wins, the other stays in the audit log
        base = got
        one.save_edit_decision(r.id, EditDecision("e1", "accepted", 1, "mine"), base=base)
        got = two.save_edit_decision(r.id, EditDecision("e1", "accepted", 1, "theirs"), base=base)
        assert got.text == "theirs"
        last = one.audit_log(r.id)[-1]
        assert last.action == "decision.conflict"
        assert last.change["overwritten_text"] == "mine"
        assert one.verify_audit().ok


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        (EditDecision("e1", "maybe"), "Unknown decision"),  # type: ignore[arg-type]
        (EditDecision("e1", "accepted", option=-1), "no option number -1"),
        (EditDecision("", "accepted"), "needs the id"),
    ],
)
def test_a_bad_decision_gets_a_clear_message(path: Path, decision: EditDecision, message: str):
    with ReviewStore(path) as s:
        r = s.open_review(SHA1, "msa.docx")
        with pytest.raises(ReviewStoreError, match=message):
            s.save_edit_decision(r.id, decision)
        with pytest.raises(ReviewStoreError, match="no review number 99"):
            s.save_edit_decision(99, EditDecision("e1", "accepted"))
        assert s.edit_decisions(r.id) == {}


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_read_only_store_reads_decisions_and_refuses_changes(path: Path) -> None:
    from test_review_store_safety import _unprivileged

    with ReviewStore(path) as s:
        r = s.open_review(SHA1, "msa.docx")
        s.save_edit_decision(r.id, EditDecision("e1", "accepted"))
    path.chmod(stat.S_IRUSR)
    out = _unprivileged(
        f"""
        from contractreview.analysis.edits.model import EditDecision
        from contractreview.errors import StoreReadOnlyError
        from contractreview.review.store import ReviewStore
        s = ReviewStore({str(path)!r})
        print(s.read_only, s.edit_decisions({r.id}))
        try:
            s.save_edit_decision({r.id}, EditDecision("e1", "rejected"))
        except StoreReadOnlyError as e:
            print("refused:", e)
        """
    )
    flag, refused = out.splitlines()
    assert flag == "True {'e1': EditDecision(edit_id='e1', status='accepted', option=0, text=None)}"
    assert refused.startswith("refused: This change cannot be saved")


def test_decisions_carry_to_a_new_version_only_where_edit_and_text_match(path: Path) -> None:
    kept, reworded, dropped = _edit("e-a"), _edit("e-b"), _edit("e-c")
    with ReviewStore(path) as s:
        v1 = s.open_review(SHA1, "msa.docx")
        s.save_edit_decision(v1.id, EditDecision("e-a", "accepted", 1), old_text=kept.old_text)
        s.save_edit_decision(v1.id, EditDecision("e-b", "accepted"), old_text=reworded.old_text)
        s.save_edit_decision(v1.id, EditDecision("e-c", "rejected"), old_text=dropped.old_text)
        s.save_edit_decision(v1.id, EditDecision("e-d", "pending"), old_text="x")
        v2 = s.open_review(SHA2, "msa.docx")
        assert v2.previous_id == v1.id
        # version 2: e-a unchanged (whitespace aside), e-b's clause reworded, e-c gone
        new_edits = [_edit("e-a", "thirty  (30)\ndays"), _edit("e-b", "fifteen (15) days")]
        carried = s.carry_over_decisions(v1.id, v2.id, new_edits)
        assert carried == ["e-a"]
        assert s.edit_decisions(v2.id) == {"e-a": EditDecision("e-a", "accepted", 1)}
        assert s.carry_over_decisions(v1.id, v2.id, new_edits) == []  # nothing twice
        (stored,) = s.stored_decisions(v2.id)
        assert stored.carried_from is not None
        assert stored.old_text == "thirty  (30)\ndays"
        assert s.audit_log(v2.id)[-1].action == "decision.carry"
        assert s.verify_audit().ok


def test_a_store_of_schema_3_gains_decisions_and_keeps_its_undo_history(path: Path) -> None:
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        for stmt in statements(script):
            db.execute(stmt)
    db.execute("INSERT INTO review VALUES (1, ?, 'msa.docx', 1, NULL, '2026-01-01')", (SHA1,))
    db.execute(
        "INSERT INTO annotation (id, review_id, finding_id, quote, note, created, updated)"
        " VALUES (1, 1, 'f1', 'q', 'two', 't', 't')"
    )
    db.execute(
        "INSERT INTO edit (review_id, annotation_id, before, after) VALUES (1, 1, ?, ?)",
        (
            '{"note": "one", "status": "open", "risk_override": null, "override_reason": "",'
            ' "reviewer": "", "deleted": 0}',
            '{"note": "two", "status": "open", "risk_override": null, "override_reason": "",'
            ' "reviewer": "", "deleted": 0}',
        ),
    )
    db.execute("PRAGMA user_version=3")
    db.commit()
    db.close()
    with ReviewStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.can_undo(1)
        assert s.undo(1).note == "one"  # type: ignore[union-attr]
        s.save_edit_decision(1, EditDecision("e1", "accepted"))
        assert s.edit_decisions(1) == {"e1": EditDecision("e1", "accepted")}
