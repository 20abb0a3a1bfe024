"""Formatting of the report content (ISO dates, JSON numbers) the Swedish way, shared by the
pages and the PDF; the Word exporter calls the same functions."""

from django import template

from samtrygg.dates import format_date

register = template.Library()


@register.filter
def sv_date(iso) -> str:
    """'2026-09-30' → '30 september 2026'; nothing → '–'."""
    return format_date(iso) if iso else "–"


@register.filter
def sv_num(value) -> str:
    """12.5 → '12,5'; nothing → '–' (Swedish decimal comma)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return str(value)
