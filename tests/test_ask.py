"""``contractreview ask``: the clauses retrieved for a question, the cited and checked answer
(the committed tiny model writes noise, which must never pass as an answer), "not addressed",
and the command line; on a contract the test builds. Needs the shipped clause model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx_builder import build_docx, p

from contractreview.analysis.pipeline import Progress, analyze
from contractreview.analysis.results import AnalysisResult
from contractreview.cli.main import main
from contractreview.gist.ask import (
    ANSWERED,
    NO_VERIFIED_ANSWER,
    NOT_ADDRESSED,
    Asker,
    best_span,
    contract_names,
    parse_citations,
)
from contractreview.gist.retrieve import Retriever
from contractreview.gist.runtime import GenerativeModel
from contractreview.gist.verify import verify_gist
from contractreview.paths import models_dir

FIXTURE = Path(__file__).parent / "fixtures" / "tiny_gist_model"
pytestmark = pytest.mark.skipif(
    not (models_dir() / "clause_model.onnx").is_file(), reason="the clause model is not installed"
)
PARAGRAPHS = [
    "SERVICES AGREEMENT",
    'This Services Agreement is made between Acme Widgets Ltd ("Supplier") and Globex '
    'Corporation ("Customer").',
    "1. Payment. The Customer shall pay each undisputed invoice within thirty (30) days of "
    "receipt.",
    "2. Termination. Either party may terminate this Agreement on ninety (90) days' written "
    "notice to the other party.",
    "3. Governing Law. This Agreement is governed by the laws of the State of New York.",
    "4. Liability. The Supplier's total liability shall not exceed the fees paid in the "
    "preceding twelve (12) months.",
]


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ask") / "services.docx"
    return build_docx(path, [p(t) for t in PARAGRAPHS])


@pytest.fixture(scope="module")
def result(contract: Path) -> AnalysisResult:
    out = None
    for event in analyze(contract, all_scores=True):
        if not isinstance(event, Progress):
            out = event
    assert isinstance(out, AnalysisResult)
    return out


def _segment_with(result: AnalysisResult, words: str) -> str:
    return next(s.id for s in result.segments if words in s.text)


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Which law governs the agreement?", "laws of the State of New York"),
        ("How much notice do we need to give to terminate?", "ninety (90) days"),
        ("When must invoices be paid?", "undisputed invoice"),
        ("Is the supplier's liability capped?", "total liability"),
    ],
)
def test_retrieval_puts_the_clause_first(result: AnalysisResult, question: str, words: str) -> None:
    hits = Retriever(result).search(question)
    assert hits[0].segment.id == _segment_with(result, words)


def test_a_question_the_contract_does_not_touch_is_not_addressed(result: AnalysisResult) -> None:
    asker = Asker(result, GenerativeModel(FIXTURE))
    run = asker.ask("What colour is the moon at midnight?")
    answer = run.wait()
    assert answer.status == NOT_ADDRESSED
    assert answer.citations == ()
    assert run.generation is None  # the model is not even asked


def test_without_a_model_the_clauses_themselves_are_cited(result: AnalysisResult) -> None:
    answer = Asker(result, None).ask("Which law governs the agreement?").wait()
    assert answer.status == NO_VERIFIED_ANSWER
    assert answer.text is None
    first = answer.citations[0]
    seg = result.segment(first.segment)
    assert (first.start, first.end) == (0, len(seg.text))
    assert "New York" in first.quote


def test_the_models_answer_is_checked_before_it_is_shown(result: AnalysisResult) -> None:
    model = GenerativeModel(FIXTURE)
    asker = Asker(result, model, known_names=contract_names(result))
    run = asker.ask("When must invoices be paid?")
    deltas = list(run)
    answer = run.result
    assert "".join(deltas).strip() == answer.raw
    assert answer.model_name == "tiny-llama"
    if answer.status == ANSWERED:  # noise can pass only if it states no unsupported fact
        assert answer.check is not None
        assert not answer.check.unsupported
    else:
        assert answer.text is None
    data = json.loads(json.dumps(answer.to_json()))
    assert data["question"] == "When must invoices be paid?"
    assert data["status"] == answer.status
    for c in answer.citations:
        assert result.segment(c.segment).text[c.start : c.end].strip() == c.quote


def test_citation_markers_and_spans() -> None:
    text, cited = parse_citations("Payment is due in 30 days [2]. It is governed by law [1, 2].", 3)
    assert cited == [2, 1]
    assert text == "Payment is due in 30 days. It is governed by law."
    assert parse_citations("No such extract [7].", 3) == ("No such extract.", [])
    clause = "Fees are due monthly. Invoices are paid within 30 days of receipt. Time is key."
    start, end = best_span(clause, "Invoices must be paid within 30 days.")
    assert clause[start:end] == "Invoices are paid within 30 days of receipt."
    # a fact the cited text lacks makes an answer unsupported: never shown as an answer
    assert verify_gist("Payment is due in 45 days.", clause).status == "unsupported"


def test_cli_json_with_the_model(contract: Path, tmp_path: Path) -> None:
    out = tmp_path / "answer.json"
    argv = ["ask", str(contract), "Which law governs the agreement?", "--model", str(FIXTURE)]
    assert main([*argv, "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["status"] in (ANSWERED, NO_VERIFIED_ANSWER, NOT_ADDRESSED)
    assert data["model"] == "tiny-llama"
    assert {"analysis_s", "model_load_s", "answer_s"} <= set(data["timings"])


def test_cli_without_a_model_prints_the_clauses(
    contract: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", str(contract), "Which law governs the agreement?"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("No verified answer.")
    assert "get_generative_model.sh" in out
    assert "State of New York" in out


def test_cli_refuses_to_write_onto_its_input(
    contract: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", str(contract), "Which law?", "--json", str(contract)]) == 2
    assert "contractreview:" in capsys.readouterr().err


def test_why_no_verified_answer_is_told_apart() -> None:
    """The model saying the clauses do not answer is not reported as a made-up answer."""
    import io

    from contractreview.cli.ask import print_answer
    from contractreview.gist.ask import Answer, AnswerCitation

    cite_ = AnswerCitation("s1", "5.1", 0, 10, "Supplier may terminate on notice.")
    silent = Answer("How much notice?", NO_VERIFIED_ANSWER, None, (cite_,), "qwen", None,
                    "NOT ADDRESSED")  # fmt: skip
    made_up = Answer("How much notice?", NO_VERIFIED_ANSWER, None, (cite_,), "qwen",
                     verify_gist("Notice is 60 days.", "Supplier may terminate on notice."),
                     "Notice is 60 days. [1]")  # fmt: skip
    no_model = Answer("How much notice?", NO_VERIFIED_ANSWER, None, (cite_,), None)
    answered = Answer("How much notice?", ANSWERED, "Ten days.", (cite_,), "qwen")
    assert silent.why_unverified == "model_found_none"
    assert made_up.why_unverified == "unsupported"
    assert no_model.why_unverified == "no_model"
    assert answered.why_unverified == ""
    out = io.StringIO()
    print_answer(silent, out)
    assert "found no answer in these clauses" in out.getvalue()
    assert "stated facts" not in out.getvalue()
    out = io.StringIO()
    print_answer(made_up, out)
    assert "stated facts the clauses do not" in out.getvalue()
