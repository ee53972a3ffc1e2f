from reportgraph.extract.entities.quotes import find_quotes


def inner(text):
    return [(q.depth, q.inner(text)) for q in find_quotes(text)]


def test_quotes_nested_latvian_quotes():
    text = "biedrība „Kultūras centrs „Avots”” īstenoja projektu „Mēs kopā!” Cēsīs."
    assert inner(text) == [(0, "Kultūras centrs „Avots”"), (1, "Avots"), (0, "Mēs kopā!")]


def test_quotes_english_style_and_context_dependent_marks():
    text = "projektā “Zaļā skola” un noteikumos “Programmas “Izaugsme” 9.1.4. pasākuma “Atbalsts” īstenošana”."
    got = inner(text)
    assert (0, "Zaļā skola") in got
    assert (1, "Izaugsme") in got and (1, "Atbalsts") in got


def test_quotes_unbalanced_text_does_not_crash():
    assert inner("„nav aizvērts un ” lieks”") == [(0, "nav aizvērts un ")]


def test_quotes_unclosed_quote_does_not_swallow_next_paragraph():
    text = "biedrība “Krīzes centrs „Paspārne”.\nbiedrība „Šamir” sadarbojās."
    assert (0, "Šamir") in inner(text)
