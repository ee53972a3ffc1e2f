"""Issue 14, seventh round: who carries out a project when the sentence names it by a pronoun,
names the organisation first, or tells it with a second verb; a quoted group is an organisation.
Sentences made up for these tests in the style of NGO and municipality news (not from any corpus)."""

from test_generalisation import related

from reportgraph.ontology.namespaces import RG


def implementers(text: str, project: str) -> set[str]:
    return related("Jaunumi\n" + text + "\n", project, RG.implementedBy, 2019)


def test_the_project_as_a_pronoun_before_its_verb():
    assert implementers("Sākts jauns projekts „Dārzs visiem”. To īsteno biedrība „Zaļā sēta”.",
                        "Dārzs visiem") == {"Zaļā sēta"}


def test_a_pronoun_subject_is_the_organisation_the_sentence_before_opened_with():
    assert implementers("Biedrība „Zaļā sēta” šogad saņēma atbalstu. Tā īstenos projektu „Dārzs visiem”.",
                        "Dārzs visiem") == {"Zaļā sēta"}


def test_a_pronoun_subject_without_an_organisation_before_it_names_no_one():
    assert implementers("Šogad daudz kas mainījies. Tā īstenos projektu „Dārzs visiem”.", "Dārzs visiem") == set()


def test_the_organisation_first_then_what_it_is_of_the_project():
    assert implementers("Talsu novada pašvaldība ir projekta „Dārzs visiem” vadošais partneris.",
                        "Dārzs visiem") == {"Talsu novada pašvaldība"}


def test_a_second_verb_that_governs_the_project_says_who():
    text = ("Piedrujā tika realizēts projekts „Ziedošais parks”, ko īstenoja iedzīvotāju grupa „Kaimiņi” "
            "konkursa „Mēs paši” ietvaros.")
    assert implementers(text, "Ziedošais parks") == {"Kaimiņi"}


def test_one_of_an_organisations_projects_is_named_after_it():
    from test_generalisation import labels
    text = ("Viens no apjomīgākajiem Kurzemes plānošanas reģiona īstenotajiem projektiem ir “Kurzeme visiem”, "
            "kurā laikā no 2015. līdz 2023. gadam tiks uzlaboti pakalpojumi.")
    assert "Kurzeme visiem" in labels("Jaunumi\n" + text + "\n", RG.Project, 2019)
    assert implementers(text, "Kurzeme visiem") == {"Kurzemes plānošanas reģions"}


def test_more_kinds_of_organisation_carry_out_projects():
    for org in ("Rīgas 6. vidusskola", "Ventspils Augstskola", "Ogres tehnikums", "Latvijas Lauku forums",
                "Valsts policija", "Latvijas Sarkanais Krusts"):
        assert implementers(f"{org} īsteno projektu „Dārzs visiem”.", "Dārzs visiem") == {org}, org
