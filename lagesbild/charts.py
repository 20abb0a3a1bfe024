"""The situation picture's charts and static map, drawn on the server with matplotlib, so that the
page (SVG), the PDF and the Word file (PNG) show the same pictures, with no internet map tiles.

Colours are the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies)
and the heat map uses cividis; every chart also has a table or a text alternative on the page.
"""

import hashlib
import io
import json
import math
from collections.abc import Mapping

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere: no display, thread-safe rendering

from django.utils.safestring import mark_safe  # noqa: E402
from django.utils.translation import get_language, gettext_lazy  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from matplotlib import colormaps, patheffects  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Polygon as PolygonPatch  # noqa: E402

matplotlib.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.edgecolor": "#4a5563",
        "axes.labelcolor": "#1b1f24",
        "xtick.color": "#1b1f24",
        "ytick.color": "#1b1f24",
        "svg.hashsalt": "samtrygg",  # stable ids: the same figures give the same SVG
    }
)

# Okabe–Ito
BLUE, ORANGE, GREEN, SKY, VERMILLION, PURPLE, YELLOW = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#56B4E9",
    "#D55E00",
    "#CC79A7",
    "#F0E442",
)
WEEKDAYS = [
    gettext_lazy("Mån"),
    gettext_lazy("Tis"),
    gettext_lazy("Ons"),
    gettext_lazy("Tor"),
    gettext_lazy("Fre"),
    gettext_lazy("Lör"),
    gettext_lazy("Sön"),
]


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buf.getvalue()


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=200, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def render(fig: Figure, fmt: str):
    return _svg(fig) if fmt == "svg" else _png(fig)


# ---- by category ------------------------------------------------------------------------


def category_figure(data: dict) -> Figure:
    """Horizontal grouped bars: this period, the previous period and the same period last year."""
    rows = [r for r in data.get("by_category", []) if r.get("total") or r.get("previous") or r.get("last_year")]
    rows = rows[:15]
    height = max(2.2, 0.42 * len(rows) + 1.2)
    fig = Figure(figsize=(7.5, height))
    ax = fig.add_subplot()
    if not rows:
        ax.text(0.5, 0.5, _("Inga händelser under perioden."), ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    rows = list(reversed(rows))  # largest on top
    names = [_short(r["name"], 34) for r in rows]
    series = [
        (_("Denna period"), [r.get("total") or 0 for r in rows], BLUE),
        (_("Föregående period"), [r.get("previous") or 0 for r in rows], ORANGE),
        (_("Samma period i fjol"), [r.get("last_year") or 0 for r in rows], SKY),
    ]
    bar = 0.26
    for i, (label, values, colour) in enumerate(series):
        positions = [y + (1 - i) * bar for y in range(len(rows))]
        ax.barh(positions, values, height=bar, color=colour, label=label)
    ax.set_yticks(range(len(rows)), names)
    ax.set_xlabel(_("Antal"))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#dde1e6", linewidth=0.6)
    ax.set_axisbelow(True)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], loc="lower right", frameon=False, fontsize=8)
    return fig


# ---- weekday × hour ---------------------------------------------------------------------


def heatmap_figure(data: dict) -> Figure:
    grid = data.get("weekday_hour") or [[0] * 24 for _day in range(7)]
    fig = Figure(figsize=(7.5, 2.9))
    ax = fig.add_subplot()
    image = ax.imshow(grid, aspect="auto", cmap="cividis", interpolation="nearest", vmin=0)
    ax.set_yticks(range(7), [str(d) for d in WEEKDAYS])
    ax.set_xticks(range(0, 24, 2), [f"{h:02d}" for h in range(0, 24, 2)])
    ax.set_xlabel(_("Timme"))
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.035, pad=0.02)
    bar.set_label(_("Antal"))
    bar.ax.yaxis.get_major_locator().set_params(integer=True)
    return fig


# ---- static map -------------------------------------------------------------------------


def _rings(geometry: dict | None):
    """Outer and inner rings of a GeoJSON (Multi)Polygon, or of a Feature/FeatureCollection."""
    if not geometry:
        return
    kind = geometry.get("type")
    if kind == "FeatureCollection":
        for feature in geometry.get("features", []):
            yield from _rings(feature.get("geometry"))
    elif kind == "Feature":
        yield from _rings(geometry.get("geometry"))
    elif kind == "Polygon":
        yield from geometry.get("coordinates", [])
    elif kind == "MultiPolygon":
        for polygon in geometry.get("coordinates", []):
            yield from polygon
    elif kind == "GeometryCollection":
        for part in geometry.get("geometries", []):
            yield from _rings(part)


AREA_LABELS = 25  # more areas than this (a city's DeSO areas): only those with most events are named
PAGE_AREA_LABELS = 10
HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]


def labelled_areas(data: dict, areas, limit: int = AREA_LABELS) -> list[tuple[str, float, float]]:
    """(name, lon, lat) of a point inside each area to be named on a map: every area when there
    are few, else the `limit` areas with most events (the rest would be an unreadable heap)."""
    from shapely.geometry import shape

    areas = list(areas)
    if len(areas) > limit:
        busy = [r["name"] for r in data.get("by_area") or [] if r.get("id") is not None and r.get("total")]
        wanted = set(busy[:limit])
        areas = [(name, geometry) for name, geometry in areas if name in wanted]
    result = []
    for name, geometry in areas:
        try:
            point = shape(geometry).representative_point()
        except Exception:  # a broken geometry is drawn as far as it goes, just not named
            continue
        result.append((name, point.x, point.y))
    return result


def marked_places(data: dict) -> list[tuple[str, float, float]]:
    """(name, lon, lat) of the recurring places that are named places of the scope's
    municipalities (the others are grid cells, named after their area in the table)."""
    from areas.models import Place

    names = [p["name"] for p in data.get("recurring_places") or []]
    codes = [m["code"] for m in (data.get("scope") or {}).get("municipalities") or []]
    if not names or not codes:
        return []
    return [
        (name, lon, lat)
        for name, lat, lon in Place.objects.filter(municipality__code__in=codes, name__in=names).values_list(
            "name", "lat", "lon"
        )
    ]


def hotspot_labels(data: dict) -> list[tuple[str, float, float]]:
    """(label, lon, lat) of the hot spots: their name where the computation gives one, else
    their rank ("1" is the strongest), as in the hot spot table."""
    return [
        (h.get("name") or str(i), h["lon"], h["lat"])
        for i, h in enumerate(data.get("hotspots") or [], start=1)
        if h.get("lat") is not None and h.get("lon") is not None
    ]


def map_figure(data: dict, boundary: dict | None = None, areas=()) -> Figure:
    """The municipality boundary, the area outlines with their names, EST points, hot spots and
    the recurring named places, each named. `areas` is a sequence of (name, GeoJSON geometry)."""
    fig = Figure(figsize=(7.5, 7.5))
    ax = fig.add_subplot()
    xs, ys = [], []
    for ring in _rings(boundary):
        ax.add_patch(PolygonPatch(ring, closed=True, facecolor="#eef1f5", edgecolor="#1b1f24", linewidth=1.2))
        xs += [p[0] for p in ring]
        ys += [p[1] for p in ring]
    for _name, geometry in areas:
        for ring in _rings(geometry):
            ax.add_patch(
                PolygonPatch(ring, closed=True, fill=False, edgecolor="#4a5563", linewidth=0.6, linestyle="--")
            )
            if not boundary:
                xs += [p[0] for p in ring]
                ys += [p[1] for p in ring]
    points = [p for p in data.get("points", []) if p.get("lat") is not None and p.get("lon") is not None]
    est = [p for p in points if p.get("source", "est") == "est"]
    police = [p for p in points if p.get("source") not in (None, "est")]
    hotspots = data.get("hotspots", [])
    if hotspots:
        size = max(h.get("count", 1) for h in hotspots) or 1
        ax.scatter(
            [h["lon"] for h in hotspots],
            [h["lat"] for h in hotspots],
            s=[60 + 140 * (h.get("count", 1) / size) for h in hotspots],
            facecolor=VERMILLION + "55",
            edgecolor=VERMILLION,
            linewidth=1.6,
            marker="s",
            label=_("Hot spot (signifikant kluster)"),
            zorder=3,
        )
    if est:
        ax.scatter(
            [p["lon"] for p in est],
            [p["lat"] for p in est],
            s=14,
            color=BLUE,
            edgecolor="white",
            linewidth=0.4,
            label=_("EST-händelse"),
            zorder=4,
        )
    if police:
        ax.scatter(
            [p["lon"] for p in police],
            [p["lat"] for p in police],
            s=22,
            marker="^",
            color=PURPLE,
            edgecolor="#1b1f24",
            linewidth=0.4,
            label=_("Polisens händelse"),
            zorder=4,
        )
    places = marked_places(data)
    if places:
        ax.scatter(
            [lon for _n, lon, _lat in places],
            [lat for _n, _lon, lat in places],
            s=40,
            marker="D",
            color=YELLOW,
            edgecolor="#1b1f24",
            linewidth=0.8,
            label=_("Återkommande plats"),
            zorder=5,
        )
    labels = {"area": [], "hotspot": [], "place": []}
    for name, lon, lat in labelled_areas(data, areas):
        labels["area"].append(
            ax.text(
                lon,
                lat,
                _short(name, 28),
                fontsize=7,
                color="#4a5563",
                ha="center",
                va="center",
                zorder=6,
                path_effects=HALO,
                clip_on=True,
            )
        )
    for label, lon, lat in hotspot_labels(data):
        labels["hotspot"].append(
            ax.annotate(
                _short(label, 28),
                (lon, lat),
                xytext=(6, 6),
                textcoords="offset points",
                fontsize=7.5,
                color=VERMILLION,
                fontweight="bold",
                zorder=7,
                path_effects=HALO,
                annotation_clip=True,
            )
        )
    for name, lon, lat in places:
        labels["place"].append(
            ax.annotate(
                _short(name, 28),
                (lon, lat),
                xytext=(6, -10),
                textcoords="offset points",
                fontsize=7.5,
                color="#1b1f24",
                fontweight="bold",
                zorder=7,
                path_effects=HALO,
                annotation_clip=True,
            )
        )
    xs += [p["lon"] for p in points] + [h["lon"] for h in hotspots]
    ys += [p["lat"] for p in points] + [h["lat"] for h in hotspots]
    if xs and ys:
        pad_x = (max(xs) - min(xs)) * 0.04 or 0.01
        pad_y = (max(ys) - min(ys)) * 0.04 or 0.01
        ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
        ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
        # degrees of longitude are shorter than degrees of latitude this far north
        ax.set_aspect(1 / max(0.2, math.cos(math.radians((min(ys) + max(ys)) / 2))))
        _drop_overlapping(fig, ax, [*labels["hotspot"], *labels["place"], *labels["area"]])
    else:
        ax.text(0.5, 0.5, _("Ingen karta tillgänglig."), ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    if est or police or hotspots or places:
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.01), ncol=2, frameon=False, fontsize=8)
    return fig


def _drop_overlapping(fig: Figure, ax, texts: list) -> None:
    """Hide each label that would cover one placed before it (the list is in priority order:
    hot spots, places, then the busiest areas first), so that a city centre's many small areas do
    not end in a heap of unreadable names. Measured with Agg; the SVG and PNG lay text out alike."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    ax.apply_aspect()  # where the axes end up once drawn, so the labels are measured in place
    placed = []
    for text in texts:
        box = text.get_window_extent(renderer).expanded(1.05, 1.15)
        if any(box.overlaps(other) for other in placed):
            text.set_visible(False)
        else:
            placed.append(box)


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


class _Charts(Mapping):
    """The charts, each drawn when it is first read: the page reads none of them (it draws its
    own SVG, see below), the PDF and the Word file read all three."""

    def __init__(self, makers: dict, fmt: str):
        self._makers, self._fmt, self._done = makers, fmt, {}

    def __getitem__(self, name):
        if name not in self._done:
            self._done[name] = render(self._makers[name](), self._fmt)
        return self._done[name]

    def __iter__(self):
        return iter(self._makers)

    def __len__(self):
        return len(self._makers)


def charts(data: dict, fmt: str, boundary: dict | None = None, areas=()) -> Mapping:
    """{"category", "heatmap", "map"}: SVG strings (fmt="svg") or PNG bytes (fmt="png")."""
    return _Charts(
        {
            "category": lambda: category_figure(data),
            "heatmap": lambda: heatmap_figure(data),
            "map": lambda: map_figure(data, boundary, areas),
        },
        fmt,
    )


# ---- the page's charts: inline SVG ------------------------------------------------------
# The page draws its charts itself (templates/lagesbild/_category_chart.html, _heatmap_chart.html)
# instead of showing matplotlib's picture scaled to the column, where a 390 px phone shrinks the
# labels to 6 px. The SVG has no viewBox: it is as wide as its column, every horizontal position
# is a percentage of that width and every text has its font size in CSS pixels (≥ 12 px), so the
# bars and cells reflow and the text keeps its size. The figures are also in tables on the page.

CHART_ROWS = 15
LABEL_H, BAR_H, BAR_PITCH, ROW_GAP = 18, 11, 14, 12  # px
BAR_SPACE = 82  # % of the width for the longest bar; the rest holds its value
HEAT_LEFT = 11  # % of the width for the weekday names
HEAT_ROW, HEAT_TOP = 26, 4  # px
HEAT_STEPS = 6


def _pct(value: float) -> str:
    # formatted here: the template would print a Swedish decimal comma
    return f"{value:.2f}%"


def category_svg(data: dict) -> dict | None:
    """Geometry of the page's bar chart per category (three bars per category: this period,
    the previous period, the same period last year), or None without events."""
    rows = [r for r in data.get("by_category", []) if r.get("total") or r.get("previous") or r.get("last_year")]
    rows = rows[:CHART_ROWS]
    if not rows:
        return None
    series = [
        ("total", _("Denna period"), "now"),
        ("previous", _("Föregående period"), "previous"),
        ("last_year", _("Samma period i fjol"), "last-year"),
    ]
    top = max([r.get(key) or 0 for r in rows for key, _label, _css in series] + [1])
    items, y = [], 0
    for r in rows:
        bars = []
        for i, (key, label, css) in enumerate(series):
            value = r.get(key) or 0
            bar_y = y + LABEL_H + 2 + i * BAR_PITCH
            width = BAR_SPACE * value / top
            bars.append(
                {
                    "value": value,
                    "label": label,
                    "css": css,
                    "y": bar_y,
                    "width": _pct(width),
                    "text_x": _pct(width),
                    "text_y": bar_y + BAR_H - 1,
                }
            )
        items.append({"name": _short(r["name"], 40), "label_y": y + LABEL_H - 5, "bars": bars})
        y += LABEL_H + 2 + 3 * BAR_PITCH + ROW_GAP
    return {
        "rows": items,
        "height": y - ROW_GAP + 4,
        "bar_h": BAR_H,
        "series": [{"label": label, "css": css} for _key, label, css in series],
    }


def heatmap_svg(data: dict) -> dict:
    """Geometry of the page's weekday × hour heat map (cividis, as in the PDF) and its legend."""
    grid = data.get("weekday_hour") or [[0] * 24 for _day in range(7)]
    top = max([max(row) for row in grid] + [1])
    cmap = colormaps["cividis"]
    cell = (100 - HEAT_LEFT) / 24
    rows = []
    for d, row in enumerate(grid):
        y = HEAT_TOP + d * HEAT_ROW
        rows.append(
            {
                "label": str(WEEKDAYS[d]),
                "y": y,
                "text_y": y + HEAT_ROW // 2 + 5,
                "cells": [
                    {"x": _pct(HEAT_LEFT + h * cell), "fill": to_hex(cmap(n / top)), "value": n, "hour": h}
                    for h, n in enumerate(row)
                ],
            }
        )
    axis_y = HEAT_TOP + 7 * HEAT_ROW
    steps = [
        {"x": _pct(HEAT_LEFT + i * 40 / HEAT_STEPS), "fill": to_hex(cmap(i / (HEAT_STEPS - 1)))}
        for i in range(HEAT_STEPS)
    ]
    return {
        "rows": rows,
        "cell_w": _pct(cell + 0.02),  # a hair wider: no seams between cells
        "row_h": HEAT_ROW - 2,
        "left": _pct(HEAT_LEFT - 1.5),
        "hours": [{"x": _pct(HEAT_LEFT + (h + 0.5) * cell), "label": f"{h:02d}"} for h in range(0, 24, 3)],
        "axis_y": axis_y + 16,
        "legend_y": axis_y + 30,
        "legend_text_y": axis_y + 58,
        "legend_steps": steps,
        "legend_w": _pct(40 / HEAT_STEPS + 0.02),
        "legend_end": _pct(HEAT_LEFT + 40),
        "legend_start": _pct(HEAT_LEFT),
        "top": top,
        "height": axis_y + 64,
    }


def page_map(data: dict, areas=()) -> dict:
    """What the page's Leaflet map draws besides the area outlines (static/js/situation_map.js)."""
    return {
        "points": [
            [round(p["lat"], 5), round(p["lon"], 5)]
            for p in data.get("points") or []
            if p.get("lat") is not None and p.get("lon") is not None
        ],
        "hotspots": [
            {"label": label, "lat": lat, "lon": lon, "count": h.get("count") or 0, "radius": h.get("radius_m")}
            for (label, lon, lat), h in zip(hotspot_labels(data), data.get("hotspots") or [], strict=False)
        ],
        "places": [{"name": name, "lat": lat, "lon": lon} for name, lon, lat in marked_places(data)],
        "areas": [name for name, _geometry in areas],
        # a phone's map is small: fewer permanent names; the page's script names all when zoomed in
        "labelled": [name for name, _lon, _lat in labelled_areas(data, areas, PAGE_AREA_LABELS)],
    }


def page(data: dict, areas=()) -> dict:
    return {"category": category_svg(data), "heatmap": heatmap_svg(data), "map": page_map(data, areas)}


# ---- the page's charts as HTML, cached ---------------------------------------------------
# The bar chart and the heat map are a few hundred SVG elements laid out by the templates: about a
# third of a picture page's server time. They are kept in the cache under a hash of everything
# they draw (like samtrygg/pdffile.py keeps PDFs under the hash of their HTML): the figures they
# read, the language of their labels and the templates themselves, so a changed input or a new
# release gives a new key and an old picture is never shown with stale charts. The map is drawn in
# the browser from page_map() (not cached: it reads the named places from the database).

PAGE_CHART_CACHE_S = 3600
PAGE_CHART_TEMPLATES = {"category": "lagesbild/_category_chart.html", "heatmap": "lagesbild/_heatmap_chart.html"}
_template_digest = None


def _templates_digest() -> str:
    global _template_digest
    if _template_digest is None:
        from django.template.loader import get_template

        sources = [get_template(name).template.source for name in PAGE_CHART_TEMPLATES.values()]
        _template_digest = hashlib.sha256("\0".join(sources).encode()).hexdigest()
    return _template_digest


def page_chart_key(data: dict) -> str:
    """The cache key of the page's bar chart and heat map: a hash of all they draw."""
    drawn = {
        "by_category": data.get("by_category") or [],
        "weekday_hour": data.get("weekday_hour"),
        "language": get_language(),
        "weekdays": [str(d) for d in WEEKDAYS],
        "templates": _templates_digest(),
        "layout": [CHART_ROWS, LABEL_H, BAR_H, BAR_PITCH, ROW_GAP, BAR_SPACE]
        + [HEAT_LEFT, HEAT_ROW, HEAT_TOP, HEAT_STEPS],
    }
    text = json.dumps(drawn, sort_keys=True, default=str, ensure_ascii=False)
    return "lagesbild-chart:" + hashlib.sha256(text.encode()).hexdigest()


def page_chart_html(data: dict) -> dict[str, str]:
    """{"category", "heatmap"}: the page's two SVG charts as HTML, from the cache when the same
    figures were drawn before."""
    from django.core.cache import cache
    from django.template.loader import render_to_string

    key = page_chart_key(data)
    html = cache.get(key)
    if html is None:
        context = {"page_charts": {"category": category_svg(data), "heatmap": heatmap_svg(data)}}
        html = {name: str(render_to_string(template, context)) for name, template in PAGE_CHART_TEMPLATES.items()}
        cache.set(key, html, PAGE_CHART_CACHE_S)
    return {name: mark_safe(text) for name, text in html.items()}  # noqa: S308 - our own templates' output
