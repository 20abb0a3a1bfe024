"""The situation picture's charts and static map, drawn on the server with matplotlib, so that the
page (SVG), the PDF and the Word file (PNG) show the same pictures, with no internet map tiles.

Colours are the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies)
and the heat map uses cividis; every chart also has a table or a text alternative on the page.
"""

import io
import math

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere: no display, thread-safe rendering

from django.utils.translation import gettext as _  # noqa: E402
from django.utils.translation import gettext_lazy  # noqa: E402
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


def map_figure(data: dict, boundary: dict | None = None, areas=()) -> Figure:
    """The municipality boundary, the area outlines, EST points and hot spots.
    `areas` is a sequence of (name, GeoJSON geometry)."""
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
    xs += [p["lon"] for p in points] + [h["lon"] for h in hotspots]
    ys += [p["lat"] for p in points] + [h["lat"] for h in hotspots]
    if xs and ys:
        pad_x = (max(xs) - min(xs)) * 0.04 or 0.01
        pad_y = (max(ys) - min(ys)) * 0.04 or 0.01
        ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
        ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
        # degrees of longitude are shorter than degrees of latitude this far north
        ax.set_aspect(1 / max(0.2, math.cos(math.radians((min(ys) + max(ys)) / 2))))
    else:
        ax.text(0.5, 0.5, _("Ingen karta tillgänglig."), ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    if est or police or hotspots:
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.01), ncol=3, frameon=False, fontsize=8)
    return fig


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def charts(data: dict, fmt: str, boundary: dict | None = None, areas=()) -> dict:
    """{"category", "heatmap", "map"}: SVG strings (fmt="svg") or PNG bytes (fmt="png")."""
    return {
        "category": render(category_figure(data), fmt),
        "heatmap": render(heatmap_figure(data), fmt),
        "map": render(map_figure(data, boundary, areas), fmt),
    }
