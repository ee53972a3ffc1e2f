"""A text that states no year: the administrative division its own words show."""

from reportgraph.extract.entities.division import division_votes, inferred_year
from reportgraph.extract.pipeline import extract_source
from reportgraph.extract.read.reader import read_report


def test_division_from_novadi_of_one_division():
    old = "Speciālisti no Dobeles, Kandavas un Viļakas novada apmeklēja Maltas vidusskolu."
    new = "Projekts norisinās Augšdaugavas novadā un Dienvidkurzemes novadā."
    both = "Tikšanās notika Rēzeknes novadā."  # Rēzeknes novads is in both divisions
    assert division_votes(old) == {"2009": 1, "2021": 0}  # Viļakas: the name before "novada"
    assert inferred_year(old) == 2020 and inferred_year(new) == 2021
    assert inferred_year(both) is None


def test_division_from_the_years_a_text_writes():
    assert inferred_year("Projekts ilga no 2012. gada augusta līdz 2013. gada jūlijam.") == 2013
    assert inferred_year("Plānots līdz 2026. gada beigām, sākts 2019. gadā.") is None


def test_text_without_a_year_resolves_places_in_its_division(tmp_path):
    f = tmp_path / "vizite.txt"
    f.write_text("Eksperti apmeklē Viļakas novadu\n\nŠī gada 23. janvārī speciālisti no Dobeles, "
                 "Kandavas un Tukuma novada apmeklēja Viļakas pamatskolu.\n", encoding="utf-8")
    ex = extract_source(read_report(f, None))
    # every place the text mentions (rg:mentionedIn), whether or not a fact is placed there
    places = {str(t).rsplit("/", 1)[-1] for triple in ex.graph for t in (triple[0], triple[2])
              if "/id/place/" in str(t)}
    assert {"tukuma-novads-2009", "vilakas-novads-2009"} <= places
    assert not any(p.endswith("-2021") for p in places)
