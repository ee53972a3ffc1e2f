from reportgraph.extract.read.sentences import split_sentences


def sents(text):
    return [text[s.start:s.end] for s in split_sentences(text)]


def test_sentences_keep_abbreviations_dates_and_initials_inside():
    text = ("Sanāksmē piedalījās 12 dalībnieki, t.sk. VARAM pārstāvji. 21.03.2019. notika seminārs, "
            "ko vadīja J. Ozols (prot. Nr.4). Projekts „Esam kopā!” turpinājās.")
    assert sents(text) == [
        "Sanāksmē piedalījās 12 dalībnieki, t.sk. VARAM pārstāvji.",
        "21.03.2019. notika seminārs, ko vadīja J. Ozols (prot. Nr.4).",
        "Projekts „Esam kopā!” turpinājās.",
    ]


def test_sentences_paragraph_break_always_ends_a_sentence():
    assert sents("Cēsu novadā\nNovadā darbojas biedrība.") == ["Cēsu novadā", "Novadā darbojas biedrība."]


def test_sentences_question_and_exclamation():
    assert sents("Vai tas notiks? Jā! Tā bija.") == ["Vai tas notiks?", "Jā!", "Tā bija."]


def test_sentences_date_ranges_inside_brackets_do_not_split():
    text = "Sanāksmēs (22. – 25.06. Atēnās, 16. – 19.10. Strasbūrā) tika apspriesti jautājumi."
    assert sents(text) == [text]
