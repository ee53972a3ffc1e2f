"""Who pays when a sentence does not say it: the grantor of a call, thanks for funding, and the
programme a list of projects belongs to.

Three ways a page names a payer once for several sums or projects:
- a grantor: "Pašvaldība piešķir līdzfinansējumu biedrību projektiem", "Tukuma novada
  pašvaldība izsludināja pieteikšanos projektu konkursam": the co-funding granted in the rest
  of the text ("piešķirtais līdzfinansējuma apjoms 1000,00 EUR") is that payer's;
- thanks: "Liels paldies Krāslavas novada domei par finansējumu", "Pateicoties Valsts
  programmai, …": the payer of the project the text is about;
- a list of a programme's projects: "Programmas iepriekš noteiktos projektus īsteno: … projektu
  „A”; … projektu „B”": the programme's fund pays each project the list names, unless a
  project's own sentence names its fund; also when the sentence before the list speaks of the
  programme's projects in the plural ("… biedrību projektiem, kas guvuši atbalstu … programmas
  aktivitātē „X”");
- the projects of a list spoken of together right after it: "Naudas līdzekļi projektu
  līdzfinansēšanai … paredzēti no novada domes budžeta": the payer of each of them.
"""

import re

from reportgraph.extract.entities.fundcues import FundCue, all_cues
from reportgraph.extract.relations.collect import Collector
from reportgraph.extract.relations.cues import FRAME_KINDS, IMPL_VERB
from reportgraph.extract.types import Mention

#: a payer that grants, announces a call or decides on co-funding; the payer is the subject, a
#: few words before the verb ("Kārtējā domes sēdē deputāti pieņēma lēmumu piešķirt …")
_GRANT_VERB = re.compile(r"\s*(?:\S+\s+){0,5}?(?:izsludin|piešķ|nolēm|apstiprin)\w*\b", re.IGNORECASE)
#: … of what: money, a call for projects, the projects approved ("apstiprināts 51 projekts")
_GRANTED = re.compile(r"(?i:līdzfinansējum|finansējum|konkurs|projekt)")
#: the sum's own words say it was granted or is co-funding: "piešķirtais līdzfinansējuma apjoms"
GRANTED_SUM = re.compile(r"(?i:līdzfinansējum|piešķirt|piešķīr|paredzēt\w*\s+(?:\S+\s+){0,2}?finansējum)")
#: the payers a grantor can be: whoever is not a fund by name gives money this way
_GRANTORS = {"MUNI", "STATE"}

#: the project (or its publication) made within a programme: "Projekts tiek īstenots … programmā „X”",
#: "Šī publikācija ir izveidota ar … atbalstu caur … programmu „X”"
FRAMED_IN = re.compile(r"\W*(?:[Šš](?:is|ī)\s+)?(?:[Pp]rojekts|publikācija|materiāls)\s+(?:(?:tiek|tika|ir|tiks|bija)\s+)?"
                       r"(?:īstenot|finansēt|līdzfinansēt|izveidot|realizēt|atbalstīt|sagatavot)\w*\b|"
                       r"\W*(?:Šo\s+)?[Pp]rojektu\s+(?:finansē|līdzfinansē|atbalsta|finansiāli\s+atbalsta)\b")

_THANKS = re.compile(r"(?i:\bpaldies\b|\bpateic\w*)")


def grantor(text: str, names_project: bool) -> str | None:
    """The fund code of the payer that grants co-funding or announces a call in this sentence, when
    the sentence names no project of its own and one payer only."""
    if names_project or not _GRANTED.search(text):
        return None
    codes = {c.code for c in all_cues(text) if c.code in _GRANTORS and _GRANT_VERB.match(text, c.end)}
    return codes.pop() if len(codes) == 1 else None


def thanks_payer(text: str, cues: list[FundCue]) -> bool:
    """A sentence that thanks a payer ("paldies … domei par finansējumu", "Pateicoties Valsts
    programmai"): its fund cues are the project's in focus."""
    return bool(cues) and _THANKS.search(text) is not None


#: a list's opening that speaks of projects: "… projektus īsteno šādi …:", "Atbalstītie projekti:"
_LIST_OF_PROJECTS = re.compile(r"(?i:\bprojekt(?:us|i|iem)\b)")


def opens_project_list(text: str) -> bool:
    return text.rstrip().endswith(":") and _LIST_OF_PROJECTS.search(text) is not None


#: projects spoken of in the plural without a name: "biedrību projektiem", "projektu līdzfinansēšanai"
_PROJECTS_PLURAL = re.compile(r"(?i:\bprojekt(?:iem|i|us)\b|\bprojektu\s+\w+(?:ai|ei|iem|ām)\b)")


def speaks_of_projects(text: str) -> bool:
    return _PROJECTS_PLURAL.search(text) is not None


#: who the projects of a list are by: "… reģiona un tā partneru iesniegtie projekti:"
_SUBMITTED = re.compile(r"(?i:\biesniegt\w*|\bsagatavot\w*|\bsaņēm\w*\s+iespēju\s+īstenot)")


def list_owner(text: str, orgs: list[Mention], refs: dict[int, str]) -> str | None:
    """The one organisation a list's lead names as carrying out or submitting the projects it lists."""
    if len(orgs) != 1 or not (IMPL_VERB.search(text) or _SUBMITTED.search(text)):
        return None
    return refs[id(orgs[0])]


#: a sentence about every project the text has named: "Visiem projektiem paredzēts … finansējums"
_ALL_PROJECTS = re.compile(r"\b[Vv]isiem\s+(?:(?:šiem|trim|četriem|pieciem|minētajiem)\s+)?projektiem\b|"
                           r"\b[Vv]isi\s+(?:(?:šie|trīs|četri|pieci|minētie)\s+)?projekti\b")


def every_project(text: str, c: Collector) -> list[str]:
    """The projects (not programmes) named so far, when the sentence speaks of all of them."""
    if _ALL_PROJECTS.search(text) is None:
        return []
    return [ref for ref, e in c.entities.items() if e.kind == "project" and e.subtype not in FRAME_KINDS]


def inherit_frame_funds(c: Collector, listed: list[tuple[str, str, int]]) -> None:
    """Give each project listed under a programme (project, programme, sentence) the programme's
    funds, when nothing names the project's own."""
    own = {f.subject for f in c.facts if f.predicate == "fundingSource"}
    for project, frame, sentence in listed:
        if project in own:
            continue
        for code in dict.fromkeys(f.obj for f in c.facts
                                  if f.subject == frame and f.predicate == "fundingSource"):
            c.fact(project, "fundingSource", code, "fund", sentence)


def implementers_area(c: Collector) -> None:
    """A project that names no place of its own is where its implementing municipality or planning
    region is ("Kurzemes plānošanas reģions īstenos projektu „P”": P is in Kurzeme)."""
    placed = {f.subject for f in c.facts if f.predicate == "location"}
    for f in list(c.facts):
        if f.predicate != "implementedBy" or f.subject in placed or not f.subject.startswith("project:"):
            continue
        project, org = c.entities.get(f.subject), c.entities.get(f.obj)
        area = org.attrs.get("areaServed") if org is not None else None
        if project is None or project.subtype in FRAME_KINDS or not area:
            continue
        c.fact(f.subject, "location", f"place:{area}", "entity", f.sentence)
        placed.add(f.subject)
