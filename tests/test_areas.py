import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from areas.models import Area
from audit.models import AuditEntry
from incidents.models import Incident

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[13.060, 55.670], [13.075, 55.670], [13.075, 55.678], [13.060, 55.678], [13.060, 55.670]]],
}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def feature(name, geometry=SQUARE, **props):
    return {"type": "Feature", "properties": {"name": name, **props}, "geometry": geometry}


def upload(client, data, **extra):
    f = SimpleUploadedFile("omraden.geojson", json.dumps(data).encode(), content_type="application/geo+json")
    return client.post("/k/1262/omraden/", {"import": "1", "file": f, "kind": "school", **extra})


def test_it_imports_areas_and_reassigns_reports(login, report, django_capture_on_commit_callbacks):
    incident = report(lat=55.674, lon=13.068)
    assert incident.area.name == "Lomma tätort"
    with django_capture_on_commit_callbacks(execute=True):
        r = upload(login("coordinator.lomma"), collection(feature("Centrumskolans upptagningsområde")))
    assert r.status_code == 302
    area = Area.objects.get(name="Centrumskolans upptagningsområde")
    assert area.kind == "school"
    incident.refresh_from_db()
    assert incident.area == area  # the smallest containing area wins, reassigned by the task
    assert AuditEntry.objects.filter(object_type="areas.area", object_id=str(area.pk), action="create").exists()


def test_it_imports_nothing_when_one_feature_is_bad(login, lomma):
    before = Area.objects.filter(municipality=lomma).count()
    outside = {"type": "Polygon", "coordinates": [[[18.0, 59.3], [18.1, 59.3], [18.1, 59.4], [18.0, 59.3]]]}
    r = upload(
        login("coordinator.lomma"),
        collection(
            feature("Bra område"),
            feature("", SQUARE),
            feature("Stockholm", outside),
            feature("Trasig", {"type": "Point", "coordinates": [13, 55]}),
        ),
    )
    assert r.status_code == 422
    body = r.content.decode()
    assert "Inget importerades" in body
    assert "Objekt 2" in body and "Objekt 3" in body and "Objekt 4" in body
    assert "ligger utanför Lomma" in body
    assert Area.objects.filter(municipality=lomma).count() == before


def test_it_rejects_a_file_that_is_not_geojson(login):
    client = login("coordinator.lomma")
    f = SimpleUploadedFile("x.geojson", b"not json")
    r = client.post("/k/1262/omraden/", {"import": "1", "file": f, "kind": "district"})
    assert r.status_code == 422 and "inte giltig JSON" in r.content.decode()


def test_it_updates_an_area_with_the_same_name(login, lomma):
    client = login("coordinator.lomma")
    upload(client, collection(feature("Hamnen")))
    upload(client, collection(feature("Hamnen", population=1234)))
    assert Area.objects.get(municipality=lomma, name="Hamnen").population == 1234


def test_command_imports_uppsala_deso(db, settings):
    from tenancy.models import Municipality

    uppsala = Municipality.objects.get(code="0380")
    Area.objects.filter(municipality=uppsala).delete()
    call_command(
        "import_areas",
        "0380",
        str(settings.DATA_DIR / "geo" / "deso_uppsala_region_sample.geojson"),
        "--kind",
        "deso",
        "--name-property",
        "deso",
        "--filter-property",
        "kommunkod",
        "--filter-value",
        "0380",
        verbosity=0,
    )
    areas = Area.objects.filter(municipality=uppsala)
    assert areas.count() > 100 and all(a.name.startswith("0380") for a in areas)
    assert areas.exclude(population=None).exists()


def test_command_fails_cleanly(db, tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": null}]}'
    )
    with pytest.raises(CommandError):
        call_command("import_areas", "1262", str(bad), verbosity=0)


def test_it_adds_and_removes_places(login, lomma):
    client = login("coordinator.lomma")
    r = client.post("/k/1262/omraden/", {"place": "1", "name": "Skateparken", "lat": "55.6740", "lon": "13.0700"})
    assert r.status_code == 302
    place = lomma.places.get(name="Skateparken")
    assert place.area.name == "Lomma tätort"
    r = client.post("/k/1262/omraden/", {"place": "1", "name": "Skateparken", "lat": "59", "lon": "18"})
    assert r.status_code == 422 and "redan en plats" in r.content.decode() and "utanför kommunen" in r.content.decode()
    client.post(f"/k/1262/platser/{place.pk}/ta-bort/")
    assert not lomma.places.filter(name="Skateparken").exists()
    assert AuditEntry.objects.filter(object_type="areas.place", action="delete").exists()


def test_deleting_an_area_clears_it_from_reports(login, report, lomma):
    incident = report()
    area = incident.area
    login("coordinator.lomma").post(f"/k/1262/omraden/{area.pk}/ta-bort/")
    incident.refresh_from_db()
    assert incident.area is None
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_feature_kind_overrides_the_chosen_kind(lomma):
    assert lomma.areas.get(name="Alnarp").kind == "village"
    assert lomma.areas.get(name="Bjärred").kind == "district"
