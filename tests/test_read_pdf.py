"""PDF reports (extract/read/pdf.py): reading order, running headers, footnotes, hyphenation,
tables, captions and page provenance, on PDFs made with reportlab (tests/pdfmaker.py)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

pdfmaker = pytest.importorskip("pdfmaker")
if pdfmaker.find_font() is None:
    pytest.skip("no DejaVu Sans font to write Latvian PDFs", allow_module_level=True)

from pdf_report import make_report_pdf
from reportlab.pdfgen.canvas import Canvas

from reportgraph.cli.main import cli
from reportgraph.errors import InputError
from reportgraph.extract.read.reader import read_report

NEWS = ("2019.gadā biedrība „Kuldīgas kopienu centrs” sadarbībā ar Kuldīgas novada bibliotēku "
        "īstenoja projektu „Kopā mēs varam!”, kura mērķis bija veicināt mazākumtautību jauniešu "
        "līdzdalību vietējās kopienas dzīvē.")
CITED = ("Projekta ietvaros 2019.gada 14.septembrī Kuldīgā notika festivāls „Rudens krāsas”{1}, "
         "kurā piedalījās 85 dalībnieki. Projekta kopējais finansējums bija 2400 euro.")


def make_news(path: Path) -> Path:
    """A two-page news item: running header, page numbers, one footnote cited mid-sentence."""
    doc = pdfmaker.PdfMaker(path, header="Kultūras ministrija | Jaunumi")
    doc.page()
    doc.heading("Romu kultūras dienas Kuldīgā")
    for i in range(22):
        if i == 20:
            doc.para(CITED, notes={1: "Festivāla programma pieejama biedrības tīmekļa vietnē."})
        else:
            doc.para(NEWS if i % 2 else "Ziņu sagatavoja Kultūras ministrijas Sabiedrības "
                     "integrācijas departaments sadarbībā ar romu kopienas pārstāvjiem.")
    doc.save()
    return path


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> Path:
    return make_report_pdf(tmp_path_factory.mktemp("pdf") / "zinojums-2019.pdf")


@pytest.fixture(scope="module")
def built(report_pdf, tmp_path_factory):
    store = tmp_path_factory.mktemp("store") / "s"
    result = CliRunner().invoke(cli, ["--store", str(store), "build", str(report_pdf)])
    assert result.exit_code == 0, result.output
    return store


def run(store: Path, *args: str):
    return CliRunner().invoke(cli, ["--store", str(store), *args])


def test_layout_of_a_two_column_report(report_pdf):
    src = read_report(report_pdf)
    text = src.clean.text
    assert src.media_type == "application/pdf" and len(src.pages) == 4
    # running header and page numbers are out of the analysed text, kept in the extracted one
    assert "Kultūras ministrija · Informatīvais" not in text
    assert src.text.count("Kultūras ministrija · Informatīvais") == 4
    assert not any(line.strip().isdigit() for line in text.splitlines())
    # line-end hyphenation joined; columns read left then right (sentence order kept)
    assert "saglabāšana un nodošana jaunajai paaudzei." in text
    assert "iekļaušanas veicināšana Jelgavā" in text
    assert text.index("Mūsu saknes") < text.index("Romu valoda skolā") < text.index("Atvērtās")
    # footnotes on three pages: bodies out of the text, markers linked after the cited word
    notes = {f.number: f.text for f in src.clean.footnotes}
    assert notes == {1: "Projektu finansēja Sabiedrības integrācijas fonds.",
                     2: "Sīkāk par projektu biedrības gada pārskatā.",
                     3: "Projekts turpināsies arī 2020.gadā."}
    assert [n for _, n in src.clean.refs] == [1, 2, 3]
    pos = {n: i for i, n in src.clean.refs}
    assert text[:pos[1]].endswith("„Kopā mēs varam!”")
    assert text[:pos[2]].endswith("jaunajai paaudzei")
    assert "Sabiedrības integrācijas fonds" not in text
    # the figure caption stands apart; the landscape page's table is read as rows
    assert "Darbnīcas dalībnieki" not in text
    (table,) = src.clean.tables
    assert table.caption.startswith("1. tabula.")
    assert table.lines == ("Reģions 2017. 2018. 2019.", "Kurzeme 120 135 150",
                           "Latgale 410 420 432", "Zemgale 88 91 97", "Kopā 618 646 679")
    assert table.source == "Avots: Izglītības un zinātnes ministrija"
    assert [src.page_of(f.start) for f in src.clean.footnotes] == [1, 2, 3]


def test_build_pdf_facts_and_page_provenance(built):
    q = run(built, "query", "projects", "--format", "csv")
    rows = {line.split(",")[1]: line for line in q.output.splitlines()[1:]}
    assert set(rows) == {"Kopā mēs varam!", "Mūsu saknes", "Romu valoda skolā", "Atvērtās durvis"}
    assert ",2400,Kuldīgas novads," in rows["Kopā mēs varam!"]
    assert ",1850,Rēzekne," in rows["Mūsu saknes"]
    assert rows["Romu valoda skolā"].split(",")[2] == "ESF"
    assert ",3100,Jelgava," in rows["Atvērtās durvis"]
    why = run(built, "why", "project/atvertas-durvis")
    assert why.exit_code == 0 and "page 3" in why.output
    assert "page 2" in run(built, "why", "project/musu-saknes").output
    n = run(built, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?o a qb:Observation }", "-f", "csv")
    assert int(n.output.split()[-1]) >= 9
    meta = run(built, "sparql", "SELECT ?f ?s ?id WHERE { ?r a rg:Report ; dct:format ?f ; "
               "dct:source ?s ; dct:identifier ?id }", "-f", "csv").output
    assert "media-types/application/pdf,zinojums-2019.pdf,sha256:" in meta
    trig = run(built, "export", "--format", "nt").output
    assert "<https://w3id.org/reportgraph/ontology#page> \"3\"" in trig


def test_news_pdf_and_its_pdftotext_dump_both_build(tmp_path):
    pdf = make_news(tmp_path / "news.pdf")
    store = tmp_path / "s"
    result = run(store, "build", str(pdf))
    assert result.exit_code == 0, result.output
    src = read_report(pdf)
    assert len(src.pages) == 2 and [f.number for f in src.clean.footnotes] == [1]
    assert "Jaunumi" not in src.clean.text
    assert "page 2" in run(store, "why", "event/festivals-rudens-krasas-2019").output
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    txt = tmp_path / "news.txt"
    subprocess.run(["pdftotext", str(pdf), str(txt)], check=True)
    # the dump loses the footnote body: the report is still built, with a warning
    with pytest.warns(UserWarning, match="cited but"):
        result = run(store, "build", str(txt))
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_bad_pdfs_get_one_line_and_the_others_are_built(tmp_path, report_pdf):
    folder = tmp_path / "in"
    folder.mkdir()
    c = Canvas(str(folder / "scan.pdf"))
    c.rect(50, 50, 400, 600, fill=1)
    c.save()
    c = Canvas(str(folder / "secret.pdf"), encrypt="secret")
    c.drawString(100, 700, "Slepens teksts")
    c.save()
    (folder / "cut.pdf").write_bytes(report_pdf.read_bytes()[:2500])
    shutil.copy(report_pdf, folder / "zinojums-2019.pdf")
    (folder / "notes.md").write_text("not a report\n", encoding="utf-8")
    result = run(tmp_path / "s", "build", "-j", "1", str(folder))
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.startswith("Error:")]
    assert len(lines) == 3
    assert any("scan.pdf: no text layer: OCR it first, e.g. with ocrmypdf" in ln for ln in lines)
    assert any("secret.pdf: the PDF is encrypted" in ln for ln in lines)
    assert any("cut.pdf: a corrupt or truncated PDF" in ln for ln in lines)
    assert "zinojums-2019.pdf: " in result.output and "built 1 report(s); 3 failed" in result.output
    for name in ("scan.pdf", "secret.pdf"):
        with pytest.raises(InputError, match=name):
            read_report(folder / name)


def test_type_is_told_from_content_not_suffix(tmp_path, report_pdf):
    odd = tmp_path / "zinojums.dat"
    shutil.copy(report_pdf, odd)
    assert read_report(odd).media_type == "application/pdf"
    fake = tmp_path / "fake.pdf"
    fake.write_text("Biedrība „Baltais zirgs” īstenoja projektu Rēzeknē.\n", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"fake\.pdf: named \.pdf but holds plain text"):
        assert read_report(fake).media_type == "text/plain"


def test_a_misnamed_file_is_built_with_a_warning_line(tmp_path):
    odd = tmp_path / "x.docx"
    odd.write_bytes(b"x")
    result = subprocess.run([sys.executable, "-m", "reportgraph", "--store", str(tmp_path / "s"), "build",
                             "-j", "1", str(odd)], check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0
    assert "Warning: " in result.stderr and "named .docx but holds plain text" in result.stderr
    assert "Traceback" not in result.stderr


def test_utf16_text_with_bom(tmp_path):
    text = "Rēzeknes romu biedrība „Baltais zirgs” īstenoja projektu „Mūsu saknes” Rēzeknē.\n"
    for enc, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        path = tmp_path / f"{enc}.txt"
        path.write_bytes(bom + text.encode(enc))
        assert read_report(path).text == text


def test_globs_symlink_loops_and_time_limit(tmp_path, report_pdf, monkeypatch):
    folder = tmp_path / "g"
    folder.mkdir()
    shutil.copy(report_pdf, folder / "a-2019.pdf")
    (folder / "b.txt").write_text("Biedrība „Baltais zirgs” īstenoja projektu „Mūsu saknes” "
                                  "Rēzeknē.\n", encoding="utf-8")
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    result = run(tmp_path / "s", "build", "-j", "1", str(folder / "*.pdf"), str(tmp_path / "loop1"))
    assert result.exit_code == 1
    assert "loop1: cannot be read (a symlink loop)" in result.output
    assert "a-2019.pdf: " in result.output and "Traceback" not in result.output
    monkeypatch.setenv("REPORTGRAPH_FILE_TIMEOUT", "0.01")
    result = run(tmp_path / "s2", "build", "-j", "1", str(folder / "a-2019.pdf"))
    assert result.exit_code == 2
    assert "a-2019.pdf: gave up after 0.01 s (the per-file time limit" in result.output
