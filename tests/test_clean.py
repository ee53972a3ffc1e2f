"""Tests of reportgraph.extract.read.clean on the real report dump and on short synthetic dumps."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgraph.extract.entities.abbreviations import parse_abbreviations
from reportgraph.extract.read.clean import CleanText, clean_report

FIXTURE = Path(__file__).parent / "fixtures" / "romu-integracija-2018.txt"
RULE = " " * 59  # the footnote separator line of the dump
URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.MULTILINE)


def _raw(*lines: str) -> str:
    """A dump from its lines: "" is the empty line after a text line, a line without a
    trailing space is glued to the next one."""
    return "\n".join(lines)


@pytest.fixture(scope="module")
def raw() -> str:
    return FIXTURE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def clean(raw: str) -> CleanText:
    return clean_report(raw)


def _paragraph_of(clean: CleanText, needle: str) -> str:
    start = clean.text.index(needle)
    lo = clean.text.rfind("\n", 0, start) + 1
    hi = clean.text.find("\n", start)
    return clean.text[lo : hi if hi >= 0 else len(clean.text)]


def _check_offsets(raw: str, clean: CleanText) -> None:
    assert len(clean.offsets) == len(clean.text)
    assert all(0 <= o < len(raw) for o in clean.offsets)
    assert all(a < b for a, b in zip(clean.offsets, clean.offsets[1:], strict=False))
    for ch, off in zip(clean.text, clean.offsets, strict=True):
        if ch in " \n":
            assert raw[off].isspace()
        else:
            assert raw[off] == ch


# -- the real report ----------------------------------------------------------------------


def test_clean_fixture_sentence_across_footnote(clean: CleanText) -> None:
    sentence = (
        "Uz 2019.gada 1.janvāri Latvijā ir reģistrēti 7060 romu tautības cilvēki – no tiem "
        "94,4% ir Latvijas pilsoņi."
    )
    start = clean.text.index(sentence)
    ref_at = start + sentence.index(" – no tiem")
    assert (ref_at, 1) in clean.refs
    notes = clean.footnotes_for(start, start + len(sentence))
    assert [n.number for n in notes] == [1]
    assert notes[0].text.startswith("No tiem 6 899 reģistrēti kā čigāni un 161 kā čigāni (romi).")


def test_clean_fixture_footnote_29_after_sentence(clean: CleanText, raw: str) -> None:
    sentence = "Projekta īstenošanai piešķirtais finansējums bija 1600 euro."
    end = clean.text.index(sentence) + len(sentence)
    assert (end, 29) in clean.refs
    note = next(n for n in clean.footnotes if n.number == 29)
    assert note.text.startswith("Projekts ir īstenots laika posmā 01.05.2018.-25.11.2018.")
    assert clean.footnotes_for(end - len(sentence), end) == [note]
    assert raw[note.start : note.end].startswith("Projekts ir īstenots")
    assert "Projekts ir īstenots laika posmā" not in clean.text


def test_clean_fixture_footnotes_numbered_and_removed(clean: CleanText, raw: str) -> None:
    assert [n.number for n in clean.footnotes] == list(range(1, 43))
    assert sorted(number for _, number in clean.refs) == list(range(1, 43))
    assert [number for _, number in clean.refs] == list(range(1, 43))
    note20 = clean.footnotes[19]
    assert "32 005 188 EUR" in note20.text
    assert "32 005 188 EUR" not in clean.text
    for note in clean.footnotes:
        assert raw[note.start : note.start + 12] == note.text[:12]
        assert "  " not in note.text


def test_clean_fixture_text_resumes_after_footnote_block(clean: CleanText) -> None:
    assert (
        "romi kā mērķa grupa ir integrēta kopējā veselības veicināšanas un veselības aprūpes "
        "politikā, kā arī teritoriālās" in clean.text
    )
    assert "2019.gadā tiks izstrādāti jaunie plāni uz nākamajiem diviem mācību gadiem." in (
        clean.text
    )
    assert "SIA „Krogzeme”, SIA „Viktorija B” un citu uzņēmumu pārstāvji." in clean.text
    assert "muzejā (Doma laukumā 8a, Rīgā), piemēram," in clean.text


def test_clean_fixture_footnote_continues_on_next_page(clean: CleanText) -> None:
    note23 = clean.footnotes[22]
    assert note23.text.startswith("Romu tautības nodarbinātie, skolēni var iesaistīties")
    assert note23.text.endswith("(2014. – 2020.) ietvaros”.")
    assert "Skatīt šī informatīvā ziņojuma sadaļu" not in clean.text


def test_clean_fixture_footnote_urls_rejoined(clean: CleanText) -> None:
    note2 = clean.footnotes[1]
    assert (
        "https://likumi.lv/ta/id/300483-par-nacionalas-identitates-pilsoniskas-sabiedribas-"
        "un-integracijas-politikas-istenosanas-planu-2019-2020-gadam" in note2.text
    )


def test_clean_fixture_no_artefacts(clean: CleanText) -> None:
    assert not URL_LINE.search(clean.text)
    assert "http" not in clean.text
    assert "Foto:" not in clean.text
    assert "publicitātes foto" not in clean.text
    assert "Avots:" not in clean.text
    assert "1.attēls." not in clean.text and "12.attēls." not in clean.text
    assert "Saīsinājumi" not in clean.text
    assert "\n\n" not in clean.text and "  " not in clean.text
    assert all(line == line.strip() and line for line in clean.text.split("\n"))
    assert not re.search(r"\n\d{1,3}\n", clean.text)


def test_clean_fixture_tables(clean: CleanText, raw: str) -> None:
    assert [t.caption.split()[0] for t in clean.tables] == ["1.tabula.", "2.tabula.", "3.tabula."]
    first, second, third = clean.tables
    assert first.caption.startswith("1.tabula. Romu tautības reģistrēto bezdarbnieku skaits")
    assert first.lines[-1] == "Kopā 564 100.0%"
    assert "Vecuma grupa" in first.lines
    assert second.lines[-2:] == ("kopā", "347 217 564 100,0% 33352 26236 59588 100,0%")
    assert third.caption.endswith("2017. un 2018.gadā (uzsākuši dalību pasākumos)")
    assert third.lines[-1] == "Kopā konkrētajos pasākumos iesaistījušos skaits 1230 1313"
    assert {t.source for t in clean.tables} == {"NVA, 2019."}
    for table in clean.tables:
        assert raw[table.start : table.end].startswith(table.caption.split()[0])
        assert raw[table.start : table.end].endswith("Avots: NVA, 2019.")
    assert "Sadalījums pēc grupām" not in clean.text
    assert "Atbalsta pasākumi ilgstošajiem bezdarbniekiem" not in clean.text


def test_clean_fixture_headings(clean: CleanText) -> None:
    headings = [clean.text[a:b] for a, b in clean.headings]
    for expected in (
        "I Vispārējā statistika.",
        "Jelgavas pilsētā",
        "III Atbalsts romu integrācijas aktivitātēm, t.sk. romu NVO iniciatīvām.",
        "Situācijas apraksts un pasākumi izglītības jomā.",
        "Sadarbības veicināšana ar pašvaldībām, romu organizācijām un citām iesaistītajām pusēm.",
        "Ventspils pilsētā",
    ):
        assert expected in headings
    assert "Projekta pasākumu rezultāti:" not in headings
    assert not any(h.startswith("Informācija sagatavota") for h in headings)
    for a, b in clean.headings:
        assert a == 0 or clean.text[a - 1] == "\n"
        assert b == len(clean.text) or clean.text[b] == "\n"


def test_clean_fixture_paragraphs_and_lists(clean: CleanText) -> None:
    paragraphs = clean.text.split("\n")
    assert "- sociālās uzņēmējdarbības jautājumi;" in paragraphs
    assert paragraphs[0].startswith("Informatīvais ziņojums par Latvijas romu integrācijas")
    assert paragraphs[0].endswith("(apstiprināts KM 2012.gada 6.jūlijā, nr.6-4-18).")
    assert _paragraph_of(clean, "1) No 2017.gada 1.oktobra").endswith("Dobelē un Rīgā.")
    assert (
        "- romu jauniešu izglītošana un iesaistīšana, piemēram, JSPA aktivitātēs, u.c. atbalsta "
        "pasākumos;" in paragraphs
    )


def test_clean_fixture_offsets_and_spans(clean: CleanText, raw: str) -> None:
    _check_offsets(raw, clean)
    sentence = "Projekta īstenošanai piešķirtais finansējums bija 1600 euro."
    start = clean.text.index("Festivālā piedalījās vairāk nekā 30 dalībnieku.")
    end = clean.text.index(sentence) + len(sentence)
    lo, hi = clean.to_original(start, end)
    assert raw[lo:hi].startswith("Festivālā piedalījās")
    assert raw[lo:hi].endswith("bija 1600 euro.")
    assert "\n" in raw[lo:hi]


def test_clean_fixture_removed_kinds(clean: CleanText, raw: str) -> None:
    kinds = {kind for _, _, kind in clean.removed}
    assert kinds == {
        "footnote",
        "url",
        "caption",
        "credit",
        "source",
        "table",
        "abbreviations",
        "ref",
    }
    abbr = parse_abbreviations(raw)
    assert (abbr.start, abbr.end, "abbreviations") in clean.removed
    assert sum(kind == "ref" for _, _, kind in clean.removed) == 41  # 21 sits in a table
    starts = [s for s, _, _ in clean.removed]
    assert starts == sorted(starts)
    for start, end, kind in clean.removed:
        if kind == "ref":
            assert raw[start:end].isdigit()
        if kind == "credit":
            assert "foto" in raw[start:end].casefold()


def test_clean_fixture_fast(raw: str) -> None:
    best = min(_timed(raw) for _ in range(5))
    assert best < 0.05


def _timed(raw: str) -> float:
    t0 = time.perf_counter()
    clean_report(raw)
    return time.perf_counter() - t0


def test_clean_fixture_idempotent(clean: CleanText) -> None:
    again = clean_report(clean.text)
    assert again.text == clean.text
    assert again.offsets == tuple(range(len(clean.text)))


# -- synthetic dumps ----------------------------------------------------------------------

DUMP_WATER = _raw(
    "Lietotie saīsinājumi: ",
    "",
    "VARAM ",
    "",
    "VVD ",
    "",
    "Vides aizsardzības un reģionālās attīstības ministrija ",
    "",
    "Valsts vides dienests ",
    "",
    "KF Kohēzijas fonds ",
    "",
    " ",
    "",
    "Ziņojums par ūdenssaimniecības projektu īstenošanu 2021.gadā sagatavots, balstoties uz ",
    "",
    "VARAM un VVD sniegto informāciju. ",
    "",
    " ",
    "",
    "Kuldīgas novadā ",
    "",
    "Kuldīgas novada pašvaldība 2021.gadā pabeidza notekūdeņu attīrīšanas iekārtu pārbūvi",
    "1",
    " – kopumā tika ",
    "",
    "rekonstruēti 12 kilometri kanalizācijas tīklu. Projekta kopējās izmaksas bija 2 450 000 ",
    "",
    "euro, t.sk. KF finansējums 1 900 000 euro. Darbus veica SIA „Ūdensceļš” un SIA "
    "„Rūpnieks”, kas ",
    "",
    RULE,
    "1",
    " Projekts Nr. 5.3.1.0/17/I/008 „Ūdenssaimniecības pakalpojumu attīstība Kuldīgā, III kārta”. "
    "Informācija ",
    "",
    "pieejama https://www.kuldiga.lv/projekti/udenssaimnieciba-",
    "",
    "iii-karta (Skatīts 02.02.2022.) ",
    "",
    "https://www.kuldiga.lv/projekti/udenssaimnieciba-iii-karta",
    "https://www.kuldiga.lv/projekti/udenssaimnieciba-iii-karta",
    " iepriekš bija uzvarējuši atklātā konkursā. ",
    "",
    "            2.attēls. Jaunās attīrīšanas iekārtas Kuldīgā ",
    "",
    " ",
    "           Foto: Kuldīgas novada pašvaldība  ",
    "",
    " ",
    "",
    "Darbu pieņemšana notika 2021.gada 15.novembrī.",
    "2",
    " ",
    "",
    "Talsu novadā ",
    "",
    "Talsu novada pašvaldība uzsāka ūdensvada izbūvi Stendē. ",
    "",
    RULE,
    "2",
    " Pieņemšanas akts glabājas pašvaldības arhīvā. ",
    " Projektu plānots pabeigt 2023.gadā. ",
)


def test_clean_synthetic_footnote_across_page_break() -> None:
    clean = clean_report(DUMP_WATER)
    assert clean.text.split("\n") == [
        (
            "Ziņojums par ūdenssaimniecības projektu īstenošanu 2021.gadā sagatavots, "
            "balstoties uz VARAM un VVD sniegto informāciju."
        ),
        "Kuldīgas novadā",
        (
            "Kuldīgas novada pašvaldība 2021.gadā pabeidza notekūdeņu attīrīšanas iekārtu "
            "pārbūvi – kopumā tika rekonstruēti 12 kilometri kanalizācijas tīklu. Projekta "
            "kopējās izmaksas bija 2 450 000 euro, t.sk. KF finansējums 1 900 000 euro. Darbus "
            "veica SIA „Ūdensceļš” un SIA „Rūpnieks”, kas iepriekš bija uzvarējuši atklātā "
            "konkursā."
        ),
        "Darbu pieņemšana notika 2021.gada 15.novembrī.",
        "Talsu novadā",
        "Talsu novada pašvaldība uzsāka ūdensvada izbūvi Stendē.",
        "Projektu plānots pabeigt 2023.gadā.",
    ]
    first, second = clean.footnotes
    assert first.number == 1
    assert first.text == (
        "Projekts Nr. 5.3.1.0/17/I/008 „Ūdenssaimniecības pakalpojumu attīstība Kuldīgā, III "
        "kārta”. Informācija pieejama https://www.kuldiga.lv/projekti/udenssaimnieciba-iii-karta "
        "(Skatīts 02.02.2022.)"
    )
    assert second.text == "Pieņemšanas akts glabājas pašvaldības arhīvā."
    ref_at = clean.text.index(" – kopumā")
    assert (ref_at, 1) in clean.refs
    assert [clean.text[a:b] for a, b in clean.headings] == ["Kuldīgas novadā", "Talsu novadā"]
    kinds = [kind for _, _, kind in clean.removed]
    assert kinds.count("url") == 1 and "caption" in kinds and "credit" in kinds
    _check_offsets(DUMP_WATER, clean)


DUMP_HEALTH = _raw(
    "I Veselības aprūpes pieejamība. ",
    "",
    " ",
    "",
    "Saskaņā ar NVD datiem 2020.gadā ģimenes ārstu praksēs reģistrēti 1 812 000 pacienti",
    "1",
    ", ",
    "",
    "no tiem 14% dzīvo lauku teritorijās. Pieejamības uzlabošanai tika īstenoti šādi pasākumi: ",
    "",
    "- mobilās veselības aprūpes vienības Latgalē; ",
    "",
    "- apmaksāti transporta izdevumi pacientiem no ",
    "",
    "  attālām apdzīvotām vietām; ",
    "",
    "1) rīkotas izbraukuma konsultācijas Ludzā un Krāslavā. ",
    "",
    "       1.tabula. Pacientu skaits pa reģioniem 2020.gadā ",
    "",
    "Reģions Pacienti % ",
    "",
    "Kurzeme 210 400 11,6% ",
    "",
    "Latgale 245 100 13,5% ",
    "",
    "Kopā 1 812 000 100,0% ",
    "",
    "      Avots: NVD, 2021. ",
    "",
    " ",
    "",
    "Pacientu aptaujā",
    "2",
    " apmierinātību ar pakalpojumiem novērtēja 2 300 respondenti, no kuriem ",
    "",
    "vairākums atzīmēja garās rindas pie speciālistiem un ",
    "",
    RULE,
    "1",
    " Nacionālā veselības dienesta dati par 2020.gadu. Aprēķinā nav iekļauti pacienti, kuri ",
    "",
    "nav izvēlējušies ģimenes ārstu. ",
    "",
    "2",
    " Aptauju veica SIA „Pētījumu centrs Kvadrāts” 2020.gada oktobrī pēc Veselības ministrijas ",
    "",
    "pasūtījuma, izlases apjoms – 2 300 respondenti vecumā no 18 līdz 74 gadiem; ",
    "",
    "http://www.vm.gov.lv/aptauja-2020",
    " nepietiekamo informāciju par valsts apmaksātajiem pakalpojumiem. ",
    "",
    " ",
    "",
    "     Biedrības „Veselības veicinātāji” publicitātes foto, 2021. ",
    "",
    "II Profilakses pasākumi. ",
    "",
    " ",
    "",
    "2020.gadā tika organizētas 40 lekcijas skolās.",
    "3",
    " ",
    "",
    "Lekcijas apmeklēja 1 200 skolēni. ",
    "",
    RULE,
    "ar rezultātu apkopojumu pētījuma ziņojumā. ",
    "",
    "3",
    " Lekciju programmu izstrādāja SPKC. ",
    " Turpmāk lekcijas plānots rīkot reizi ceturksnī. ",
)


def test_clean_synthetic_table_list_and_continued_footnote() -> None:
    clean = clean_report(DUMP_HEALTH)
    paragraphs = clean.text.split("\n")
    assert paragraphs == [
        "I Veselības aprūpes pieejamība.",
        (
            "Saskaņā ar NVD datiem 2020.gadā ģimenes ārstu praksēs reģistrēti 1 812 000 "
            "pacienti, no tiem 14% dzīvo lauku teritorijās. Pieejamības uzlabošanai tika "
            "īstenoti šādi pasākumi:"
        ),
        "- mobilās veselības aprūpes vienības Latgalē;",
        "- apmaksāti transporta izdevumi pacientiem no attālām apdzīvotām vietām;",
        "1) rīkotas izbraukuma konsultācijas Ludzā un Krāslavā.",
        (
            "Pacientu aptaujā apmierinātību ar pakalpojumiem novērtēja 2 300 respondenti, no "
            "kuriem vairākums atzīmēja garās rindas pie speciālistiem un nepietiekamo "
            "informāciju par valsts apmaksātajiem pakalpojumiem."
        ),
        "II Profilakses pasākumi.",
        "2020.gadā tika organizētas 40 lekcijas skolās.",
        "Lekcijas apmeklēja 1 200 skolēni.",
        "Turpmāk lekcijas plānots rīkot reizi ceturksnī.",
    ]
    (table,) = clean.tables
    assert table.caption == "1.tabula. Pacientu skaits pa reģioniem 2020.gadā"
    assert table.lines == (
        "Reģions Pacienti %",
        "Kurzeme 210 400 11,6%",
        "Latgale 245 100 13,5%",
        "Kopā 1 812 000 100,0%",
    )
    assert table.source == "NVD, 2021."
    notes = {n.number: n.text for n in clean.footnotes}
    assert notes[2].endswith(
        "vecumā no 18 līdz 74 gadiem; ar rezultātu apkopojumu pētījuma ziņojumā."
    )
    assert notes[3] == "Lekciju programmu izstrādāja SPKC."
    assert (clean.text.index(", no tiem"), 1) in clean.refs
    assert [clean.text[a:b] for a, b in clean.headings] == [
        "I Veselības aprūpes pieejamība.",
        "II Profilakses pasākumi.",
    ]
    assert "publicitātes foto" not in clean.text
    _check_offsets(DUMP_HEALTH, clean)


DUMP_LIBRARY = _raw(
    "Ministrija 2019.gadā nodrošināja bibliotēku krājumu papildināšanu",
    "1",
    " 36 pašvaldībās, ",
    "",
    "kā arī atbalstīja lasīšanas veicināšanas programmu, kuras ietvaros piedalījās 420 skolas un ",
    "",
    RULE,
    "1",
    " Krājumu papildināšanai piešķirti 310 000 euro no valsts budžeta programmas 21.00.00 "
    "„Kultūra” apakšprogrammas ",
    "",
    "„Bibliotēkas”, sadalījums pa pašvaldībām pieejams ministrijas tīmekļvietnē (Skatīts "
    "04.03.2020.) ",
    "",
    "bibliotēkas ar filiālēm visos plānošanas reģionos. ",
    "",
    "Programmas noslēgumā tika apbalvoti 12 aktīvākie lasītāji. ",
    "",
)


def test_clean_synthetic_footnote_end_by_line_shape() -> None:
    clean = clean_report(DUMP_LIBRARY)
    assert clean.text == (
        "Ministrija 2019.gadā nodrošināja bibliotēku krājumu papildināšanu 36 pašvaldībās, kā arī "
        "atbalstīja lasīšanas veicināšanas programmu, kuras ietvaros piedalījās 420 skolas un "
        "bibliotēkas ar filiālēm visos plānošanas reģionos.\n"
        "Programmas noslēgumā tika apbalvoti 12 aktīvākie lasītāji."
    )
    (note,) = clean.footnotes
    assert note.text.endswith("ministrijas tīmekļvietnē (Skatīts 04.03.2020.)")
    assert clean.footnotes_for(0, clean.text.index(" 36 pašvaldībās")) == [note]


def test_clean_synthetic_table_cell_number_is_not_a_reference() -> None:
    dump = _raw(
        "Skolu skaits novados apkopots tabulā. ",
        "",
        "2.tabula. Skolu skaits ",
        "",
        "Novads Skolas ",
        "",
        "Cēsu ",
        "",
        "1 ",
        "",
        "Kopā 1 ",
        "",
        "Avots: IZM, 2021. ",
        "",
        "Pēc tam sekoja analīze",
        "1",
        " par skolu tīklu. ",
        "",
    )
    clean = clean_report(dump)
    assert clean.tables[0].lines == ("Novads Skolas", "Cēsu", "1", "Kopā 1")
    assert clean.refs == ((clean.text.index(" par skolu"), 1),)
    assert clean.text.endswith("Pēc tam sekoja analīze par skolu tīklu.")


def test_clean_synthetic_blank_rule_without_footnotes_keeps_text() -> None:
    dump = _raw(
        "Pašvaldības budžets 2022.gadā pieauga par 4% ",
        "",
        RULE,
        "salīdzinājumā ar iepriekšējo gadu. ",
        "",
        "Izdevumi izglītībai veidoja 41%. ",
        "",
    )
    clean = clean_report(dump)
    assert clean.text == (
        "Pašvaldības budžets 2022.gadā pieauga par 4% salīdzinājumā ar iepriekšējo gadu.\n"
        "Izdevumi izglītībai veidoja 41%."
    )
    assert clean.footnotes == () and clean.removed == ()


def test_clean_plain_text_keeps_lines() -> None:
    clean = clean_report("Pirmā  rindkopa.\nOtrā\trindkopa.\n")
    assert clean.text == "Pirmā rindkopa.\nOtrā rindkopa."
    assert clean.to_original(0, 5) == (0, 5)


def test_clean_empty_and_edge_inputs() -> None:
    for raw in ("", "\n", " \n\n ", "12", "\n\n1\n\n", RULE, "https://a.lv\n\nhttps://b.lv"):
        clean = clean_report(raw)
        _check_offsets(raw, clean)
        assert clean_report(clean.text).text == clean.text
    assert clean_report("").to_original(0, 0) == (0, 0)


# -- properties ---------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        " \n\n",
        "\n",
        "\n\n",
        " ",
        RULE,
        "1",
        "2",
        "12",
        "Teksts",
        "teksts.",
        "Nr.",
        "https://www.piemers.lv/a-",
        "Saīsinājumi:",
        "KM",
        "Kultūras ministrija",
        "1.tabula. Dati",
        "3.attēls. Bilde",
        "Foto: A.Bērziņš",
        "Avots: CSP, 2020.",
        "Kopā 5",
        "- punkts;",
        "II Nodaļa.",
        "\r",
        "\t",
        "„",
        "”",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(PIECES, max_size=60).map("".join)))
def test_clean_properties(raw: str) -> None:
    clean = clean_report(raw)
    assert len(clean.offsets) == len(clean.text)
    assert all(0 <= o < len(raw) for o in clean.offsets)
    assert list(clean.offsets) == sorted(clean.offsets)
    assert clean_report(clean.text).text == clean.text
    lo, hi = clean.to_original(0, len(clean.text))
    assert 0 <= lo <= hi <= len(raw)
    assert [n.number for n in clean.footnotes] == sorted({n.number for n in clean.footnotes})
    for start, end, _ in clean.removed:
        assert 0 <= start < end <= len(raw)
