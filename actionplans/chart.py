"""A series goal's monthly values as a small bar chart on the plan page: from the start of the
baseline period to the last whole month (at most three years), with the baseline and the target
as lines. Drawn on the server as SVG (templates/actionplans/_series_chart.html); the same values
are in a table beside it for screen readers and for anyone who wants the numbers."""

import datetime
from dataclasses import dataclass

from actionplans import indicators

MAX_MONTHS = 36
WIDTH, HEIGHT = 420, 130  # drawn at 330–640 px: the labels stay readable on a phone
LEFT, BOTTOM, TOP = 34, 22, 10  # room for the value axis, the year labels and the top line


@dataclass
class Bar:
    month: datetime.date
    value: int
    x: float
    y: float
    width: float
    height: float
    label: str  # the year under January and under the first bar, else ""


def _y(value: float, top: float) -> float:
    return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * value / top


def series_chart(goal, today: datetime.date) -> dict | None:
    """The chart's geometry, or None for a goal without a series or a baseline period."""
    if not indicators.is_series(goal) or not goal.baseline_from:
        return None
    last = indicators.add_months(indicators.month_start(today), -1)
    first = max(indicators.month_start(goal.baseline_from), indicators.add_months(last, -(MAX_MONTHS - 1)))
    if first > last:
        return None
    series = indicators.monthly_series(goal, first, last)
    if not series:
        return None
    baseline = float(goal.baseline) if goal.baseline is not None else None
    target = float(goal.target) if goal.target is not None else None
    top = max([n for _m, n in series] + [v for v in (baseline, target) if v is not None] + [1])
    slot = (WIDTH - LEFT) / len(series)
    bars = []
    for i, (month, value) in enumerate(series):
        y = _y(value, top)
        bars.append(
            Bar(
                month=month,
                value=value,
                x=round(LEFT + i * slot + slot * 0.15, 1),
                y=round(y, 1),
                width=round(slot * 0.7, 1),
                height=round(HEIGHT - BOTTOM - y, 1),
                label=str(month.year) if i == 0 or month.month == 1 else "",
            )
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "tick_x": LEFT - 4,
        "axis_y": HEIGHT - BOTTOM,
        "label_y": HEIGHT - 6,
        "top": top,
        "top_label_y": TOP + 4,
        "bars": bars,
        "baseline": baseline,
        "baseline_y": round(_y(baseline, top), 1) if baseline is not None else None,
        "target": target,
        "target_y": round(_y(target, top), 1) if target is not None else None,
    }
