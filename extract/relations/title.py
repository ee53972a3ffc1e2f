"""A page's title as a project: the title of a project page is often the project's name, unquoted
("Brīvā laika pavadīšanas aktivitāšu dažādošana Vilces pagastā", then "Projekta ieviešanas laiks:
05.07.2019 – 04.07.2021", "Projekta kopējās izmaksas: 10 178,52 EUR" and only at the end „…” in
quotes). The field lines between title and quoted name belong to that project.

Input: the analysed sentences of a text in reading order; output: the same sentences, the title
given a project mention when the text names that project later, or when field lines of a project
("Projekta … :") follow a title that names no project or event of its own."""

import re
from dataclasses import replace

from reportgraph.extract.entities.projects import name_key
from reportgraph.extract.relations.collect import Collector, Sentence
from reportgraph.extract.relations.cues import FRAME_KINDS
from reportgraph.extract.types import Mention

# a line stating one of a project's fields, named with "Projekta": "Projekta ieviešanas laiks: …",
# "Projekta Nr. …" (coref.FIELD_LINE: the field lines that say "Projekta" nowhere)
PROJECT_FIELD = re.compile(r"\W*Projekta\s+(?:[^\s:]+\s+){0,3}?[^\s:]+\s*:|\W*Projekta\s+Nr\.")
_FIELD_LINES_NEEDED = 2
_ABOUT_NEEDED = 3  # sentences about "the project" that make a title without a number its name
_TITLE_WORDS = (2, 16)
# a headline says what happened ("Žagarē norisinājusies projekta … sanāksme"); a name does not
_HEADLINE_VERB = re.compile(r"\w(?:usies|ušies|jies|jās|āja|ēja|īja|oja)\b|"
                            r"\b(?:ir|tiek|tika|notiks|notika|notiek|būs|bija|sāk|sākas|aicina)\b")  # a name has a few words; a title of many words is a headline


# a sentence that speaks of "the project" by the noun alone, first: "Projekta mērķis ir …",
# "Projekts tiek īstenots no …", "Projektam piešķirts …"
_ABOUT_THE_PROJECT = re.compile(r"\W*Projekt(?:a|s|am|u|ā)\s")
# the project's number written after its name in the title: "Mēs esam Latvija!Nr. 2023.LV/NVOF/004"
_TITLE_NUMBER = re.compile(r"\s*\bNr\.\s*[\w./-]+$")


def title_project(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences, the first given a project mention when the title names the text's project:
    the text names it again, or project field lines follow ("Projekta īstenošanas laiks: …"), or,
    when the text names no project at all, its sentences speak of "the project" ("Projekta mērķis
    ir …", "Projekts tiek īstenots …")."""
    if not sentences or sentences[0].index != 0 or sentences[0].footnote is not None:
        return sentences
    first = sentences[0]
    title = first.text.strip()
    number = _TITLE_NUMBER.search(title)
    if number is not None:
        title = title[:number.start()]
    ends = (".", "?", ":") if number is not None else (".", "!", "?", ":")
    if any(m.kind in ("project", "event") for m in first.mentions) or title.endswith(ends):
        return sentences
    if not _TITLE_WORDS[0] <= len(title.split()) <= _TITLE_WORDS[1]:
        return sentences
    key = name_key(title)
    later = next((m for s in sentences[1:] for m in s.mentions
                  if m.kind == "project" and m.key == key and m.subtype not in FRAME_KINDS), None)
    if later is None:
        fields = sum(1 for s in sentences[1:] if s.footnote is None and PROJECT_FIELD.match(s.text))
        if not any(m.kind == "project" for s in sentences for m in s.mentions):
            about = sum(1 for s in sentences[1:] if s.footnote is None and _ABOUT_THE_PROJECT.match(s.text))
            fields += about if about >= _ABOUT_NEEDED or number is not None else 0
        if fields < _FIELD_LINES_NEEDED or _HEADLINE_VERB.search(title):
            return sentences
        later = Mention("project", 0, 0, title, title, key, "projekts",
                        (("projectNo", number.group(0).strip()[3:].strip()),) if number is not None else ())
    start = first.text.index(title)
    mention = Mention("project", start, start + len(title), title, later.label, later.key, later.subtype,
                      later.attrs)
    return [replace(first, mentions=[*first.mentions, mention]), *sentences[1:]]


def title_places(title: list[tuple[str, str]], c: Collector) -> None:
    """A text about one project that says nowhere where it is: the places its title names
    ("Salienas un Ērberģes kopienas stiprinās …") are the project's."""
    projects = [ref for ref, e in c.entities.items() if e.kind == "project" and e.subtype not in FRAME_KINDS]
    if not title or len(projects) != 1 or any(f.subject == projects[0] and f.predicate == "location"
                                               for f in c.facts):
        return
    for key, surface in title:
        c.fact(projects[0], "location", c.place(key, 0, surface), "entity", 0)
