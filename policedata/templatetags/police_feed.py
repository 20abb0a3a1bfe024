from django import template

from policedata import fetch

register = template.Library()


@register.inclusion_tag("policedata/_feed_status.html")
def police_feed_status():
    """The fetcher's panel on the police data page (the same state as GET /api/v1/police-feed/status)."""
    return {"feed": fetch.status(), "feed_all": fetch.stores_all()}
