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
    "facts_note": (("Katrs teikums parādīts vienreiz, tā secībā pārskatā; iezīmēti vārdi, no "
                    "kuriem nolasīti fakti (blāvāk — paša nosaukums), blakus — fakti, ko teikums "
                    "pamato."),
                   ("Each sentence is shown once, in its order in the report; the words the facts "
                    "were read from are marked (fainter: the entity's own name), beside it the "
                    "facts it supports.")),
    "mentioned_only": ("Tikai pieminēts", "Mentioned only"),
    "unsourced": ("Fakti bez avota teikuma", "Facts without a source sentence"),
    "in_reports": ("Minēts pārskatos", "Named in reports"),
    "and_more": ("un vēl {n} (šīs lapas teikumos)", "and {n} more (in this page's sentences)"),
    "total": ("Kopā", "Total"),
    "no_source_stated": ("Avots nav norādīts", "Source not stated"),
    "funding_of": ("Finansējums projektam", "Funding of"),
    "esf_id": ("ES fondu identifikators", "EU funds identifier"),
    "participants": ("Dalībnieku skaits", "Participants"),
    "date": ("Datums", "Date"),
    "kind_fund": ("finansējuma avots", "funding source"),
    "funded_projects": ("Finansētie projekti", "Projects funded"),
    "organisations": ("Organizācijas", "Organisations"),
    "kind": ("Veids", "Kind"),
    "sev_error": ("kļūda", "error"),
    "sev_warning": ("brīdinājums", "warning"),
    "sev_info": ("informācija", "info"),
    "check_cross-project-amount": ("Projekta summa divos pārskatos atšķiras",
                                   "A project's amount differs between two reports"),
    "check_cross-project-dates": ("Projekta sākuma vai beigu datums divos pārskatos atšķiras",
                                  "A project's start or end date differs between two reports"),
    "check_cross-project-implementer": (("Divi pārskati nosauc dažādus viena projekta "
                                        "īstenotājus"), ("Two reports name different "
                                        "implementers of the same project")),
    "check_cross-table-values": ("Viens un tas pats tabulas skaitlis divos pārskatos atšķiras",
                                 "The same table figure differs between two reports"),
    "check_event-outside-project": ("Projekta pasākums notiek ārpus projekta laikposma",
                                    ("An event of a project takes place outside the project's "
                                    "period")),
    "check_funding-parts": ("Viena teikuma finansējuma kopsumma nesakrīt ar tās daļām",
                            ("A funding total and its parts from the same sentence do not add "
                            "up")),
    "check_name-drift": (("Projektam ir nosaukumi, kas atšķiras ne tikai ar burtu lielumu un "
                         "pieturzīmēm"), ("A project goes by names that differ beyond case and "
                         "punctuation")),
    "check_project-dates": ("Projekts (vai pasākums) beidzas pirms sākuma",
                            "A project (or event) ends before it starts"),
    "check_stated-total": ("Norādītā kopsumma nesakrīt ar uzskaitīto vienību summām vai skaitu",
                           ("A stated total does not match the amounts or the number of the "
                           "items listed after it")),
    "check_table-percents": ("Tabulas procenti nesakrīt ar skaitu un kopsummu",
                             "A percentage in a table does not match its count and the total"),
    "check_table-total-columns": ("Tabulas rindas šūnu summa nesakrīt ar kolonnu „Kopā”",
                                  ("The cells of a table row do not add up to its \"Kopā\" "
                                  "column")),
    "check_table-totals": ("Tabulas rindu summa nesakrīt ar rindu „Kopā”",
                           "The rows of a table do not add up to its \"Kopā\" row"),
    "all_kinds": ("visi veidi", "all kinds"),
    "others": ("Citi", "Others"),
    "at_place": ("Saistīti ar šo vietu", "At this place"),
    "broader": ("Ietilpst", "Part of"),
    "narrower": ("Ietver", "Includes"),
    "map_hidden": (("Mazākajiem punktiem nosaukums parādās, uzbraucot ar peli; visas vietas ir "
                    "tabulā zem kartes."),
                   ("The smaller dots show their name on hover; every place is in the table "
                    "below the map.")),
}

#: how an entity page names the facts of a property (direction "out": the entity is the
#: subject, "in": the object): (Latvian singular, plural, English singular, plural)
_FACTS: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("out", "https://w3id.org/reportgraph/ontology#fundingSource"):
        ("Finansējuma avots", "Finansējuma avoti", "Funding source", "Funding sources"),
    ("out", "https://w3id.org/reportgraph/ontology#hasFunding"):
        ("Finansējums", "Finansējums", "Funding", "Funding"),
    ("out", "https://w3id.org/reportgraph/ontology#amountEUR"):
        ("Summa", "Summas", "Amount", "Amounts"),
    ("out", "https://w3id.org/reportgraph/ontology#esfIdentifier"):
        ("ES fondu identifikators", "ES fondu identifikatori", "EU funds identifier",
         "EU funds identifiers"),
    ("out", "https://schema.org/startDate"): ("Sākums", "Sākums", "Start", "Start"),
    ("out", "https://schema.org/endDate"): ("Beigas", "Beigas", "End", "End"),
    ("out", "https://schema.org/location"): ("Vieta", "Vietas", "Place", "Places"),
    ("out", "https://w3id.org/reportgraph/ontology#implementedBy"):
        ("Īstenotājs", "Īstenotāji", "Implementer", "Implementers"),
    ("out", "https://w3id.org/reportgraph/ontology#partner"):
        ("Partneris", "Partneri", "Partner", "Partners"),
    ("out", "https://schema.org/organizer"):
        ("Organizētājs", "Organizētāji", "Organiser", "Organisers"),
    ("out", "https://w3id.org/reportgraph/ontology#partOfProject"):
        ("Projekts", "Projekti", "Project", "Projects"),
    ("out", "https://w3id.org/reportgraph/ontology#participantCount"):
        ("Dalībnieku skaits", "Dalībnieku skaits", "Participants", "Participants"),
    ("out", "https://schema.org/affiliation"):
        ("Darbavieta", "Darbavietas", "Affiliation", "Affiliations"),
    ("out", "https://schema.org/jobTitle"): ("Amats", "Amati", "Job title", "Job titles"),
    ("out", "https://schema.org/containedInPlace"):
        ("Atrodas", "Atrodas", "Contained in", "Contained in"),
    ("in", "https://w3id.org/reportgraph/ontology#fundingSource"):
        ("Finansētais projekts", "Finansētie projekti", "Project funded", "Projects funded"),
    ("in", "https://w3id.org/reportgraph/ontology#hasFunding"):
        ("Finansējums projektam", "Finansējums projektiem", "Funding of", "Funding of"),
    ("in", "https://schema.org/location"):
        ("Saistīts ar šo vietu", "Saistīti ar šo vietu", "At this place", "At this place"),
    ("in", "https://w3id.org/reportgraph/ontology#implementedBy"):
        ("Īsteno", "Īsteno", "Implements", "Implements"),
    ("in", "https://w3id.org/reportgraph/ontology#partner"):
        ("Partneris projektā", "Partneris projektos", "Partner in", "Partner in"),
    ("in", "https://schema.org/organizer"): ("Organizē", "Organizē", "Organises", "Organises"),
    ("in", "https://w3id.org/reportgraph/ontology#partOfProject"):
        ("Pasākums", "Pasākumi", "Event", "Events"),
    ("in", "https://schema.org/affiliation"):
        ("Saistīta persona", "Saistītās personas", "Person affiliated", "People affiliated"),
    ("in", "https://schema.org/containedInPlace"): ("Ietver", "Ietver", "Contains", "Contains"),
}
#: the order of the facts under a sentence (others after them, by their name)
FACT_ORDER = tuple(dict.fromkeys(p for _d, p in _FACTS))


def fact_title(direction: str, predicate: str, many: bool, lang: str) -> str | None:
    """The name of an entity's facts of `predicate` in `lang` (plural for `many`), or None when
    the page names them by the term's label."""
    forms = _FACTS.get((direction, predicate))
    if forms is None:
        return None
    return forms[(2 if pick(lang) == "en" else 0) + (1 if many else 0)]


def pick(lang: str | None) -> str:
    return lang if lang in LANGS else "lv"


def translator(lang: str):
    i = LANGS.index(pick(lang))

    def t(key: str) -> str:
        pair = _T.get(key)
        return pair[i] if pair else key

    return t


#: nouns with their forms for counts: (Latvian singular, plural, English singular, plural)
_NOUNS = {"project": ("projekts", "projekti", "project", "projects")}


def count_word(n: int, noun: str, lang: str) -> str:
    """The noun's form for `n` things: Latvian agrees with the last digit (1, 21, 101 projekts;
    2, 11, 12 projekti), English with one."""
    lv1, lvn, en1, enn = _NOUNS[noun]
    if pick(lang) == "en":
        return en1 if n == 1 else enn
    return lv1 if n % 10 == 1 and n % 100 != 11 else lvn


#: the named queries (queries/*.rq) as the pages name them: title, and in Latvian the summary
#: and description (the English ones are the queries' own headers)
QUERIES: dict[str, dict[str, tuple[str, ...]]] = {
    "actors": {
        "lv": ("Dalībnieki",
               "Organizācijas un personas ar veidu, nosaukumu, saīsinājumu un projektu skaitu",
               ("Viena rinda katrai organizācijai vai personai. Veids — tās klases (piemēram, "
               "valsts iestāde, NVO, persona); projekti — cik dažādus projektus tā īsteno vai "
               "kuros ir partneris.")),
        "en": ("Actors",)},
    "events": {
        "lv": ("Pasākumi",
               "Pasākumi ar veidu, datumiem, vietām, organizētājiem, dalībniekiem un projektu",
               ("Viena rinda katram pasākumam. Vietas un organizētāji — nosaukumi, atdalīti ar "
               "„; ”; dalībnieki — dalībnieku skaits (lielākais, ja pārskati atšķiras), "
               "precizējums — kā pārskats to raksturo (precīzi, aptuveni, vairāk nekā, vismaz, "
               "mazāk nekā); projekts — projekts, kura daļa ir pasākums.")),
        "en": ("Events",)},
    "funding-by-region": {
        "lv": ("Finansējums pa reģioniem",
               "Katram plānošanas reģionam un fondam: projektu skaits un to summu kopsumma",
               ("Projekts tiek skaitīts vienreiz katrā plānošanas reģionā, kurā ir kāda tā vieta, "
               "un vienreiz katram sava finansējuma avota kodam (bez apvienošanas plašākos "
               "fondos). Projekta summa fondam ir lielākā norādītā šī fonda finansējuma summa "
               "vai, ja tādas nav, projekta lielākā norādītā kopsumma. Projekti bez vietas "
               "plānošanas reģionā netiek skaitīti.")),
        "en": ("Funding by region",)},
    "projects": {
        "lv": ("Projekti",
               ("Projekti un programmas: fondi, summa, vietas, plānošanas reģioni, īstenotāji, "
               "datumi"),
               ("Viena rinda katram projektam. Fondi — tā finansējuma avotu kodi; reģioni — "
               "plānošanas reģioni, kuros atrodas tā vietas. Vairākas vērtības atdalītas ar "
               "„; ”. Ja pārskati norāda dažādas kopsummas, summa ir lielākā; sākums — agrākais, "
               "beigas — vēlākais norādītais datums.")),
        "en": ("Projects",)},
    "projects-by-fund-region": {
        "lv": ("Projekti pēc fonda un reģiona",
               ("Projekti, kas finansēti no fonda (vai kāda tā apakšfonda) un notiek plānošanas "
               "reģionā"),
               ("Projekts atbilst, ja kāds no tā finansējuma avotiem (arī plašākie, kuros tas "
               "ietilpst: EU ietver ESF un ERDF) ir norādītais fonds un kāda tā vieta atrodas "
               "plānošanas reģionā (vai ir pats reģions). Abi parametri nav reģistrjutīgi; "
               "reģionu var norādīt ar jebkuru tā nosaukumu. Pēdējās divas kolonnas atkārto "
               "parametrus.")),
        "en": ("Projects by fund and region",)},
    "why": {
        "lv": ("Faktu avoti",
               "Teikumi, no kuriem nolasīti entītijas fakti un kuros tā pieminēta",
               ("Viena rinda katram faktam par entītiju (virziens „out”: tā ir subjekts, „in”: "
               "objekts) un katram teikumam, no kura fakts nolasīts, kā arī pa rindai katram "
               "teikumam, kurā tā pieminēta (virziens „mention”). Sākums un beigas — rakstzīmju "
               "pozīcijas pārskata failā; lappuse — PDF lappuse, kurā teikums sākas.")),
        "en": ("Sources of facts",)},
}
#: the queries' parameters: (Latvian name, Latvian hint, English name)
PARAMS: dict[str, tuple[str, str, str]] = {
    "fund": ("Fonds", "finansējuma avota kods, piemēram, EU, ESF, ERDF, STATE", "Fund"),
    "region": ("Plānošanas reģions", "plānošanas reģiona nosaukums, piemēram, Kurzeme",
               "Planning region"),
    "entity": ("Entītija", ("entītijas IRI, piemēram, "
               "https://w3id.org/reportgraph/id/project/ieklaujosa-skola"), "Entity"),
}
#: the columns of the queries' results (Latvian, English); per query where a name means
#: something else there
COLUMNS: dict[str, tuple[str, str]] = {
    "project": ("Projekts", "Project"), "label": ("Nosaukums", "Name"),
    "funds": ("Fondi", "Funds"), "amountEUR": ("Summa, EUR", "Amount, EUR"),
    "places": ("Vietas", "Places"), "regions": ("Plānošanas reģioni", "Planning regions"),
    "implementers": ("Īstenotāji", "Implementers"), "start": ("Sākums", "Start"),
    "end": ("Beigas", "End"), "regionLabel": ("Plānošanas reģions", "Planning region"),
    "fund": ("Fonds", "Fund"), "region": ("Plānošanas reģions", "Planning region"),
    "projects": ("Projekti", "Projects"), "withAmount": ("Ar norādītu summu", "With an amount"),
    "actor": ("Dalībnieks", "Actor"), "type": ("Veids", "Type"),
    "acronym": ("Saīsinājums", "Acronym"), "event": ("Pasākums", "Event"),
    "kind": ("Veids", "Kind"), "organisers": ("Organizētāji", "Organisers"),
    "participants": ("Dalībnieku skaits", "Participants"),
    "qualifier": ("Precizējums", "Qualifier"), "entity": ("Entītija", "Entity"),
    "entityLabel": ("Nosaukums", "Name"), "direction": ("Virziens", "Direction"),
    "predicate": ("Īpašība", "Property"), "other": ("Otra puse", "Other end"),
    "otherLabel": ("Otras puses nosaukums", "Other end's name"),
    "report": ("Pārskats", "Report"), "sentence": ("Teikums", "Sentence"),
    "text": ("Teksts", "Text"), "page": ("Lappuse", "Page"),
}
_QUERY_COLUMNS: dict[tuple[str, str], tuple[str, str]] = {
    ("projects-by-fund-region", "fund"): ("Fonds (vaicāts)", "Fund (asked)"),
    ("projects-by-fund-region", "region"): ("Reģions (vaicāts)", "Region (asked)"),
    ("why", "start"): ("Sākuma pozīcija", "Start offset"),
    ("why", "end"): ("Beigu pozīcija", "End offset"),
}


def query_text(name: str, lang: str, summary: str, description: str) -> tuple[str, str, str]:
    """(title, summary, description) of a named query in `lang`; the query's own summary and
    description (English) are kept for English and for a query this table does not know."""
    texts = QUERIES.get(name, {})
    if pick(lang) == "lv" and "lv" in texts:
        return texts["lv"]  # type: ignore[return-value]
    return ((texts.get("en") or (name,))[0], summary, description)


def param_text(name: str, lang: str, doc: str) -> tuple[str, str]:
    """(name, hint) of a query parameter in `lang` (the query's own hint in English)."""
    lv_name, lv_doc, en_name = PARAMS.get(name, (name, doc, name))
    return (lv_name, lv_doc) if pick(lang) == "lv" else (en_name, doc)


def column_name(query: str, column: str, lang: str) -> str:
    """A result column's heading in `lang` (the variable's name when unknown)."""
    names = _QUERY_COLUMNS.get((query, column)) or COLUMNS.get(column)
    return names[0 if pick(lang) == "lv" else 1] if names else column
