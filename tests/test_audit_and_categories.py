import pytest
from django.core.management import call_command

from audit.models import AuditEntry
from incidents.models import Incident, IncidentCategory
from tenancy.models import Municipality

pytestmark = pytest.mark.django_db


def test_audit_log_shows_changes_to_coordinators(login, report, user):
    from incidents import services

    incident = report()
    services.accept(incident, user("coordinator.lomma"))
    body = login("coordinator.lomma").get("/k/1262/logg/?typ=incidents.incident").content.decode()
    assert "reporter.lomma" in body and "coordinator.lomma" in body and "Ändrad" in body


def test_audit_log_is_per_municipality(login, report):
    report()
    body = login("coordinator.hoor").get("/k/1267/logg/").content.decode()
    assert "reporter.lomma" not in body


def test_it_adds_renames_and_retires_categories(login, lomma):
    client = login("coordinator.lomma")
    client.post("/k/1262/kategorier/", {"name": "Fyrverkerier"})
    category = IncidentCategory.objects.get(municipality=lomma, name="Fyrverkerier")
    assert category.slug == "fyrverkerier"
    client.post("/k/1262/kategorier/", {"category": category.pk, "name": "Fyrverkerier/smällare"})
    client.post("/k/1262/kategorier/", {"category": category.pk, "toggle": "1"})
    category.refresh_from_db()
    assert category.name == "Fyrverkerier/smällare" and not category.active
    assert "Fyrverkerier" not in client.get("/k/1262/rapportera/").content.decode()
    assert AuditEntry.objects.filter(object_type="incidents.incidentcategory", object_id=str(category.pk)).count() == 3


def test_empty_category_name_is_refused(login):
    r = login("coordinator.lomma").post("/k/1262/kategorier/", {"name": ""})
    assert r.status_code == 422 and "Ange kategorins namn." in r.content.decode()


def test_categories_of_another_municipality_are_404(login):
    other = IncidentCategory.objects.filter(municipality__code="1267").first()
    r = login("coordinator.lomma").post("/k/1262/kategorier/", {"category": other.pk, "toggle": "1"})
    assert r.status_code == 404


def test_all_290_municipalities_are_loaded():
    assert Municipality.objects.count() == 290
    lomma = Municipality.objects.get(code="1262")
    assert lomma.name == "Lomma" and lomma.county_name == "Skåne län"
    assert IncidentCategory.objects.filter(municipality=lomma).count() == 13


def test_demo_is_idempotent(db):
    def counts():
        return (
            Municipality.objects.count(),
            IncidentCategory.objects.count(),
            AuditEntry.objects.count(),
            Incident.objects.count(),
        )

    call_command("load_demo", incidents=5, verbosity=0)
    first = counts()
    call_command("load_demo", incidents=5, verbosity=0)
    assert counts() == first


def test_audit_log_shows_structured_changes(login, lomma):
    from audit import log as audit

    audit.record(
        None,
        "import",
        municipality=lomma,
        object_type="policedata.policeevent",
        changes={"errors": [], "types": ["Brand", "Stöld"], "counts": {"created": 2}},
    )
    body = login("coordinator.lomma").get("/k/1262/logg/").content.decode()
    assert "Brand" in body
