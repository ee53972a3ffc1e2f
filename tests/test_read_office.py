"""DOCX, ODT and HTML readers on Latvian text: main text, footnotes, bad files (one clear line)."""

import io
import zipfile
from pathlib import Path

import pytest

from reportgraph.errors import InputError
from reportgraph.extract.read.reader import read_report

NEWS = """<!doctype html><html lang="lv"><head><title>Romu mediatori sāk darbu Kuldīgā</title>
<meta property="article:published_time" content="2018-05-14T10:00:00+03:00"></head><body>
<nav><a href="/">Sākums</a> <a href="/jaunumi">Jaunumi</a> <a href="/kontakti">Kontakti</a></nav>
<div class="cookie-banner">Šī vietne izmanto sīkdatnes. <button>Piekrītu</button></div>
<main><article><h1>Romu mediatori sāk darbu Kuldīgā</h1>
<p>Biedrība „Romu kultūras centrs” no 2018. gada 1. marta līdz 2019. gada 28. februārim
Kuldīgas novadā īsteno projektu „Romu mediatori skolās”, ko finansē Eiropas Sociālais fonds.</p>
<p>Projekta kopējās izmaksas ir 58 310,45 eiro, no tām 15 % sedz valsts budžets. Mediatori
strādās ar romu ģimenēm un skolām, lai bērni regulāri apmeklētu stundas.</p>
<p>Kultūras ministrija atgādina, ka romu integrācijas politikas plāns paredz šādus pasākumus
visā Latvijā, un aicina pašvaldības pieteikties nākamajai kārtai līdz gada beigām.</p>
</article></main>
<footer>© 2018 Kuldīgas novada pašvaldība. Visas tiesības aizsargātas. <a href="javascript:alert(1)">x</a></footer>
</body></html>"""


def test_html_main_text_title_and_date(tmp_path: Path) -> None:
    page = tmp_path / "zinas.html"
    page.write_text(NEWS, encoding="utf-8")
    src = read_report(page)
    assert src.media_type == "text/html"
    assert src.title.startswith("Romu mediatori")
    assert src.date and src.date.startswith("2018-05-14")
    body = src.clean.text
    assert "Romu mediatori skolās" in body and "58 310,45 eiro" in body
    for boilerplate in ("sīkdatnes", "Sākums", "Visas tiesības aizsargātas"):
        assert boilerplate not in body


def test_html_type_told_from_content_not_suffix(tmp_path: Path) -> None:
    page = tmp_path / "zinas.txt"
    page.write_text(NEWS, encoding="utf-8")
    assert read_report(page).media_type == "text/html"


def test_html_without_main_text_is_one_clear_line(tmp_path: Path) -> None:
    page = tmp_path / "tuksa.html"
    page.write_text("<!doctype html><html><body><nav><a href='/'>Sākums</a></nav></body></html>",
                    encoding="utf-8")
    with pytest.raises(InputError, match="no main text"):
        read_report(page)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("suffix,members", [
    (".docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"}),
    (".odt", {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office"}),
])
def test_corrupt_office_file_is_one_clear_line(tmp_path: Path, suffix, members) -> None:
    path = tmp_path / f"bojats{suffix}"
    path.write_bytes(_zip(members))
    with pytest.raises(InputError) as exc:
        read_report(path)
    message = str(exc.value)
    assert str(path) in message and "\n" not in message


def test_truncated_docx_is_one_clear_line(tmp_path: Path) -> None:
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<x/>" * 5000})
    path = tmp_path / "pusfails.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as exc:
        read_report(path)
    assert str(path) in str(exc.value)


def test_docx_zip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = b"<w:document>" + b" " * (400 * 1024 * 1024) + b"</w:document>"
    path = tmp_path / "bumba.docx"
    path.write_bytes(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": bomb}))
    assert path.stat().st_size < 2 * 1024 * 1024  # small on disk, 400 MB inflated
    with pytest.raises(InputError) as exc:
        read_report(path)
    assert str(path) in str(exc.value)
