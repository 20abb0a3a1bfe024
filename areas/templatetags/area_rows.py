"""The lägesbild's table per area: the areas with events first, the rest folded away."""

from django import template

register = template.Library()


@register.filter
def split_by_events(rows) -> dict:
    """{"with": rows that carry events (in their order), "without": the other areas}. The row
    for what lies in no area (id None) is kept only when it has events."""
    rows = rows or []
    return {
        "with": [r for r in rows if r.get("total")],
        "without": [r for r in rows if not r.get("total") and r.get("id") is not None],
    }
