"""The reader on the 23 real contracts of ../shared/corpus/docx (skipped when absent).

Text reach is checked against an independent, deliberately simple reference: every ``w:t``
of a part except those in ``w:del``/``w:moveFrom`` (deleted text) and ``mc:Fallback`` (the VML
copies of text boxes), compared as multisets of non-whitespace characters, part by part.
List labels are checked against ``fixtures/corpus_list_labels.json``, made once from
LibreOffice's text export (``fixtures/make_corpus_list_labels.py``).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS, corpus_files, needs_corpus
from lxml import etree
from timing import best_of

from contractreview.docx.document import Document
from contractreview.docx.package import open_docx
from contractreview.docx.reader import W_NS, iter_paragraph_text_pieces, read_docx, story_parts

pytestmark = [needs_corpus, pytest.mark.corpus]

W = f"{{{W_NS}}}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
LABELS = Path(__file__).parent / "fixtures" / "corpus_list_labels.json"
CHECKBOXES = {"☐", "☒"}


def reference_chars(root: etree._Element) -> Counter[str]:
    texts = [
        t.text or ""
        for t in root.iter(W + "t")
        if not any(a.tag in (MC_FALLBACK, W + "del", W + "moveFrom") for a in t.iterancestors())
    ]
    return Counter("".join("".join(texts).split()))


def reach_by_part(path: Path, doc: Document) -> dict[str, tuple[float, int]]:
    """part name -> (share of the reference characters the reader reached, extra chars)."""
    pkg = open_docx(path)
    out = {}
    for part in story_parts(pkg):
        root = pkg.xml(part.path)
        assert root is not None
        ref = reference_chars(root)
        text = "".join(b.text for b in doc.blocks if b.id.split(":")[0] == part.name)
        got = Counter("".join(text.split()))
        total = sum(ref.values())
        # legacy form checkboxes have no w:t: the reader's ☐/☒ for them are the only extras
        extra = sum(n for c, n in (got - ref).items() if c not in CHECKBOXES)
        if total or got:
            out[part.name] = (sum((ref & got).values()) / max(1, total), extra)
    return out


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    return {f.name: read_docx(f) for f in corpus_files()}


@pytest.mark.parametrize("path", corpus_files(), ids=lambda f: f.stem[:40])
def test_text_reach(path: Path, documents: dict[str, Document]) -> None:
    doc = documents[path.name]
    reach = reach_by_part(path, doc)
    assert "document" in reach
    for part, (share, extra) in reach.items():
        assert share >= 0.999, f"{part}: reached {share:.2%}"
        assert extra == 0, f"{part}: {extra} characters not in the package"


@pytest.mark.parametrize("path", corpus_files(), ids=lambda f: f.stem[:40])
def test_ids_unique_and_pieces_rebuild_every_block(
    path: Path, documents: dict[str, Document]
) -> None:
    doc = documents[path.name]
    assert len({b.id for b in doc.blocks}) == len(doc.blocks)
    pkg = open_docx(path)
    paragraphs = {}
    for part in story_parts(pkg):
        root = pkg.xml(part.path)
        assert root is not None
        paragraphs[part.name] = list(root.iter(W + "p"))
    for block in doc.blocks:
        part, n = block.id.split(":")
        pieces = iter_paragraph_text_pieces(paragraphs[part][int(n)])
        assert "".join(pc.text for pc in pieces) == block.text
        for rev in block.revisions:
            assert 0 <= rev.start <= rev.end <= len(block.text)


def test_corpus_features(documents: dict[str, Document]) -> None:
    """The features ../shared/README.md lists are there."""
    scc = documents["Public-nEUro__SCC_controler2controler.docx"]
    assert sum(b.text.count("☐") + b.text.count("☒") for b in scc.blocks) == 58
    assert sum(1 for b in scc.blocks if b.region == "footnote") == 5
    assert any(b.region == "textbox" for b in scc.blocks)
    redline = documents["open-agreements__NDA-Redline.docx"]
    kinds = Counter(r.kind.value for b in redline.blocks for r in b.revisions)
    assert kinds["insertion"] >= 9
    assert kinds["deletion"] >= 3
    sla = documents["accordproject__sample-service-level-agreement.docx"]
    in_cc = sum(len(b.text) for b in sla.body() if b.in_content_control)
    assert in_cc / sum(len(b.text) for b in sla.body()) > 0.10
    cover = documents["open-agreements__bonterms-mutual-nda__template.docx"]
    assert cover.body()
    assert all(b.cell is not None for b in cover.body())
    cla = documents["telerik-UI-For-UWP__CLA.docx"]
    assert len(cla.comments) == 1
    assert cla.comments[0].text


def test_list_labels_agree_with_libreoffice(documents: dict[str, Document]) -> None:
    fixture: dict[str, dict[str, str]] = json.loads(LABELS.read_text(encoding="utf-8"))
    assert set(fixture) == {f.name for f in corpus_files()}
    compared = agreed = 0
    misses = []
    for name, expected in fixture.items():
        mine = {b.id: b.list_label or "" for b in documents[name].blocks}
        for block_id, label in expected.items():
            got = mine.get(block_id, "")
            if not label and not got:
                continue
            compared += 1
            if "".join(got.split()) == "".join(label.split()):
                agreed += 1
            else:
                misses.append((name, block_id, label, got))
    assert compared > 700
    assert agreed / compared >= 0.99, misses[:10]


def test_longest_file_parses_in_a_small_multiple_of_its_xml_parse() -> None:
    """Reading costs a small multiple of the floor any reader pays: unzipping the main part,
    parsing it and visiting every element (measured in the same run; best of three)."""
    longest = max(corpus_files(), key=lambda f: len(open_docx(f).read_bytes("word/document.xml")))
    read_docx(longest)  # warm imports

    def floor() -> int:
        root = etree.fromstring(open_docx(longest).read_bytes("word/document.xml"))
        return sum(1 for _ in root.iter())

    _, floor_s = best_of(3, floor)
    _, read_s = best_of(3, lambda: read_docx(longest))
    assert read_s < 15 * floor_s, (
        f"read {read_s * 1000:.0f} ms, parse floor {floor_s * 1000:.0f} ms"
    )


def test_corpus_folder_is_the_one_from_conftest() -> None:
    assert CORPUS.is_dir()
    assert len(corpus_files()) >= 20
