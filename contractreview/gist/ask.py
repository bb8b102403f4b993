"""Questions answered from the contract itself, with citations, checked before they are shown.

    asker = Asker(result, model)                # model: a GenerativeModel, or None
    run = asker.ask("How long is the notice period to terminate?", should_stop)
    for delta in run:                           # unchecked text as it is written: progress only
        ...
    answer = run.result                         # an Answer: status, text, citations

The clauses are found by :mod:`contractreview.gist.retrieve` (BM25, the clause model's labels,
the key terms). The model reads only those extracts, numbered, and names the ones it used; its
answer is checked with :func:`contractreview.gist.verify.verify_gist` against the text of the
extracts it cites. The statuses:

- ``answered``: every number, date, amount, period, party and defined term of the answer occurs
  in the cited text; ``text`` is the answer, ``citations`` the clauses (segment id and the
  ``[start, end)`` span of the segment's text that best matches the answer);
- ``no_verified_answer``: the answer stated a fact the cited text does not, the model found
  the extracts silent, or there is no model: ``text`` is None and ``citations`` are the
  retrieved clauses, for the reader to read;
- ``not_addressed``: no clause shares a content word (or a label, or a key term) with the
  question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from contractreview.analysis.labels import segment_label
from contractreview.analysis.results import AnalysisResult
from contractreview.gist.retrieve import Hit, Retriever, words
from contractreview.gist.runtime import Generation, GenerativeModel, common_prefix_length
from contractreview.gist.verify import UNSUPPORTED, GistCheck, verify_gist

ANSWERED = "answered"
NO_VERIFIED_ANSWER = "no_verified_answer"
NOT_ADDRESSED = "not_addressed"
NOT_ADDRESSED_MARK = "NOT ADDRESSED"

ASK_PROMPT = """Answer the question using only the numbered contract extracts below. Answer in \
one or two short sentences. Keep every amount, date, time period, percentage and party name \
exactly as written. After the answer, give the numbers of the extracts you used in square \
brackets, like [1]. If the extracts do not answer the question, reply exactly: NOT ADDRESSED.

Extracts:
{extracts}

Question: {question}"""

EXTRACT_TOKENS = 200  # the most of one clause the model reads
TOP_K = 3
MAX_NEW_TOKENS = 80
_CITE_RE = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")
_SENTENCE_RE = re.compile(r"[^.;:!?]+(?:[.;:!?]+|$)")


@dataclass(frozen=True)
class AnswerCitation:
    """A clause the answer rests on: the segment, its lawyer's reference, and the span
    ``[start, end)`` of the segment's text that best matches the answer."""

    segment: str
    ref: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Answer:
    question: str
    status: str
    text: str | None
    citations: tuple[AnswerCitation, ...]
    model_name: str | None
    check: GistCheck | None = None
    raw: str = ""  # what the model wrote (unchecked; never shown as the answer)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def why_unverified(self) -> str:
        """Why no answer is shown: ``no_model``, ``model_found_none`` (the model read the
        clauses and said they do not answer: they are shown, as small models say so too often)
        or ``unsupported`` (its answer stated something the clauses do not); "" if answered."""
        if self.status != NO_VERIFIED_ANSWER:
            return ""
        if self.model_name is None:
            return "no_model"
        return "unsupported" if self.check is not None else "model_found_none"

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "status": self.status,
            "answer": self.text,
            "citations": [asdict(c) for c in self.citations],
            "model": self.model_name,
            "unsupported": [f.text for f in self.check.unsupported] if self.check else [],
            "model_output": self.raw,
            "timings": self.timings,
        }


def best_span(text: str, answer: str) -> tuple[int, int]:
    """The sentence of ``text`` sharing the most words with ``answer``: its ``[start, end)``."""
    wanted = set(words(answer))
    best, span = -1, (0, len(text))
    for m in _SENTENCE_RE.finditer(text):
        if not m.group().strip():
            continue
        overlap = len(wanted & set(words(m.group())))
        if overlap > best:
            lead = len(m.group()) - len(m.group().lstrip())
            best, span = overlap, (m.start() + lead, m.end())
    return span


def cite(hit: Hit, answer: str) -> AnswerCitation:
    start, end = best_span(hit.segment.text, answer)
    ref = segment_label(hit.segment) or hit.segment.id
    return AnswerCitation(hit.segment.id, ref, start, end, hit.segment.text[start:end].strip())


def whole_clause(hit: Hit) -> AnswerCitation:
    ref = segment_label(hit.segment) or hit.segment.id
    text = hit.segment.text
    return AnswerCitation(hit.segment.id, ref, 0, len(text), text.strip())


def parse_citations(text: str, count: int) -> tuple[str, list[int]]:
    """The answer without its ``[n]`` markers, and the extract numbers (1-based) it cites."""
    cited: list[int] = []
    for m in _CITE_RE.finditer(text):
        for n in re.split(r"[,;]", m.group(1)):
            i = int(n)
            if 1 <= i <= count and i not in cited:
                cited.append(i)
    clean = _CITE_RE.sub("", text)
    clean = re.sub(r"\s+([.,;:])", r"\1", clean)
    return " ".join(clean.split()).strip(), cited


class AskRun:
    """Iterate for the unchecked text deltas; then ``result`` holds the checked :class:`Answer`."""

    def __init__(
        self,
        question: str,
        hits: list[Hit],
        model: GenerativeModel | None,
        generation: Generation | None,
        known_names: Sequence[str],
    ) -> None:
        self.question = question
        self.hits = hits
        self._model = model
        self.generation = generation
        self._known_names = known_names
        self._result: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        if self.generation is not None:
            yield from self.generation.text_deltas()
        self._result = self._finish()

    def _finish(self) -> Answer:
        name = self._model.name if self._model is not None else None
        if not self.hits:
            return Answer(self.question, NOT_ADDRESSED, None, (), name)
        if self.generation is None:  # no model: the clauses themselves
            cites = tuple(whole_clause(h) for h in self.hits)
            return Answer(self.question, NO_VERIFIED_ANSWER, None, cites, name)
        raw = self.generation.text.strip()
        timings = {
            "first_token_s": round(self.generation.first_token_s or 0.0, 3),
            "generation_s": round(self.generation.elapsed_s, 3),
        }
        if NOT_ADDRESSED_MARK in raw.upper() or not raw:
            # the retriever found clauses on the question's words: the reader gets them rather
            # than the model's word that the contract is silent (small models say so too often)
            cites = tuple(whole_clause(h) for h in self.hits)
            return Answer(
                self.question, NO_VERIFIED_ANSWER, None, cites, name, raw=raw, timings=timings
            )
        text, numbers = parse_citations(raw, len(self.hits))
        used = [self.hits[i - 1] for i in numbers] or list(self.hits)
        source = "\n".join(h.segment.text for h in used)
        check = verify_gist(text, source, known_names=self._known_names)
        if check.status == UNSUPPORTED or not text:
            cites = tuple(whole_clause(h) for h in used)
            return Answer(self.question, NO_VERIFIED_ANSWER, None, cites, name, check, raw, timings)
        cites = tuple(cite(h, text) for h in used)
        return Answer(self.question, ANSWERED, text, cites, name, check, raw, timings)

    @property
    def result(self) -> Answer:
        if self._result is None:
            raise RuntimeError("the answer is not finished: iterate the run first")
        return self._result

    def wait(self) -> Answer:
        for _ in self:
            pass
        return self.result


class Asker:
    """Answers questions about one analysed contract (the model is optional)."""

    def __init__(
        self,
        result: AnalysisResult,
        model: GenerativeModel | None,
        *,
        known_names: Iterable[str] = (),
        top_k: int = TOP_K,
    ) -> None:
        self.retriever = Retriever(result)
        self.model = model
        self.known_names = list(known_names)
        self.top_k = top_k

    def prompt(self, question: str, hits: Sequence[Hit]) -> str:
        assert self.model is not None
        extracts = "\n".join(
            f"[{i}] {self.model.truncate(' '.join(h.segment.text.split()), EXTRACT_TOKENS)}"
            for i, h in enumerate(hits, 1)
        )
        return ASK_PROMPT.format(extracts=extracts, question=question.strip())

    def ask(self, question: str, should_stop: Callable[[], bool] | None = None) -> AskRun:
        """A run to iterate; nothing is generated until it is."""
        if not question.strip():
            raise ValueError("the question is empty")
        hits = self.retriever.search(question, self.top_k)
        generation = None
        if hits and self.model is not None:
            ids = self.model.prompt_ids([{"role": "user", "content": self.prompt(question, hits)}])
            head = self.model.prompt_ids(
                [{"role": "user", "content": ASK_PROMPT.format(extracts="", question="")}]
            )
            generation = self.model.generate(
                ids,
                max_new_tokens=MAX_NEW_TOKENS,
                should_stop=should_stop,
                cache_prefix=common_prefix_length(ids, head),  # the instructions
            )
        return AskRun(question, hits, self.model, generation, self.known_names)


def contract_names(result: AnalysisResult) -> list[str]:
    """The parties and defined terms of the contract, which an answer may name even where the
    cited clause does not ("the Supplier" defined in the preamble)."""
    from contractreview.text import aliases

    parties = next((t.normalized for t in result.terms if t.name == "parties"), None)
    return aliases.known_names(parties, (s.text for s in result.segments))
