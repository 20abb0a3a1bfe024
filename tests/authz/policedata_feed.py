"""The police feed fetcher's status (issue 13): for anyone with police data access somewhere
(coordinators, police liaisons, admins; Höör's coordinator too: the fetcher is one for the
installation and the feed is public)."""

from tests.authz import API_UNAUTHORISED, expect

PAGES = {}

API = {
    ("get", "/api/v1/police-feed/status"): expect(
        200, anonymous=API_UNAUTHORISED, member=403, reporter=403, reader=403
    ),
}
