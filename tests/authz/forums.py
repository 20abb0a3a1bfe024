"""Forums and meetings: read with view_collaboration, written with edit_collaboration. Empty forms
answer 422 (re-rendered with errors); actions without a form redirect back."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.authz import API_COLLAB_VIEWERS, API_UNAUTHORISED, COLLAB_EDITORS, COLLAB_VIEWERS, expect

PAGES = {
    "forums:index": ("get", expect(200, **COLLAB_VIEWERS)),
    "forums:calendar": ("get", expect(200, **COLLAB_VIEWERS)),
    "forums:detail": ("get", expect(200, **COLLAB_VIEWERS)),
    "forums:meeting": ("get", expect(200, **COLLAB_VIEWERS)),
    "forums:paper": ("get", expect(200, **COLLAB_VIEWERS)),
    "forums:create": ("get", expect(200, **COLLAB_EDITORS)),
    "forums:edit": ("get", expect(200, **COLLAB_EDITORS)),
    "forums:agenda_edit": ("get", expect(200, **COLLAB_EDITORS)),
    "forums:member_add": ("post", expect(422, **COLLAB_EDITORS)),
    "forums:meeting_add": ("post", expect(422, **COLLAB_EDITORS)),
    "forums:meeting_move": ("post", expect(422, **COLLAB_EDITORS)),
    "forums:meeting_cancel": ("post", expect(422, **COLLAB_EDITORS)),
    "forums:agenda_add": ("post", expect(422, **COLLAB_EDITORS)),
    "forums:paper_upload": ("post", expect(422, **COLLAB_EDITORS)),
    "forums:decision_add": ("post", expect(422, **COLLAB_EDITORS)),
    "forums:action_add": ("post", expect(422, **COLLAB_EDITORS)),
    "forums:member_remove": ("post", expect(302, **COLLAB_EDITORS)),
    "forums:generate": ("post", expect(302, **COLLAB_EDITORS)),
    "forums:meeting_held": ("post", expect(302, **COLLAB_EDITORS)),
    "forums:meeting_invite": ("post", expect(302, **COLLAB_EDITORS)),
    "forums:agenda_delete": ("post", expect(302, **COLLAB_EDITORS)),
    "forums:agenda_move": ("post", expect(302, **COLLAB_EDITORS)),
    "forums:meeting_picture": ("post", expect(302, **COLLAB_EDITORS)),
    "forums:paper_delete": ("post", expect(302, **COLLAB_EDITORS)),
    "forums:minutes": ("post", expect(302, **COLLAB_EDITORS)),
    "forums:decision_delete": ("post", expect(302, **COLLAB_EDITORS)),
    "forums:action_done": ("post", expect(302, **COLLAB_EDITORS)),
    "forums:action_delete": ("post", expect(302, **COLLAB_EDITORS)),
    "forums:attendance": ("post", expect(302, **COLLAB_EDITORS)),
}

API = {
    ("get", "/api/v1/forums"): expect(200, **API_COLLAB_VIEWERS),
    ("get", "/api/v1/forums/{forum_id}"): expect(200, **API_COLLAB_VIEWERS),
    ("get", "/api/v1/forums/{forum_id}/meetings"): expect(200, **API_COLLAB_VIEWERS),
    ("get", "/api/v1/meetings/{meeting_id}"): expect(200, **API_COLLAB_VIEWERS),
    ("get", "/api/v1/forums/{forum_id}/calendar.ics"): expect(200, **API_COLLAB_VIEWERS),
    # the user's own meetings: every signed-in user has a (possibly empty) calendar
    ("get", "/api/v1/calendar.ics"): expect(200, anonymous=API_UNAUTHORISED),
}


def setup(world, user, lomma):
    from forums import meetings, services
    from forums.models import MeetingPaper

    coordinator = user("coordinator.lomma")
    forum = services.create_forum(lomma, coordinator, name="Authz: trygghetsråd", cadence="monthly")
    member = services.add_member(forum, coordinator, name="Kim Polis", email="kim@example.org", role_title="Polis")
    starts = timezone.now() + datetime.timedelta(days=10)
    meeting = meetings.add_meeting(forum, coordinator, starts_at=starts)
    item = meetings.add_agenda_item(meeting, coordinator, title="Lägesbild")
    meetings.add_agenda_item(meeting, coordinator, title="Övrigt")
    decision = meetings.add_decision(meeting, coordinator, "Beslut")
    action = meetings.add_action_item(
        meeting, coordinator, text="Uppdrag", owner="Samordnaren", due_date=datetime.date(2027, 1, 1)
    )
    paper = MeetingPaper(meeting=meeting, title="Underlag", uploaded_by=coordinator)
    paper.file.save("underlag.txt", ContentFile(b"Underlag"), save=True)
    world.update(
        forum=forum,
        forum_member=member,
        meeting=meeting,
        agenda_item=item,
        decision=decision,
        action_item=action,
        paper=paper,
    )


def url_kwargs(name, world):
    if not name.startswith("forums:"):
        return None
    keys = {
        "forum_id": ("detail", "edit", "member_add", "member_remove", "generate", "meeting_add"),
        "meeting_id": (
            "meeting",
            "meeting_move",
            "meeting_cancel",
            "meeting_held",
            "meeting_invite",
            "agenda_add",
            "meeting_picture",
            "paper_upload",
            "minutes",
            "decision_add",
            "action_add",
            "attendance",
        ),
        "item_id": ("agenda_edit", "agenda_delete", "agenda_move", "action_done", "action_delete"),
        "paper_id": ("paper", "paper_delete"),
        "decision_id": ("decision_delete",),
    }
    short = name.split(":", 1)[1]
    kwargs = {}
    for key, names in keys.items():
        if short in names:
            if key == "forum_id":
                kwargs[key] = world["forum"].pk
            elif key == "meeting_id":
                kwargs[key] = world["meeting"].pk
            elif key == "item_id":
                kwargs[key] = (world["action_item"] if short.startswith("action") else world["agenda_item"]).pk
            elif key == "paper_id":
                kwargs[key] = world["paper"].pk
            else:
                kwargs[key] = world["decision"].pk
    if short == "member_remove":
        kwargs["member_id"] = world["forum_member"].pk
    return kwargs


def api_request(method, path, world):
    if path not in {template for _method, template in API}:
        return None
    path = path.replace("{forum_id}", str(world["forum"].pk)).replace("{meeting_id}", str(world["meeting"].pk))
    if path == "/api/v1/forums":
        path += "?municipality=1262"
    elif path.endswith("/meetings"):
        path += "?year=2027"
    return path, None
