"""Issue 14, seventh round: events told with what they are about before their verb, or with
"sāksies". Sentences made up for these tests in the style of news items (not from any corpus)."""

from test_generalisation import labels

from reportgraph.ontology.namespaces import SCHEMA


def events(text: str) -> set[str]:
    return labels("Jaunumi\n" + text + "\n", SCHEMA.Event, 2019)


def test_an_event_told_with_its_topic_before_the_verb():
    assert events("Seminārs par kopienu attīstību notiks 12. martā Talsu kultūras namā.") == {
        "Seminārs par kopienu attīstību"}


def test_a_topic_with_no_verb_after_it_tells_no_event():
    assert events("Seminārs par kopienu attīstību ir svarīgs temats pašvaldībām.") == set()


def test_an_event_that_will_begin():
    assert events("Pirmdien, 3. oktobrī, Jelgavā sāksies pieredzes apmaiņas vizīte.") == {
        "Pieredzes apmaiņas vizīte"}


def test_a_meeting_told_by_its_verb_in_the_present():
    assert events("No 23. līdz 25. septembrim Gulbenē tiekas biedrību vadītāji.") == {"Tikšanās"}


def test_what_is_planned_for_a_day_is_an_event():
    assert events("24. septembrī dalībniekiem plānota pieredzes apmaiņas vizīte Preiļos.") == {
        "Pieredzes apmaiņas vizīte"}


def test_what_is_planned_without_a_day_is_no_event():
    assert events("Pasākuma ietvaros plānota prezentācija par pakalpojumu analīzi.") == set()


def dates(text: str, label: str) -> set[str]:
    from test_generalisation import facts
    return facts("Jaunumi\n" + text + "\n", label, 2019)["start"]


def test_a_meeting_gone_to_on_a_day_with_its_own_day_not_a_later_year():
    text = ("2019. gada 23. janvārī reģiona attīstības padome Kuldīgā pulcējās uz pirmo šī gada sēdi, lai "
            "pārrunātu paveikto 2018. gadā un plānus 2019. gadam.")
    assert events(text) == {"Sēde"}
    assert dates(text, "Sēde") == {"2019-01-23"}


def test_a_day_of_the_clause_says_when_before_a_bare_year_nearer_the_event():
    text = "2019. gada 5. martā Talsos notika šī gada pirmais seminārs par kopienu attīstību."
    assert dates(text, "Pirmais seminārs par kopienu attīstību") == {"2019-03-05"}
