import datetime

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from accounts.api import API_AUTH
from policedata import fetch
from tenancy.scoping import municipality_ids

router = Router(tags=["policedata"], auth=API_AUTH)


class FeedStatusOut(Schema):
    last_fetch_at: datetime.datetime | None
    last_status: str | None
    last_http_status: int | None
    last_success_at: datetime.datetime | None
    last_changed_at: datetime.datetime | None
    last_created: int | None
    last_updated: int | None
    last_error: str | None
    last_error_at: datetime.datetime | None
    failures_in_a_row: int
    next_attempt_after: datetime.datetime | None
    latest_event_at: datetime.datetime | None
    covered_until: datetime.datetime | None
    all_municipalities: bool


@router.get("/police-feed/status", response=FeedStatusOut, summary="The police feed fetcher's state")
def police_feed_status(request):
    """The last run (any status), the last successful one (new or 304), the last that brought
    anything and its new and changed events, the current error (None once a run succeeded
    again), the backoff, the newest stored event and up to when the fetcher covers the feed
    (the lägesbild's police-event coverage). For anyone with police data access somewhere: the
    fetcher is one for the installation and the feed is public."""
    if not municipality_ids(request.user, "import_police"):
        raise PermissionDenied
    return fetch.status()
