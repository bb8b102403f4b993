"""Accepting and rejecting every tracked change of a DOCX, written here over the XML and
independent of the app's reader, and the same through LibreOffice (headless, a Basic macro in a
private profile) for the tests of the tracked-changes export.

``accept_all`` / ``reject_all`` work as Word does: an inserted run stays (accept) or goes
(reject); a deleted run goes (accept) or comes back with its ``w:delText`` as text (reject); a
paragraph whose mark is inserted (reject) or deleted (accept) joins the paragraph after it.
``paragraph_texts`` reads each ``w:p`` as plain text: ``w:t``, tabs and breaks, nothing else.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


INSERTED = (w("ins"), w("moveTo"))
DELETED = (w("del"), w("moveFrom"))
CHANGED = (w("pPrChange"), w("rPrChange"))


def part_root(path: Path, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def _mark(p: etree._Element, tags: Sequence[str]) -> bool:
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    return rpr is not None and any(rpr.find(t) is not None for t in tags)


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    assert parent is not None
    at = parent.index(el)
    for child in reversed(list(el)):
        parent.insert(at, child)
    parent.remove(el)


def _join_next(p: etree._Element) -> None:
    """Remove ``p``'s paragraph mark: its content opens the next paragraph (or goes when there
    is none)."""
    nxt = p.getnext()
    content = [c for c in p if c.tag != w("pPr")]
    if nxt is not None and nxt.tag == w("p"):
        ppr = nxt.find(w("pPr"))
        at = 1 if ppr is not None else 0
        for c in reversed(content):
            nxt.insert(at, c)
    parent = p.getparent()
    assert parent is not None
    parent.remove(p)


def _run_level(el: etree._Element) -> bool:
    """A tracked change of content, not the mark of a paragraph or a run's properties."""
    parent = el.getparent()
    return parent is not None and parent.tag != w("rPr")


def accept_all(root: etree._Element) -> etree._Element:
    root = etree.fromstring(etree.tostring(root))
    for el in [e for t in DELETED for e in root.iter(t) if _run_level(e)]:
        el.getparent().remove(el)
    for el in [e for t in INSERTED for e in root.iter(t) if _run_level(e)]:
        _unwrap(el)
    for p in [p for p in root.iter(w("p")) if _mark(p, DELETED)]:
        _join_next(p)
    for el in [e for t in (*INSERTED, *DELETED, *CHANGED) for e in root.iter(t)]:
        el.getparent().remove(el)  # the marks left on paragraphs, formatting changes
    return root


def reject_all(root: etree._Element) -> etree._Element:
    root = etree.fromstring(etree.tostring(root))
    for el in [e for t in INSERTED for e in root.iter(t) if _run_level(e)]:
        el.getparent().remove(el)
    for el in [e for t in DELETED for e in root.iter(t) if _run_level(e)]:
        for text in el.iter(w("delText")):
            text.tag = w("t")
        for instr in el.iter(w("delInstrText")):
            instr.tag = w("instrText")
        _unwrap(el)
    for change in list(root.iter(w("pPrChange"))):  # the paragraph's properties as they were
        ppr = change.getparent()
        old = change.find(w("pPr"))
        for child in [c for c in ppr if c.tag not in (w("rPr"), w("sectPr"))]:
            ppr.remove(child)
        for child in reversed(list(old) if old is not None else []):
            ppr.insert(0, child)
    for p in [p for p in root.iter(w("p")) if _mark(p, INSERTED)]:
        _join_next(p)
    for el in [e for t in (*INSERTED, *DELETED, *CHANGED) for e in root.iter(t)]:
        el.getparent().remove(el)
    return root


def paragraph_texts(root: etree._Element) -> list[str]:
    out = []
    for p in root.iter(w("p")):
        parts = []
        for el in p.iter(w("t"), w("tab"), w("br"), w("delText")):
            if el.tag == w("t"):
                parts.append(el.text or "")
            elif el.tag == w("tab"):
                parts.append("\t")
            elif el.tag == w("br"):
                parts.append("\n")
            else:
                raise AssertionError("deleted text left after accepting or rejecting")
        out.append("".join(parts))
    return out


# -- LibreOffice ---------------------------------------------------------------------------------

_LIBRARIES = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE library:libraries PUBLIC '
    '"-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">\n<library:libraries '
    'xmlns:library="http://openoffice.org/2000/library" '
    'xmlns:xlink="http://www.w3.org/1999/xlink">\n <library:library library:name="Standard" '
    'library:link="false"/>\n</library:libraries>\n'
)
_LIBRARY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE library:library PUBLIC '
    '"-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">\n<library:library '
    'xmlns:library="http://openoffice.org/2000/library" library:name="Standard" '
    'library:readonly="false" library:passwordprotected="false">{}</library:library>\n'
)
# For each line "IN|OUT|COMMAND" of the job list: open IN hidden, run the command (accept or
# reject every tracked change, or nothing), save as UTF-8 text to OUT.
_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic">
Sub Jobs(listPath As String)
  Dim job As String
  Dim args(0) As New com.sun.star.beans.PropertyValue
  Dim out(1) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  out(0).Name = "FilterName"
  out(0).Value = "Text (encoded)"
  out(1).Name = "FilterOptions"
  out(1).Value = "UTF8,LF,,,"
  n = FreeFile()
  Open listPath For Input As #n
  Do While Not EOF(n)
    Line Input #n, job
    If Len(job) &gt; 0 Then
      parts = Split(job, "|")
      doc = StarDesktop.loadComponentFromURL(ConvertToURL(parts(0)), "_blank", 0, args())
      If parts(2) &lt;&gt; "none" Then
        helper = createUnoService("com.sun.star.frame.DispatchHelper")
        helper.executeDispatch(doc.CurrentController.Frame, parts(2), "", 0, Array())
      End If
      doc.storeToURL(ConvertToURL(parts(1)), out())
      doc.close(True)
    End If
  Loop
  Close #n
End Sub
</script:module>
"""
ACCEPT = ".uno:AcceptAllTrackedChanges"
REJECT = ".uno:RejectAllTrackedChanges"
AS_IS = "none"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_texts(jobs: Sequence[tuple[Path, str]], work: Path) -> list[str]:
    """The text LibreOffice gives for each ``(docx, command)`` after running the command
    (:data:`ACCEPT`, :data:`REJECT` or :data:`AS_IS`), in one headless run."""
    exe = soffice()
    assert exe is not None
    profile = (work / "profile").resolve().as_uri()
    if not (work / "profile" / "user").is_dir():  # a first start fills the profile (and basic/)
        subprocess.run(
            [exe, "--headless", "--norestore", "--terminate_after_init",
             f"-env:UserInstallation={profile}"],
            check=False, capture_output=True, timeout=300,
        )  # fmt: skip
    basic = work / "profile" / "user" / "basic"
    (basic / "Standard").mkdir(parents=True, exist_ok=True)
    (basic / "script.xlc").write_text(_LIBRARIES)
    (basic / "dialog.xlc").write_text(_LIBRARIES)
    (basic / "Standard" / "script.xlb").write_text(
        _LIBRARY.format('\n <library:element library:name="Module1"/>\n')
    )
    (basic / "Standard" / "dialog.xlb").write_text(_LIBRARY.format(""))
    (basic / "Standard" / "Module1.xba").write_text(_MACRO)
    outs = [work / f"lo-{i}.txt" for i in range(len(jobs))]
    listing = work / "jobs.txt"
    listing.write_text(
        "".join(
            f"{src.resolve()}|{out.resolve()}|{cmd}\n"
            for (src, cmd), out in zip(jobs, outs, strict=True)
        )
    )
    subprocess.run(
        [exe, "--headless", "--norestore", f"-env:UserInstallation={profile}",
         f'macro:///Standard.Module1.Jobs("{listing.resolve()}")'],
        check=False, capture_output=True, timeout=600,
    )  # fmt: skip
    missing = [str(o) for o in outs if not o.is_file()]
    assert not missing, f"LibreOffice wrote no text for {missing}"
    return [o.read_text(encoding="utf-8-sig") for o in outs]
