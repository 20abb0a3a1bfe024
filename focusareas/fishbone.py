"""The cause analysis as a fishbone (Ishikawa) diagram, drawn on the server as inline SVG: the
problem is the head, the three sides of the problem triangle are the bones, the causes are the
ribs. Coordinates are formatted here, in Python: Django's Swedish number formatting would turn
172.5 into "172,5" in a template. The page shows the same content as a list beside it."""

import textwrap

from django.utils.html import escape
from django.utils.translation import gettext as _

from focusareas.models import Cause

WIDTH = 1000
SPINE_START, SPINE_END = 20, 760
RIB_GAP = 30
MAX_CHARS = 28
# side, x where the bone meets the spine, above (-1) or below (1) the spine, stroke colour
BONES = [
    (Cause.Side.OFFENDER, 400, -1, "#8a2a0a"),
    (Cause.Side.VICTIM, 720, -1, "#0b5394"),
    (Cause.Side.PLACE, 560, 1, "#2e6b1f"),
]


def _n(value: float) -> str:
    return f"{value:.1f}"


def _short(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1].rstrip() + "…"


def _length(count: int) -> int:
    return max(2, count) * RIB_GAP + 40


def svg(problem: str, causes, *, element_id: str = "fishbone") -> str:
    by_side = {side: [c for c in causes if c.side == side] for side in Cause.Side.values}
    up = max(_length(len(by_side[s])) for s, _x, d, _c in BONES if d < 0)
    down = max(_length(len(by_side[s])) for s, _x, d, _c in BONES if d > 0)
    label_room = 30
    mid = label_room + up
    height = mid + down + label_room
    labels = dict(Cause.Side.choices)
    description = [_("Problemet: %(p)s.") % {"p": problem}]
    out = [
        f'<svg class="fishbone" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{element_id}-title {element_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{element_id}-title">{escape(_("Fiskbensdiagram över orsakerna"))}</title>',
        None,  # the description, filled in below once every cause is listed
        f'<line x1="{SPINE_START}" y1="{mid}" x2="{SPINE_END}" y2="{mid}" stroke="#1d2733" stroke-width="4"/>',
    ]
    for side, x, direction, colour in BONES:
        items = by_side[side]
        length = _length(len(items))
        dx = length * 0.45
        end_x, end_y = x - dx, mid + direction * length
        out.append(f'<line x1="{x}" y1="{mid}" x2="{_n(end_x)}" y2="{_n(end_y)}" stroke="{colour}" stroke-width="3"/>')
        label_y = end_y - 10 if direction < 0 else end_y + 22
        out.append(
            f'<text x="{_n(end_x)}" y="{_n(label_y)}" text-anchor="middle" font-weight="700" '
            f'font-size="16" fill="{colour}">{escape(labels[side])}</text>'
        )
        names = [c.text for c in items]
        description.append(
            _("%(side)s: %(causes)s.") % {"side": labels[side], "causes": "; ".join(names) or _("inga orsaker")}
        )
        if not items:
            t = 0.5
            px, py = end_x + (x - end_x) * t, end_y + (mid - end_y) * t
            out.append(
                f'<text x="{_n(px - 10)}" y="{_n(py + 4)}" text-anchor="end" font-size="13" font-style="italic" '
                f'fill="#4a5561">{escape(_("Inga orsaker ännu"))}</text>'
            )
        # the first cause nearest the bone's outer end, the rest towards the spine
        for i, cause in enumerate(items):
            t = (i + 1) / (len(items) + 1)
            px, py = end_x + (x - end_x) * t, end_y + (mid - end_y) * t
            out.append(
                f'<line x1="{_n(px - 18)}" y1="{_n(py)}" x2="{_n(px)}" y2="{_n(py)}" '
                f'stroke="{colour}" stroke-width="2"/>'
            )
            out.append(
                f'<text x="{_n(px - 22)}" y="{_n(py + 4)}" text-anchor="end" font-size="13" fill="#1d2733">'
                f"<title>{escape(cause.text)}</title>{escape(_short(cause.text))}</text>"
            )
    lines = textwrap.wrap(problem, 24)[:6] or [""]
    if len(textwrap.wrap(problem, 24)) > 6:
        lines[-1] = lines[-1][:23] + "…"
    box_h = len(lines) * 18 + 20
    out.append(
        f'<rect x="{SPINE_END}" y="{_n(mid - box_h / 2)}" width="{WIDTH - SPINE_END - 10}" height="{box_h}" '
        f'rx="8" fill="#e8f0fa" stroke="#1d2733" stroke-width="2"/>'
    )
    first_y = mid - box_h / 2 + 24
    for i, line in enumerate(lines):
        out.append(
            f'<text x="{_n(SPINE_END + 12)}" y="{_n(first_y + i * 18)}" font-size="14" font-weight="700" '
            f'fill="#1d2733">{escape(line)}</text>'
        )
    out[2] = f'<desc id="{element_id}-desc">{escape(" ".join(description))}</desc>'
    out.append("</svg>")
    return "\n".join(out)
