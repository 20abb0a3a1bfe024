"""Status reports (lägesrapporter): the overview, request, remind and PDF are collaboration pages;
the requests and answers belong to the organisation (reporter.lomma works for Fritidsgårdarna i
Lomma, whose report is asked for here), coordinators, police liaisons and admins answer on its
behalf, and member.lomma (no organisation) may not answer it."""

import datetime

from django.utils import timezone

from tests.authz import (
    API_COLLAB_EDITORS,
    API_COLLAB_VIEWERS,
    API_UNAUTHORISED,
    COLLAB_EDITORS,
    COLLAB_VIEWERS,
    LOGIN,
    REPORTERS,
    expect,
)

ANSWERERS = dict(anonymous=LOGIN, member=403, reader=403, outsider=404)

PAGES = {
    "statusreports:mine": ("get", expect(200, **REPORTERS)),
    "statusreports:submit": ("get", expect(200, **ANSWERERS)),
    "statusreports:meeting": ("get", expect(200, **COLLAB_VIEWERS)),
    "statusreports:request": ("post", expect(302, **COLLAB_EDITORS)),
    "statusreports:remind": ("post", expect(302, **COLLAB_EDITORS)),
    "statusreports:papers_pdf": ("get", expect(200, **COLLAB_VIEWERS)),
}

API = {
    ("get", "/api/v1/meetings/{meeting_id}/status-reports"): expect(200, **API_COLLAB_VIEWERS),
    ("post", "/api/v1/meetings/{meeting_id}/status-reports/request"): expect(200, **API_COLLAB_EDITORS),
    ("post", "/api/v1/status-reports/{report_id}"): expect(
        200, anonymous=API_UNAUTHORISED, member=403, reader=403, outsider=404
    ),
}


def setup(world, user, lomma):
    from forums.models import Forum, ForumMember, Meeting
    from statusreports import services
    from tenancy.models import Organisation

    forum = Forum.objects.create(municipality=lomma, name="Authz: samverkansgrupp", status_report_days=3)
    for name in ("Fritidsgårdarna i Lomma", "Skolorna i Lomma"):
        organisation = Organisation.objects.get(municipality=lomma, name=name)
        ForumMember.objects.create(forum=forum, role_title="Representant", organisation=organisation)
    starts = timezone.now() + datetime.timedelta(days=10)
    meeting = Meeting.objects.create(forum=forum, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    services.request_reports(meeting, user("coordinator.lomma"))
    world["sr_meeting"] = meeting
    world["sr_report"] = meeting.status_reports.get(organisation__name="Fritidsgårdarna i Lomma")


def url_kwargs(name, world):
    if name == "statusreports:submit":
        return {"report_id": world["sr_report"].pk}
    if name in ("statusreports:meeting", "statusreports:request", "statusreports:remind", "statusreports:papers_pdf"):
        return {"meeting_id": world["sr_meeting"].pk}
    return None


def api_request(method, path, world):
    if "{meeting_id}" in path and "status-reports" in path:
        return path.replace("{meeting_id}", str(world["sr_meeting"].pk)), None
    if path == "/api/v1/status-reports/{report_id}":
        body = {"situation": "Lugnt på fritidsgårdarna.", "needs": "Fler vuxna ute på fredagar."}
        return path.replace("{report_id}", str(world["sr_report"].pk)), body
    return None
