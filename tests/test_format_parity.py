"""Format parity: the sample report and other texts, written as ODT (odfpy: running header, page
numbers in the footer, footnotes cited mid-sentence, tables, headings) and converted by
LibreOffice headless to DOCX and PDF, give the same project rows (project, funds, amounts,
places, dates; read from the graph as bench/evaluate.py reads a prediction) as the .txt build."""

from __future__ import annotations

import importlib.util
import shutil
import warnings
from pathlib import Path

import pytest
from formats.make import SOFFICE, blocks_from_text, convert, write_odt
from gold_eval import load_evaluator

from reportgraph.extract.pipeline import extract_report

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [ROOT / "examples" / "romu-integracija-2018.txt"] + [
    ROOT / "tests" / "excerpts" / f"{n}.txt" for n in ("a", "b", "d")]
HAVE_PDF = importlib.util.find_spec("reportgraph.extract.read.pdf") is not None

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; "
                                "CI installs libreoffice-writer-nogui")


@pytest.fixture(scope="session")
def made(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every text as .txt, .odt, .docx and .pdf (made once per test session)."""
    out = tmp_path_factory.mktemp("formats")
    files: dict[tuple[str, str], Path] = {}
    for txt in TEXTS:
        copy = out / txt.name
        shutil.copy(txt, copy)
        files[(txt.stem, "txt")] = copy
        odt = write_odt(blocks_from_text(txt.read_text(encoding="utf-8")), out / f"{txt.stem}.odt")
        files[(txt.stem, "odt")] = odt
        for fmt in ("docx", "pdf"):
            files[(txt.stem, fmt)] = convert(odt, fmt, out)
    return files


def project_rows(path: Path) -> dict[str, tuple]:
    """label -> (funds, amounts, places, dates) of each project the build of `path` finds."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = extract_report(path)
    items, _ = load_evaluator().read_prediction(report.graph)
    return {it.label: (tuple(it.facts["funds"]), tuple(it.facts["amounts"]),
                       tuple(sorted(it.facts["places"])), tuple(it.facts["dates"]))
            for it in items["projects"]}


def parity(made, fmt: str) -> tuple[int, int, list[str]]:
    same = total = 0
    diffs = []
    for txt in TEXTS:
        base = project_rows(made[(txt.stem, "txt")])
        got = project_rows(made[(txt.stem, fmt)])
        for label in sorted(base.keys() | got.keys()):
            total += 1
            if base.get(label) == got.get(label):
                same += 1
            else:
                diffs.append(f"{txt.stem}: {label}: txt {base.get(label)} / {fmt} {got.get(label)}")
    return same, total, diffs


@pytest.mark.parametrize("fmt", ["odt", "docx", pytest.param("pdf", marks=[pytest.mark.skipif(
    not HAVE_PDF, reason="the PDF reader (extract/read/pdf.py) is not there yet")])])
def test_same_project_rows_as_txt(made, fmt):
    same, total, diffs = parity(made, fmt)
    assert total >= 25, "the sample report alone has 25 projects"
    assert same / total >= 0.95, f"{same}/{total} project rows identical:\n" + "\n".join(diffs)


@pytest.mark.parametrize("fmt", ["odt", "docx"])
def test_office_files_keep_footnotes_and_headings(made, fmt):
    """The footnotes the cleaner finds in the .txt are footnotes of the DOCX/ODT, linked at their
    markers, and the running header and page numbers never reach the text."""
    from reportgraph.extract.read.clean import clean_report
    from reportgraph.extract.read.reader import read_report

    sample = TEXTS[0]
    txt = clean_report(sample.read_text(encoding="utf-8"))
    src = read_report(made[(sample.stem, fmt)])
    assert src.media_type.endswith("opendocument.text" if fmt == "odt" else "document")
    assert [f.text for f in src.clean.footnotes] == [f.text for f in txt.footnotes
                                                     if f.number in {n for _, n in txt.refs}]
    assert len(src.clean.refs) == len(src.clean.footnotes) >= 40
    assert len(src.clean.headings) >= 15
    assert len(src.clean.tables) == len(txt.tables)
    assert "Kultūras ministrija\n" not in src.text and src.year == 2018
    assert src.title.startswith("Informatīvais ziņojums par Latvijas romu integrācijas")
