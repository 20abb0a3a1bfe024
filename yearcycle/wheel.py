"""Geometry of the server-rendered årshjul: 12 month segments clockwise from January at the top,
a marker per item on its due day, and a hand at today. The template draws it as inline SVG, so
it needs no JavaScript and scales with the page."""

import calendar
import datetime
import math
from collections import defaultdict

from samtrygg.dates import format_date
from yearcycle import services

SIZE = 400
CENTER = SIZE / 2
OUTER = 190
INNER = 62
LABEL_R = 172
RING_R = [140, 120, 100, 80]  # radii for items sharing a month, outermost first
MONTH_ABBR = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def _point(angle_deg: float, radius: float) -> tuple[float, float]:
    rad = math.radians(angle_deg - 90)  # 0° points up
    return round(CENTER + radius * math.cos(rad), 2), round(CENTER + radius * math.sin(rad), 2)


def num(value: float) -> str:
    """An SVG number. Strings, because the template would localise a float to "172,5", which SVG
    reads as two coordinates."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _angle(day: datetime.date) -> float:
    """Degrees clockwise from the top for the middle of `day`."""
    days = calendar.monthrange(day.year, day.month)[1]
    return (day.month - 1) * 30 + (day.day - 0.5) / days * 30


def _segment(month: int) -> str:
    start, end = month * 30, (month + 1) * 30
    (x1, y1), (x2, y2) = _point(start, OUTER), _point(end, OUTER)
    (x3, y3), (x4, y4) = _point(end, INNER), _point(start, INNER)
    return (
        f"M{num(x1)} {num(y1)} A{OUTER} {OUTER} 0 0 1 {num(x2)} {num(y2)} "
        f"L{num(x3)} {num(y3)} A{INNER} {INNER} 0 0 0 {num(x4)} {num(y4)} Z"
    )


def _shape(state: str, x: float, y: float) -> dict:
    """Done: circle, late: triangle, upcoming: square (shape and colour both tell the state)."""
    if state == "done":
        return {"kind": "circle", "x": num(x), "y": num(y), "r": "8"}
    if state == "late":
        points = f"{num(x)},{num(y - 10)} {num(x + 9.5)},{num(y + 7)} {num(x - 9.5)},{num(y + 7)}"
        return {"kind": "triangle", "points": points}
    return {"kind": "square", "x": num(x - 7), "y": num(y - 7), "size": "14"}


def build(items, year: int, today: datetime.date) -> dict:
    segments = []
    for month in range(12):
        lx, ly = _point(month * 30 + 15, LABEL_R)
        segments.append(
            {"path": _segment(month), "label": MONTH_ABBR[month], "lx": num(lx), "ly": num(ly), "odd": month % 2}
        )
    per_month = defaultdict(int)
    markers = []
    for item in items:
        state = services.state(item, today)
        slot = per_month[item.due_date.month]
        per_month[item.due_date.month] += 1
        x, y = _point(_angle(item.due_date), RING_R[slot % len(RING_R)])
        markers.append(
            {
                "state": state,
                "shape": _shape(state, x, y),
                "title": f"{item.title} – {format_date(item.due_date)} ({services.STATE_LABELS[state]})",
            }
        )
    hand = None
    if today.year == year:
        hx, hy = _point(_angle(today), OUTER - 4)
        sx, sy = _point(_angle(today), INNER)  # from the hub's edge, so the year stays readable
        hand = {"x1": num(sx), "y1": num(sy), "x": num(hx), "y": num(hy), "title": format_date(today)}
    return {
        "size": num(SIZE),
        "center": num(CENTER),
        "inner": num(INNER),
        "year": str(year),
        "segments": segments,
        "markers": markers,
        "hand": hand,
    }
