"""A report PDF laid out like the ministry's (tests/pdfmaker.py): a title page in one column, two
pages in two columns with footnotes cited mid-sentence on each, words hyphenated at line ends, a
figure caption, and a landscape page with a statistical table. Used by tests/test_read_pdf.py."""

from pathlib import Path

from pdfmaker import PdfMaker

HEADER = "Kultūras ministrija · Informatīvais ziņojums par romu integrāciju"
FILLER = ("Ziņojumā apkopota informācija par pasākumiem, kas vērsti uz romu bērnu un jauniešu "
          "izglītības pieejamības uzlabošanu un romu kopienas iesaisti vietējās sabiedrības "
          "dzīvē, kā arī par sadarbību starp valsts un pašvaldību iestādēm un nevalstiskajām "
          "organizācijām.")


def make_report_pdf(path: Path) -> Path:
    doc = PdfMaker(path, header=HEADER)
    doc.page()
    doc.heading("Informatīvais ziņojums par romu integrācijas politikas īstenošanu 2019.gadā")
    doc.para(FILLER)
    doc.heading("1. Izglītība")
    doc.para("2019.gadā biedrība „Kuldīgas kopienu centrs” sadarbībā ar Kuldīgas novada "
             "bibliotēku īstenoja projektu „Kopā mēs varam!”{1}, kura mērķis bija veicināt "
             "romu jauniešu līdzdalību vietējās kopienas dzīvē. Projekta kopējais finansējums "
             "bija 2400 euro.", notes={1: "Projektu finansēja Sabiedrības integrācijas fonds."})
    doc.para(FILLER)
    doc.page(columns=2)
    doc.heading("2. Kultūra")
    doc.para("Rēzeknes romu biedrība „Baltais zirgs” īstenoja projektu „Mūsu saknes”, kura "
             "mērķis bija romu kultūras mantojuma saglabā\xadšana un nodo\xadšana jaunajai "
             "paaudzei{2}. Projekta laikā Rēzeknē tika organizētas sešas radošās darbnīcas "
             "romu bērniem un viņu vecākiem. Projekta finansējums: 1850 euro.",
             notes={2: "Sīkāk par projektu biedrības gada pārskatā."})
    doc.para(FILLER)
    doc.caption("1. attēls. Darbnīcas dalībnieki Rēzeknē")
    doc.para(FILLER)
    doc.para("Biedrība „Romu kultūras centrs” Valmierā īstenoja projektu „Romu valoda skolā”, "
             "kura mērķis bija romu valodas un kultūras apguve Valmieras pilsētas skolās. "
             "Projektu finansēja Eiropas Sociālais fonds, un tā finansējums bija 5200 euro.")
    doc.para(FILLER)
    doc.para(FILLER)
    doc.page(columns=2)
    doc.para("Jelgavas Sociālo lietu pārvalde īstenoja projektu „Atvērtās durvis”{3}, kura "
             "mērķis bija romu ģimeņu sociālās iekļaušanas veicinā\xadšana Jelgavā. Projekta "
             "finansējums bija 3100 euro.",
             notes={3: "Projekts turpināsies arī 2020.gadā."})
    for _ in range(5):
        doc.para(FILLER)
    doc.page(landscape_page=True)
    doc.table([["Reģions", "2017.", "2018.", "2019."],
               ["Kurzeme", "120", "135", "150"],
               ["Latgale", "410", "420", "432"],
               ["Zemgale", "88", "91", "97"],
               ["Kopā", "618", "646", "679"]],
              caption="1. tabula. Romu skolēnu skaits vispārizglītojošajās skolās",
              source="Avots: Izglītības un zinātnes ministrija")
    doc.para(FILLER)
    doc.save()
    return path


if __name__ == "__main__":  # python tests/pdf_report.py examples/zinojums-2019.pdf
    import sys

    print(make_report_pdf(Path(sys.argv[1] if len(sys.argv) > 1 else "zinojums-2019.pdf")))
