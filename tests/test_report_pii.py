"""Personal data in EST reports stays with the reviewing coordinators: masked by default in
what is stored, the original kept apart until the review (at most 30 days) and shown only to
the municipality's coordinators (and the author while the report is new)."""

import csv
import importlib
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEntry
from incidents.models import Incident
from tenancy.models import Membership
from tests.authz import ROLES, USERS

pytestmark = pytest.mark.django_db

TEXT = "Lisa Berg 070-123 45 67 klottrade vid Lindholm."
MASKED = "[namn] [telefonnummer] klottrade vid [namn]."
SECRETS = ("Lisa", "070-123", "45 67")


def form(**kw):
    data = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "lat": "55.7175",
        "lon": "13.0245",
        "category": "skadegorelse-klotter",
        "description": TEXT,
        "confirm_new": "1",
    }
    data.update(kw)
    return data


def post_api(client, **kw):
    data = {
        "municipality": "1262",
        "occurred_at": (timezone.now() - timezone.timedelta(hours=1)).isoformat(),
        "lat": 55.7175,
        "lon": 13.0245,
        "category": "skadegorelse-klotter",
        "description": TEXT,
    }
    data.update(kw)
    return client.post("/api/v1/incidents", json.dumps(data), content_type="application/json")


@pytest.fixture
def member(db, lomma, django_user_model):
    user = django_user_model.objects.create_user("member.lomma", password="x")
    Membership.objects.create(user=user, municipality=lomma, role="member")
    return user


def test_it_masks_by_default_on_the_form(login):
    r = login("reporter.lomma").post("/k/1262/rapportera/", form())
    assert r.status_code == 302
    incident = Incident.objects.get()
    assert incident.description == MASKED and incident.description_original == TEXT
    assert [(f["kind"], f["masked"]) for f in incident.pii] == [("name", True), ("phone", True), ("name", True)]


def test_it_masks_by_default_in_the_api_whatever_mask_pii_says(api):
    r = post_api(api("reporter.lomma"), mask_pii=False)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["description"] == MASKED and not body["description_is_original"]
    for f in body["pii"]:
        assert body["description"][f["start"] : f["end"]].startswith("[") and f["masked"]
    assert Incident.objects.get().description_original == TEXT


def test_confirming_one_finding_keeps_exactly_that_one(login, api):
    login("reporter.lomma").post("/k/1262/rapportera/", form(not_pii="Lindholm"))
    r = post_api(api("reporter.lomma"), not_pii=["Lindholm"])
    expected = "[namn] [telefonnummer] klottrade vid Lindholm."
    for incident in Incident.objects.order_by("pk"):
        assert incident.description == expected
        assert [f["masked"] for f in incident.pii] == [True, True, False]
    [*_, kept] = r.json()["pii"]
    assert expected[kept["start"] : kept["end"]] == "Lindholm" and not kept["masked"]


def test_a_personnummer_is_always_masked(api, login):
    r = post_api(api("reporter.lomma"), description="Personnummer 811228-9874 tappades.", not_pii=["811228-9874"])
    assert r.status_code == 422 and "maskeras alltid" in r.json()["errors"]["not_pii"][0]
    body = login("reporter.lomma").post(
        "/k/1262/rapportera/personuppgifter/", {"description": "Personnummer 811228-9874 tappades."}
    )
    assert 'name="not_pii"' not in body.content.decode() and "maskeras alltid" in body.content.decode()


def test_confirming_what_was_not_found_is_a_clear_error(api):
    r = post_api(api("reporter.lomma"), not_pii=["Lindholmen"])
    assert r.status_code == 422 and "”Lindholmen” finns inte bland det som hittades" in r.json()["errors"]["not_pii"][0]
    assert not Incident.objects.exists()


def test_the_live_check_lists_each_finding_with_its_own_box(login):
    client = login("reporter.lomma")
    body = client.post("/k/1262/rapportera/personuppgifter/", {"description": TEXT}).content.decode()
    assert body.count('type="checkbox" name="not_pii"') == 3
    assert '<span class="pii-found">”Lisa Berg”</span> (namn): Detta är inte en personuppgift' in body
    body = client.post(
        "/k/1262/rapportera/personuppgifter/", {"description": TEXT + " Igen Lindholm.", "not_pii": ["Lindholm"]}
    ).content.decode()
    assert body.count('name="not_pii"') == 3  # the second Lindholm is the same finding
    assert 'value="Lindholm" id="not-pii-3" checked' in body and body.count("checked") == 1


def test_a_form_sent_back_keeps_the_ticked_boxes(login):
    r = login("reporter.lomma").post("/k/1262/rapportera/", form(category="", not_pii="Lindholm"))
    assert r.status_code == 422
    assert 'value="Lindholm" id="not-pii-3" checked' in r.content.decode()


@pytest.mark.parametrize("username", ["reader.lomma", "member.lomma", "police.kavlinge"])
def test_others_see_the_masked_text_only(username, login, api, report, member):
    incident = report(description=TEXT)
    pages = [login(username).get(f"/k/1262/handelser/{incident.pk}/"), login(username).get("/k/1262/handelser/")]
    client = api(username)
    answers = [client.get(f"/api/v1/incidents/{incident.pk}"), client.get("/api/v1/incidents?municipality=1262")]
    answers.append(client.get("/api/v1/incidents/map?municipality=1262"))
    assert MASKED in pages[0].content.decode() and "[namn] [telefonnummer]" in pages[1].content.decode()
    assert answers[0].json()["description"] == MASKED
    assert answers[1].json()["items"][0]["description"] == MASKED
    for r in pages + answers:
        assert r.status_code == 200 and not any(s in r.content.decode() for s in SECRETS)


def test_another_reporter_does_not_see_the_report(login, api, report, lomma, django_user_model):
    other = django_user_model.objects.create_user("reporter2.lomma", password="x")
    Membership.objects.create(user=other, municipality=lomma, role="reporter")
    incident = report(description=TEXT)
    assert login("reporter2.lomma").get(f"/k/1262/handelser/{incident.pk}/").status_code == 404
    assert api("reporter2.lomma").get("/api/v1/incidents").json()["count"] == 0


@pytest.mark.parametrize("username", ["coordinator.lomma", "police.kavlinge"])
def test_exports_carry_the_masked_text_only(username, login, report):
    report(description=TEXT)
    client = login(username)
    rows = list(
        csv.reader(io.StringIO(client.get("/k/1262/handelser/export.csv").content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][7] == MASKED
    sheet = load_workbook(io.BytesIO(client.get("/k/1262/handelser/export.xlsx").content)).active
    assert sheet["H2"].value == MASKED


def test_the_coordinator_sees_the_original_marked_until_the_review(login, api, report, user):
    incident = report(description=TEXT)
    client = login("coordinator.lomma")
    body = client.get(f"/k/1262/handelser/{incident.pk}/").content.decode()
    assert "Originaltext – innehåller personuppgifter" in body and TEXT in body and MASKED in body
    assert TEXT not in client.get("/k/1262/handelser/").content.decode()  # the list shows the masked text
    answer = api("coordinator.lomma").get(f"/api/v1/incidents/{incident.pk}").json()
    assert answer["description"] == TEXT and answer["description_is_original"]
    assert [TEXT[f["start"] : f["end"]] for f in answer["pii"]] == ["Lisa Berg", "070-123 45 67", "Lindholm"]
    assert api("coordinator.lomma").get("/api/v1/incidents").json()["items"][0]["description"] == TEXT

    client.post(f"/k/1262/handelser/{incident.pk}/", {"action": "accept"})
    incident.refresh_from_db()
    assert incident.description_original == "" and incident.description == MASKED
    assert all("original_start" not in f for f in incident.pii)
    assert TEXT not in client.get(f"/k/1262/handelser/{incident.pk}/").content.decode()
    assert api("coordinator.lomma").get(f"/api/v1/incidents/{incident.pk}").json()["description"] == MASKED


@pytest.mark.parametrize(
    "decision",
    [
        {"action": "reject", "reason": "Inte en EST-händelse."},
        {"action": "recategorise", "category": "brand"},
        {"action": "mask"},
        {"action": "merge"},
    ],
)
def test_every_review_decision_deletes_the_original(decision, login, report):
    target, incident = report(), report(description=TEXT)
    if decision["action"] == "merge":
        decision = {"action": "merge", "merge_into": target.pk}
    login("coordinator.lomma").post(f"/k/1262/handelser/{incident.pk}/", decision)
    incident.refresh_from_db()
    assert incident.status != "new" or decision["action"] == "mask"
    assert incident.description_original == ""


def test_the_author_sees_the_original_while_the_report_is_new(login, api, report, user):
    from incidents import services

    incident = report(description=TEXT)
    client = login("reporter.lomma")
    assert TEXT in client.get(f"/k/1262/handelser/{incident.pk}/").content.decode()
    # the API answers every role but the coordinators with the masked text, the author too
    assert api("reporter.lomma").get(f"/api/v1/incidents/{incident.pk}").json()["description"] == MASKED
    services.accept(incident, user("coordinator.lomma"))
    body = client.get(f"/k/1262/handelser/{incident.pk}/").content.decode()
    assert MASKED in body and "Lisa" not in body


def test_masking_in_review_also_masks_what_the_reporter_confirmed(login, report):
    incident = report(description=TEXT, not_pii=["Lindholm"])
    body = login("coordinator.lomma").get(f"/k/1262/handelser/{incident.pk}/").content.decode()
    assert "”Lindholm” (namn)" in body
    login("coordinator.lomma").post(f"/k/1262/handelser/{incident.pk}/", {"action": "mask"})
    incident.refresh_from_db()
    assert incident.description == MASKED and incident.description_original == ""
    assert [f["masked"] for f in incident.pii] == [True, True, True]
    assert [MASKED[f["start"] : f["end"]] for f in incident.pii] == ["[namn]", "[telefonnummer]", "[namn]"]


def test_the_daily_command_clears_originals_older_than_30_days(report):
    old, recent = report(description=TEXT), report(description=TEXT)
    now = timezone.now()
    Incident.objects.filter(pk=old.pk).update(created_at=now - timezone.timedelta(days=30, minutes=1))
    Incident.objects.filter(pk=recent.pk).update(created_at=now - timezone.timedelta(days=29, hours=23))
    call_command("mask_pii_originals", verbosity=0)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.description_original == "" and old.description == MASKED
    assert recent.description_original == TEXT
    entries = AuditEntry.objects.filter(object_type="incidents.incident", object_id=str(old.pk))
    assert entries.filter(changes__original_kept=[True, False]).exists()


def test_an_expired_original_is_not_shown_even_before_the_command_ran(api, report):
    incident = report(description=TEXT)
    Incident.objects.filter(pk=incident.pk).update(created_at=timezone.now() - timezone.timedelta(days=31))
    assert api("coordinator.lomma").get(f"/api/v1/incidents/{incident.pk}").json()["description"] == MASKED


def test_the_audit_log_never_holds_the_original(login, report, user):
    from incidents import services

    first, second = report(description=TEXT), report(description=TEXT, not_pii=["Lindholm"])
    services.accept(first, user("coordinator.lomma"))
    login("coordinator.lomma").post(f"/k/1262/handelser/{second.pk}/", {"action": "mask"})
    third = report(description=TEXT)
    Incident.objects.filter(pk=third.pk).update(created_at=timezone.now() - timezone.timedelta(days=40))
    call_command("mask_pii_originals", verbosity=0)
    entries = AuditEntry.objects.filter(object_type="incidents.incident")
    assert entries.count() >= 6
    for entry in entries:
        text = json.dumps(entry.changes, ensure_ascii=False)
        assert not any(s in text for s in SECRETS + ("Lindholm",)), text


def test_the_migration_masks_existing_reports_and_keeps_the_original(report):
    from django.apps import apps

    incident = report(description="Klotter på väggen.")
    # a report saved before masking became the default: the finding left in the text
    Incident.objects.filter(pk=incident.pk).update(
        description=TEXT, description_original="", pii=[{"kind": "phone", "start": 10, "end": 23, "label": "x"}]
    )
    migration = importlib.import_module("incidents.migrations.0003_mask_existing_descriptions")
    migration.mask_existing(apps, None)
    incident.refresh_from_db()
    assert incident.description == MASKED and incident.description_original == TEXT
    assert [TEXT[f["original_start"] : f["original_end"]] for f in incident.pii][1] == "070-123 45 67"


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_only_the_municipalitys_coordinators_and_admins_get_the_original(role, api, report, member):
    """The authorization matrix of "view_report_original", over the API (the reporter is the author)."""
    incident = report(description=TEXT)
    r = api(USERS[role]).get(f"/api/v1/incidents/{incident.pk}")
    if role == "outsider":
        assert r.status_code == 404
    else:
        assert r.json()["description"] == (TEXT if role in ("admin", "coordinator") else MASKED), role
