"""Authorization rows for the follow-up reports: read (pages, downloads, API) by everyone with
view_collaboration, politicians (readers) included; reporters get 403, outsiders 404."""

from tests.authz import API_COLLAB_VIEWERS, COLLAB_VIEWERS, expect

PAGES = {
    "reports:index": ("get", expect(200, **COLLAB_VIEWERS)),
    "reports:quarterly": ("get", expect(200, **COLLAB_VIEWERS)),
    "reports:quarterly_pdf": ("get", expect(200, **COLLAB_VIEWERS)),
    "reports:quarterly_docx": ("get", expect(200, **COLLAB_VIEWERS)),
    "reports:yearly": ("get", expect(200, **COLLAB_VIEWERS)),
    "reports:yearly_pdf": ("get", expect(200, **COLLAB_VIEWERS)),
    "reports:yearly_docx": ("get", expect(200, **COLLAB_VIEWERS)),
}
API = {
    ("get", "/api/v1/reports/yearly-follow-up"): expect(200, **API_COLLAB_VIEWERS),
    ("get", "/api/v1/reports/yearly-follow-up.docx"): expect(200, **API_COLLAB_VIEWERS),
    ("get", "/api/v1/reports/yearly-follow-up.pdf"): expect(200, **API_COLLAB_VIEWERS),
    ("get", "/api/v1/reports/quarterly"): expect(200, **API_COLLAB_VIEWERS),
    ("get", "/api/v1/reports/quarterly.docx"): expect(200, **API_COLLAB_VIEWERS),
    ("get", "/api/v1/reports/quarterly.pdf"): expect(200, **API_COLLAB_VIEWERS),
}

REP_YEAR, REP_QUARTER = 2026, 3


def setup(world, user, lomma):
    world["rep_year"], world["rep_quarter"] = REP_YEAR, REP_QUARTER


def url_kwargs(name, world):
    app, _, view = name.partition(":")
    if app != "reports" or view == "index":
        return None
    if view.startswith("quarterly"):
        return {"year": world["rep_year"], "quarter": world["rep_quarter"]}
    return {"year": world["rep_year"]}


def api_request(method, path, world):
    if not path.startswith("/api/v1/reports/"):
        return None
    query = f"?municipality=1262&year={world['rep_year']}"
    if path.startswith("/api/v1/reports/quarterly"):
        query += f"&quarter={world['rep_quarter']}"
    return path + query, None
