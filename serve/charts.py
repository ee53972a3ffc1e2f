"""Charts and the map as plain SVG drawn on the server (no script, no tile server): funding by
fund and planning region (the named query funding-by-region), projects and stated amounts by
start year (the named query projects), projects per place on a schematic map of Latvia.

Only geometry is computed here; the templates write the SVG (escaped like every page).
"""

import csv
import io
import math
from collections import defaultdict
from functools import lru_cache
from importlib.resources import files

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from reportgraph.graph.store import Store
from reportgraph.queries import run_query
from reportgraph.serve import data
from reportgraph.serve import queries as page_queries
from reportgraph.serve.cache import cached
from reportgraph.serve.entity_view import fund_name, local_name
from reportgraph.serve.i18n import count_word
from reportgraph.serve.render import lang_of, page

router = APIRouter()

PALETTE = ("#1b6ca8", "#e07b39", "#3a9d5d", "#c33c54", "#7b5ea7", "#8c6d31", "#2aa1a1", "#777777")

def _rows(name: str) -> list[dict[str, str]]:
    text = (files("reportgraph.serve") / "maps" / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


@lru_cache(maxsize=1)
def coordinates() -> dict[str, tuple[float, float]]:
    """Place key -> (lat, lon) of serve/maps/places_coords.csv."""
    return {r["key"]: (float(r["lat"]), float(r["lon"])) for r in _rows("places_coords.csv")}


@lru_cache(maxsize=1)
def outline() -> list[tuple[float, float]]:
    return [(float(r["lon"]), float(r["lat"])) for r in _rows("latvia_outline.csv")]


# the map's projection: equirectangular, scaled for Latvia's latitude
_W, _H, _LON0, _LAT1, _K = 760, 480, 20.75, 58.2, 182.0
_COS = math.cos(math.radians(56.9))


def project_point(lat: float, lon: float) -> tuple[float, float]:
    return round((lon - _LON0) * _COS * _K, 1), round((_LAT1 - lat) * _K, 1)


def place_position(key: str, parent: str) -> tuple[float, float] | None:
    """(lat, lon) of a place key: its own, else its centre town (a novads '<town>u-novads-2009'
    or '<town>s-novads'), else its parent's."""
    coords = coordinates()
    if key in coords:
        return coords[key]
    if "-novads" in key:
        stem = key.split("-novads")[0]
        for cut in (stem, stem[:-1], stem[:-2]):
            for k in coords:
                if len(cut) >= 3 and (k == cut or (k.startswith(cut) and len(k) - len(cut) <= 1)):
                    return coords[k]
    parent_key = local_name(parent) if parent else ""
    return coords.get(parent_key)


def map_points(store: Store) -> dict:
    """One point (x, y, r) per position with projects (a novads drawn at its centre town shares
    the town's point; its projects are counted once), and the places that cannot be drawn."""
    at: dict[tuple[float, float], dict] = {}
    missing: dict[str, dict] = {}
    for r in data.rows(store.query(page_queries.text("map"))):
        key = local_name(r["place"])
        label = str(r.get("label", key))
        pos = place_position(key, str(r.get("parent", "")))
        if pos is None:
            m = missing.setdefault(str(r["place"]), {"iri": r["place"], "label": label,
                                                     "projects": set()})
            m["projects"].add(r["project"])
            continue
        p = at.setdefault(pos, {"places": {}, "projects": set()})
        p["places"].setdefault(str(r["place"]), (r["place"], label))
        p["projects"].add(r["project"])
    points = []
    for pos, p in at.items():
        x, y = project_point(*pos)
        places = sorted(p["places"].values(), key=lambda v: (len(v[1]), v[1]))
        n = len(p["projects"])
        points.append({"iri": places[0][0], "label": ", ".join(label for _, label in places),
                       "places": places, "projects": n, "x": x, "y": y,
                       "r": round(4 + 4 * math.sqrt(n), 1)})
    points.sort(key=lambda p: (-p["projects"], p["label"]))
    place_labels(points, _W, _H)
    shape = " ".join(f"{x},{y}" for x, y in (project_point(lat, lon) for lon, lat in outline()))
    gone = [{**m, "projects": len(m["projects"])} for m in missing.values()]
    return {"points": points, "missing": sorted(gone, key=lambda m: -m["projects"]),
            "outline": shape, "width": _W, "height": _H}


#: the map's label font (12px): the width of a character, the height of a line, in SVG units
_CHAR_W, _LINE_H, _GAP = 6.9, 13.0, 3.0


def _box(x: float, y: float, w: float, anchor: str) -> tuple[float, float, float, float]:
    """The box (left, top, right, bottom) of a label written at (x, y) (its baseline)."""
    left = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
    return (left, y - _LINE_H + 3, left + w, y + 3)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(points: list[dict], width: float, height: float) -> None:
    """Give each point a label where it overlaps no label placed before it and no other dot,
    and stays inside the map: to the right of its dot, else left, above, below. Points come
    with the most projects first, so a crowded spot names its biggest places; a point left
    without a label keeps its name in the dot's hover title (and in the table). Sets `text`,
    `tx`, `ty`, `anchor` (None when unlabelled)."""
    placed: list[tuple[float, ...]] = []
    dots = [(p["x"] - p["r"], p["y"] - p["r"], p["x"] + p["r"], p["y"] + p["r"]) for p in points]
    for i, p in enumerate(points):
        text = f"{p['places'][0][1]} ({p['projects']})"
        w = len(text) * _CHAR_W
        x, y, r = p["x"], p["y"], p["r"]
        p.update(text=text, tx=None, ty=None, anchor=None)
        for tx, ty, anchor in ((x + r + _GAP, y + 4, "start"), (x - r - _GAP, y + 4, "end"),
                               (x, y - r - _GAP, "middle"), (x, y + r + _LINE_H, "middle")):
            box = _box(tx, ty, w, anchor)
            if box[0] < 2 or box[1] < 2 or box[2] > width - 2 or box[3] > height - 2:
                continue
            if any(_overlap(box, b) for b in placed) or any(
                    _overlap(box, d) for j, d in enumerate(dots) if j != i):
                continue
            placed.append(box)
            p.update(tx=round(tx, 1), ty=round(ty, 1), anchor=anchor)
            break


def funding_chart(store: Store) -> dict:
    """Bars per planning region, one per fund, length by amount (EUR) and the table behind."""
    rows = [{k: str(v) for k, v in r.items()} for r in data.rows(run_query(store,
                                                                            "funding-by-region"))]
    funds = sorted({r["fund"] for r in rows})
    regions = sorted({r["region"] for r in rows})
    top = max([float(r["amountEUR"]) for r in rows] + [1.0])
    colour = {f: PALETTE[i % len(PALETTE)] for i, f in enumerate(funds)}
    bars, y = [], 10
    for region in regions:
        group = {"label": region, "y": y, "bars": []}
        y += 18
        for r in (r for r in rows if r["region"] == region):
            amount = float(r["amountEUR"])
            group["bars"].append({"fund": r["fund"], "amount": r["amountEUR"],
                                  "projects": r["projects"], "y": y,
                                  "stated": r.get("withAmount", "0") != "0", "colour": colour[r["fund"]],
                                  "w": round(max(1.0, 480 * amount / top), 1) if amount else 1})
            y += 16
        y += 10
        bars.append(group)
    return {"groups": bars, "height": y + 10, "legend": list(colour.items()), "rows": rows}


def year_chart(store: Store) -> dict:
    """Projects and the sum of their stated amounts by the year they start."""
    by_year: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0])
    for r in data.rows(run_query(store, "projects")):
        year = str(r.get("start", ""))[:4] or "?"
        by_year[year][0] += 1
        by_year[year][1] += float(r["amountEUR"]) if "amountEUR" in r else 0.0
        by_year[year][2] += "amountEUR" in r
    years = sorted(by_year, key=lambda y: (y == "?", y))
    top = max([by_year[y][0] for y in years] + [1])
    cols = [{"year": y, "projects": int(by_year[y][0]), "amount": by_year[y][1],
             "stated": int(by_year[y][2]),
             "x": 40 + i * 60, "h": round(200 * by_year[y][0] / top, 1)}
            for i, y in enumerate(years)]
    return {"cols": cols, "width": 60 + 60 * len(cols)}


@router.get("/charts", response_class=HTMLResponse)
def charts(request: Request) -> HTMLResponse:
    funding = cached(request, "chart-funding", funding_chart)
    years = cached(request, "chart-years", year_chart)
    lang = lang_of(request)
    return page(request, "charts.html", funding=funding, years=years,
                fund_label=lambda code: fund_name(code, lang))


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    lang = lang_of(request)
    return page(request, "map.html", m=cached(request, "map", map_points),
                projects_word=lambda n: count_word(n, "project", lang))
