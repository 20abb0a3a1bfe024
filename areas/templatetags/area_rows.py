"""The lägesbild's table per area: the areas with events first, the rest folded away."""

from django import template

register = template.Library()


@register.filter
def split_by_events(rows) -> dict:
    """{"with": rows that carry events (in their order), "without": the other areas, "source":
    the population's source and year when every area with a population has the same (said once
    under the table), else None (said in each row)}. The row for what lies in no area (id None)
    is kept only when it has events."""
    rows = rows or []
    sources = {
        (r.get("population_source") or "", r.get("population_year"))
        for r in rows
        if r.get("id") is not None and r.get("population") is not None
    }
    source = None
    if len(sources) == 1:
        text, year = sources.pop()
        source = f"{text}, {year}" if text and year else text or (str(year) if year else "")
    return {
        "with": [r for r in rows if r.get("total")],
        "without": [r for r in rows if not r.get("total") and r.get("id") is not None],
        "source": source,
    }
