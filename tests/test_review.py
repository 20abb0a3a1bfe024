import pytest

from audit.models import AuditEntry
from incidents.models import Incident

pytestmark = pytest.mark.django_db


def review(client, incident, **data):
    return client.post(f"/k/1262/handelser/{incident.pk}/", data)


def test_it_accepts(login, report):
    incident = report()
    r = review(login("coordinator.lomma"), incident, action="accept")
    assert r.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "accepted"
    entry = AuditEntry.objects.filter(
        object_type="incidents.incident", object_id=str(incident.pk), action="update"
    ).get()
    assert entry.actor_name == "coordinator.lomma" and entry.changes["status"] == ["new", "accepted"]


def test_it_rejects_only_with_a_reason(login, report):
    incident = report()
    client = login("coordinator.lomma")
    r = review(client, incident, action="reject", reason="")
    assert r.status_code == 422 and "Skriv varför" in r.content.decode()
    review(client, incident, action="reject", reason="Gäller privat mark.")
    incident.refresh_from_db()
    assert incident.status == "rejected" and incident.review_note == "Gäller privat mark."
    mine = login("reporter.lomma").get("/k/1262/mina-rapporter/").content.decode()
    assert "Avvisad" in mine and "Gäller privat mark." in mine


def test_it_changes_category(login, report):
    incident = report()
    review(login("coordinator.lomma"), incident, action="recategorise", category="ordningsstorning")
    incident.refresh_from_db()
    assert incident.category.slug == "ordningsstorning" and incident.status == "accepted"


def test_it_merges_duplicates(login, report):
    first, second, third = report(), report(), report()
    client = login("coordinator.lomma")
    review(client, third, action="merge", merge_into=second.pk)
    review(client, second, action="merge", merge_into=first.pk)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == "merged" and second.merged_into == first
    assert third.merged_into == first  # followed its target
    r = review(client, first, action="merge", merge_into=first.pk)
    assert "sig själv" in r.content.decode()
    mine = login("reporter.lomma").get("/k/1262/mina-rapporter/").content.decode()
    assert f"Samma händelse som nr {first.pk}" in mine


def test_it_refuses_merging_into_another_municipality(login, report, user):
    from django.utils import timezone

    from incidents import services
    from incidents.models import IncidentCategory
    from tenancy.models import Municipality

    hoor = Municipality.objects.get(code="1267")
    foreign = services.report_incident(
        municipality=hoor,
        actor=user("coordinator.hoor"),
        data={
            "category": IncidentCategory.objects.get(municipality=hoor, slug="brand"),
            "occurred_at": timezone.now(),
            "lat": 55.93,
            "lon": 13.54,
            "description": "Brand i container.",
        },
    )
    incident = report()
    r = review(login("coordinator.lomma"), incident, action="merge", merge_into=foreign.pk)
    assert "Det finns ingen händelse" in r.content.decode()
    incident.refresh_from_db()
    assert incident.status == "new"


def test_it_masks_pii_in_review(login, report):
    incident = report(description="Ring 070-123 45 67 vid Lindholm.", not_pii=["Lindholm"])
    assert incident.description == "Ring [telefonnummer] vid Lindholm."
    review(login("coordinator.lomma"), incident, action="mask")
    incident.refresh_from_db()
    assert incident.description == "Ring [telefonnummer] vid [namn]." and incident.description_original == ""
    assert [f["masked"] for f in incident.pii] == [True, True]


def test_readers_cannot_review(login, report):
    incident = report()
    assert review(login("reader.lomma"), incident, action="accept").status_code == 404
    incident.refresh_from_db()
    assert incident.status == "new"


def test_police_liaison_sees_but_does_not_review(login, report):
    incident = report()
    client = login("police.kavlinge")
    assert client.get(f"/k/1262/handelser/{incident.pk}/").status_code == 200
    assert "Granska" not in client.get(f"/k/1262/handelser/{incident.pk}/").content.decode()
    assert Incident.objects.get(pk=incident.pk).status == "new"
