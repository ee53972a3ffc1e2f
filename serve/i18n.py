"""The words of the web pages in Latvian (the default) and English (?lang=en, kept in a cookie)."""

LANGS = ("lv", "en")
COOKIE = "lang"

_T: dict[str, tuple[str, str]] = {
    "title": ("Pārskatu zināšanu grafs", "Report knowledge graph"),
    "home": ("Sākums", "Home"),
    "search": ("Meklēt", "Search"),
    "search_hint": ("projekts, iestāde, vieta, pasākums…", "project, organisation, place, event…"),
    "queries": ("Vaicājumi", "Queries"),
    "checks": ("Pārbaudes", "Checks"),
    "sparql": ("SPARQL", "SPARQL"),
    "charts": ("Finansējums", "Funding"),
    "ontology": ("Ontoloģija", "Ontology"),
    "reports": ("Pārskati", "Reports"),
    "years": ("Gadi", "Years"),
    "in_graph": ("Grafā", "In the graph"),
    "projects": ("Projekti", "Projects"),
    "actors": ("Dalībnieki", "Actors"),
    "funds": ("Finansējuma avoti", "Funds"),
    "places": ("Vietas", "Places"),
    "events": ("Pasākumi", "Events"),
    "questions": ("Biežākie jautājumi", "Common questions"),
    "no_results": ("Nekas netika atrasts.", "Nothing found."),
    "results": ("Rezultāti", "Results"),
    "kind_project": ("projekts", "project"),
    "kind_actor": ("dalībnieks", "actor"),
    "kind_place": ("vieta", "place"),
    "kind_event": ("pasākums", "event"),
    "kind_report": ("pārskats", "report"),
    "kind_other": ("resurss", "resource"),
    "amount": ("Summa", "Amount"),
    "funding": ("Finansējums", "Funding"),
    "period": ("Laikposms", "Period"),
    "implementers": ("Īstenotāji", "Implementers"),
    "partners": ("Partneri", "Partners"),
    "facts": ("Fakti un to avoti", "Facts and their sources"),
    "mentions": ("Pieminēts", "Mentioned in"),
    "source": ("Avots", "Source"),
    "page": ("lpp.", "p."),
    "municipality": ("Pašvaldība", "Municipality"),
    "region": ("Plānošanas reģions", "Planning region"),
    "roles": ("Lomas", "Roles"),
    "download": ("Lejupielādēt", "Download"),
    "run": ("Izpildīt", "Run"),
    "rows": ("rindas", "rows"),
    "findings": ("Konstatējumi", "Findings"),
    "no_findings": ("Neatbilstības netika atrastas.", "No inconsistencies found."),
    "tables": ("Tabulas", "Tables"),
    "text": ("Teksts", "Text"),
    "prefixes": ("Prefiksi", "Prefixes"),
    "examples": ("Piemēri", "Examples"),
    "query": ("Vaicājums", "Query"),
    "error": ("Kļūda", "Error"),
    "not_found": ("Nav atrasts", "Not found"),
    "map": ("Karte", "Map"),
    "by_fund_region": ("Finansējums pēc avota un plānošanas reģiona",
                       "Funding by fund and planning region"),
    "map_note": (("Shematiska Latvijas kontūra; punkti — vietas ar projektiem (apļa lielums: "
                  "projektu skaits), novadi — to centrā. Koordinātas: serve/maps/ (avots un "
                  "licence faila galvenē)."),
                 ("Schematic outline of Latvia; dots: places with projects (size: number of "
                  "projects), municipalities at their centre. Coordinates: serve/maps/ (source "
                  "and licence in the file's header).")),
    "map_title": ("Projekti pa vietām", "Projects per place"),
    "not_on_map": ("nav kartē (nav koordinātu, piemēram, visa Latvija vai reģions)",
                   "not on the map (no coordinates, e.g. the whole of Latvia or a region)"),
    "all_statements": ("Visi apgalvojumi", "All statements"),
    "implements": ("Īsteno projektus", "Implements"),
    "partner_in": ("Partneris projektos", "Partner in"),
    "organises": ("Organizē pasākumus", "Organises"),
    "organisers": ("Organizētāji", "Organisers"),
    "project": ("Projekts", "Project"),
    "contains": ("Ietver", "Contains"),
    "all": ("visi", "all"),
    "about": ("Par vaicājumu", "About the query"),
    "sparql_note": ("Standarta prefiksi jau deklarēti; ne vairāk kā {rows} rindas, {seconds} s.",
                    "The standard prefixes are declared; at most {rows} rows, {seconds} s."),
    "truncated": ("saīsināts", "truncated"),
    "no_amount": ("summa nav norādīta", "no amount stated"),
    "projects_short": ("proj.", "proj."),
    "as_table": ("Tabula", "As a table"),
    "by_year": ("Projekti pēc sākuma gada", "Projects by start year"),
    "start_year": ("Sākuma gads", "Start year"),
    "year_note": (("Summa: projektu lielākās norādītās kopsummas (vaicājums projects); ? — "
                   "sākuma gads nav norādīts."),
                  ("Amount: the projects' largest stated totals (the query projects); ?: no start "
                   "year stated.")),
    "other_formats": ("Citi formāti", "Other formats"),
    "language": ("English", "Latviski"),
    "value": ("Vērtība", "Value"),
    "sentence": ("Teikums", "Sentence"),
    "property": ("Īpašība", "Property"),
    "side": ("Puse", "Side"),
    "severity": ("Nopietnība", "Severity"),
    "count": ("Skaits", "Count"),
    "sort": ("kārtot", "sort"),
    "shown_of": ("{first}–{last} no {total}", "{first}–{last} of {total}"),
    "next_page": ("nākamie →", "next →"),
    "previous_page": ("← iepriekšējie", "← previous"),
    "facts_list": ("fakti (fakts × teikums)", "facts (fact × sentence)"),
    "mentions_list": ("teikumi, kas to piemin", "sentences that mention it"),
    "paged_note": (("Lapā ir daļa no saraksta; lapas seko krātuves secībai, katra lapa sakārtota."),
                   ("A page of the list; pages follow the store's order, each page sorted.")),
}


def pick(lang: str | None) -> str:
    return lang if lang in LANGS else "lv"


def translator(lang: str):
    i = LANGS.index(pick(lang))

    def t(key: str) -> str:
        pair = _T.get(key)
        return pair[i] if pair else key

    return t
