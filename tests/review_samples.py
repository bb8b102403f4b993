"""A small contract written by the tests (python-docx plus hand-made tracked changes and an
existing comment) and an analysis result built by hand over it, for the export tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml.parser import parse_xml

from contractreview.analysis.results import (
    AnalysisResult,
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
from contractreview.docx.document import Document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

PARTIES = 'This Agreement is made between Acme Corp. ("Supplier") and Beta LLC ("Customer").'
LIABILITY = (
    "Limitation of liability. The Supplier's total liability shall not exceed the fees paid "
    "in the previous month."
)
TERMINATION = "Termination. Either party may terminate this Agreement on 10 days' notice."
GOVERNING = "Governing law. This Agreement is governed by the laws of New York."
PAYMENT = "Payment. Customer shall pay each invoice within 90 days.\tNet 90."


@dataclass(frozen=True)
class Sample:
    path: Path
    texts: dict[int, str]  # block ordinal -> accepted text


def _tracked_paragraph(doc: docx.document.Document) -> None:
    p = doc.add_paragraph(style="List Number")
    p.add_run("Governing law.").bold = True
    p.add_run(" This Agreement is governed by the laws of ")
    p._p.append(
        parse_xml(
            f'<w:del xmlns:w="{W}" w:id="901" w:author="Opposing Counsel" '
            'w:date="2024-01-02T00:00:00Z"><w:r><w:delText>England</w:delText></w:r></w:del>'
        )
    )
    p._p.append(
        parse_xml(
            f'<w:ins xmlns:w="{W}" w:id="902" w:author="Opposing Counsel" '
            'w:date="2024-01-02T00:00:00Z"><w:r><w:t>New York</w:t></w:r></w:ins>'
        )
    )
    p.add_run(".")


def make_contract(path: Path) -> Sample:
    doc = docx.Document()
    doc.add_paragraph("Master Services Agreement", style="Title")  # 0
    p = doc.add_paragraph("This Agreement is made between ")  # 1
    p.add_run("Acme Corp.").bold = True
    p.add_run(' ("Supplier") and ')
    p.add_run("Beta LLC").bold = True
    p.add_run(' ("Customer").')
    p = doc.add_paragraph(style="List Number")  # 2
    p.add_run("Limitation of liability.").bold = True
    p.add_run(" The Supplier's total liability shall not exceed ")
    p.add_run("the fees paid in the previous month").italic = True
    p.add_run(".")
    p = doc.add_paragraph(style="List Number")  # 3
    head = p.add_run("Termination.")
    p.add_run(" Either party may terminate this Agreement on 10 days' notice.")
    doc.add_comment(head, text="Check the notice period.", author="Partner", initials="P")
    _tracked_paragraph(doc)  # 4
    p = doc.add_paragraph(style="List Number")  # 5
    p.add_run("Payment. Customer shall pay each invoice within 90 days.")
    p.add_run().add_tab()
    p.add_run("Net 90.")
    table = doc.add_table(rows=1, cols=2)  # 6, 7
    table.cell(0, 0).text = "Fees"
    table.cell(0, 1).text = "USD 10,000 per month"
    doc.save(str(path))
    texts = {
        0: "Master Services Agreement",
        1: PARTIES,
        2: LIABILITY,
        3: TERMINATION,
        4: GOVERNING,
        5: PAYMENT,
        6: "Fees",
        7: "USD 10,000 per month",
    }
    return Sample(path, texts)


def _seg(sid: str, block: int, text: str, part: str, label: str, heading: str) -> SegmentResult:
    start = text.index(part)
    return SegmentResult(
        id=sid,
        text=part,
        label=label,
        heading=heading,
        block=f"document:{block}",
        start=start,
        end=start + len(part),
        labels=(LabelScore("Cap on Liability", 0.91),) if sid == "s2" else (),
        risk=Risk(RiskLevel.NONE),
    )


def _sha256(path: Path) -> str | None:
    """The file's SHA-256, as the reader computes it (the annotated export checks it)."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def make_result(sample: Sample, *, sha256: str | None = None) -> AnalysisResult:
    t = sample.texts
    cap = "The Supplier's total liability shall not exceed the fees paid in the previous"
    law = "This Agreement is governed by the laws of New York."
    pay = "Customer shall pay each invoice within 90 days.\tNet"
    segments = (
        _seg("s0", 0, t[0], t[0], "", ""),
        _seg("s1", 1, t[1], t[1], "", ""),
        _seg("s2", 2, t[2], cap, "1.", "1. Limitation of liability"),
        _seg("s3", 3, t[3], t[3], "2.", "2. Termination"),
        _seg("s4", 4, t[4], law, "3.", "3. Governing law"),
        _seg("s5", 5, t[5], pay, "4.", "4. Payment"),
        _seg("s6", 7, t[7], t[7], "", ""),
    )
    cap_reason = Reason(
        ReasonSource.RULE,
        "cap-too-low",
        "Liability cap below 12 months of fees.",
        None,
        RiskLevel.HIGH,
        check="Compare the cap with the annual contract value.",
        position="Cap at 12 months' fees; uncapped for data breach.",
    )
    findings = (
        Finding(
            "f-s2",
            ("s2",),
            ("Cap on Liability",),
            Risk(RiskLevel.MEDIUM, (cap_reason,)),
            cap,
        ),
        Finding(
            "f-s4",
            ("s4",),
            ("Governing Law",),
            Risk(
                RiskLevel.LOW,
                (Reason(ReasonSource.MODEL, "Governing Law", "Governing law <clause>", 0.88),),
            ),
            law,
        ),
        Finding(
            "f-s5",
            ("s5", "s6"),
            ("Payment Terms",),
            Risk(RiskLevel.INFO, (Reason(ReasonSource.RULE, "pay", "Long payment term & net."),)),
            pay + " " + t[7],
        ),
    )
    return AnalysisResult(
        document=DocumentInfo(
            str(sample.path),
            sha256 or _sha256(sample.path) or "ab" * 32,
            "Master Services Agreement",
            "services",
            60,
        ),
        model=NamedHash("clause-minilm", "cd" * 32),
        playbook=NamedHash("default", "ef" * 32),
        side="customer",
        segments=segments,
        findings=findings,
        missing=(MissingClause("Insurance", RiskLevel.MEDIUM, "No insurance clause."),),
        terms=(
            Term(
                "parties",
                'Acme Corp. ("Supplier")',
                [{"name": "Acme Corp.", "alias": "Supplier"}],
                0.9,
                "s1",
                31,
                54,
            ),
            Term(
                "parties",
                'Beta LLC ("Customer")',
                [{"name": "Beta LLC", "alias": "Customer"}],
                0.9,
                "s1",
                59,
                80,
            ),
            Term("governing_law", "New York", "New York", 0.95, "s4", 42, 50),
        ),
    )


def result_from_document(document: Document, *, every: int = 3) -> AnalysisResult:
    """A hand-made result over a real document read by the reader: a finding on every
    ``every``-th segment, cut inside the segment (2 characters in, 1 before its end) so that
    runs have to be split at both ends."""
    from contractreview.analysis.segmenter import segment_document

    segments = []
    findings = []
    levels = (RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW, RiskLevel.INFO)
    for i, s in enumerate(segment_document(document)):
        start, end = s.start, s.end
        if i % every == 0 and end - start > 8 and s.block.split(":")[0] == "document":
            start, end = start + 2, end - 1
        seg = SegmentResult(
            id=s.id,
            text=s.text[start - s.start : end - s.start],
            label=s.label,
            heading=s.heading,
            block=s.block,
            start=start,
            end=end,
            labels=(),
            risk=Risk(RiskLevel.NONE),
        )
        segments.append(seg)
        if (start, end) != (s.start, s.end):
            level = levels[len(findings) % len(levels)]
            reason = Reason(ReasonSource.RULE, "test", f"Test finding {len(findings)}", None, level)
            findings.append(
                Finding(f"f-{s.id}", (s.id,), ("Test",), Risk(level, (reason,)), seg.text)
            )
    return AnalysisResult(
        document=DocumentInfo(document.path, document.sha256, document.title, "unknown", 0),
        model=NamedHash("test", "0" * 64),
        playbook=NamedHash("test", "0" * 64),
        side="customer",
        segments=tuple(segments),
        findings=tuple(findings),
        missing=(),
        terms=(),
    )


def anchored_texts(path: Path, part: str = "word/document.xml") -> dict[int, str]:
    """Comment id -> the text (as the reader reads it) between its range start and end."""
    import zipfile

    from lxml import etree

    from contractreview.docx.reader import iter_paragraph_text_pieces

    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read(part))
    order = {el: i for i, el in enumerate(root.iter())}
    pieces = [pc for p in root.iter(f"{{{W}}}p") for pc in iter_paragraph_text_pieces(p)]
    pieces.sort(key=lambda pc: order[pc.element])
    starts = {el.get(f"{{{W}}}id"): order[el] for el in root.iter(f"{{{W}}}commentRangeStart")}
    ends = {el.get(f"{{{W}}}id"): order[el] for el in root.iter(f"{{{W}}}commentRangeEnd")}
    out = {}
    for cid, lo in starts.items():
        hi = ends[cid]
        out[int(cid)] = "".join(pc.text for pc in pieces if lo < order[pc.element] < hi)
    return out


def empty_result(path: Path, sha256: str | None = None) -> AnalysisResult:
    """A result with no findings (annotations alone drive the export)."""
    return AnalysisResult(
        document=DocumentInfo(str(path), sha256 or _sha256(path) or "00" * 32, "", "unknown", 0),
        model=NamedHash("test", "0" * 64),
        playbook=NamedHash("test", "0" * 64),
        side="",
        segments=(),
        findings=(),
        missing=(),
        terms=(),
    )
