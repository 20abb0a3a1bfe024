"""The root-cause analysis: problem, causes by the problem triangle with evidence, the fishbone."""

import pytest

from audit.models import AuditEntry
from focusareas import fishbone, services
from focusareas.models import Cause, CauseAnalysis, Evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def focus(lomma, user):
    return services.create_focus_area(lomma, user("coordinator.lomma"), year=2026, name="Klotter")


def test_it_saves_the_problem_and_adds_edits_and_deletes_causes(focus, login):
    client = login("coordinator.lomma")
    base = f"/k/1262/fokusomraden/{focus.pk}/orsaker/"
    page = client.get(base).content.decode()
    assert "Problemet är inte beskrivet ännu." in page and "<svg" not in page
    response = client.post(base + "problem/", {"problem": ""})
    assert response.status_code == 422 and "Beskriv problemet." in response.content.decode()
    client.post(base + "problem/", {"problem": "Klotter på skolor och vid stationen"})
    analysis = CauseAnalysis.objects.get(focus_area=focus)
    assert analysis.problem == "Klotter på skolor och vid stationen"
    client.post(base + "ny/", {"new-side": "offender", "new-text": "Unga utan fritidssysselsättning"})
    client.post(base + "ny/", {"new-side": "place", "new-text": "Mörka gångtunnlar"})
    response = client.post(base + "ny/", {"new-side": "victim", "new-text": ""})
    assert response.status_code == 422 and 'value="victim" selected' in response.content.decode()
    offender, place = analysis.causes.order_by("id")
    assert (offender.side, place.side) == ("offender", "place")
    client.post(base + f"{place.pk}/andra/", {"side": "victim", "text": "Skolor utan kameror"})
    place.refresh_from_db()
    assert (place.side, place.text) == ("victim", "Skolor utan kameror")
    assert AuditEntry.objects.filter(object_type="focusareas.cause", object_id=str(place.pk), action="update").exists()
    client.post(base + f"{offender.pk}/ta-bort/")
    assert list(analysis.causes.values_list("text", flat=True)) == ["Skolor utan kameror"]


def test_it_attaches_evidence_to_a_cause_and_keeps_it_when_the_cause_goes(focus, login, user):
    actor = user("coordinator.lomma")
    analysis = services.save_analysis(focus, actor, "Klotter")
    cause = services.add_cause(analysis, actor, side="place", text="Dålig belysning")
    client = login("coordinator.lomma")
    base = f"/k/1262/fokusomraden/{focus.pk}/"
    prefix = f"c{cause.pk}"
    response = client.post(
        base + "underlag/",
        {
            "tillbaka": "orsaker",
            "prefix": prefix,
            f"{prefix}-cause": cause.pk,
            f"{prefix}-kind": "dialogue",
            f"{prefix}-description": "Trygghetsvandring med boende i Bjärred",
            f"{prefix}-reference": "Trygghetsvandring maj 2026",
        },
    )
    assert response["Location"] == base + "orsaker/"
    evidence = Evidence.objects.get(cause=cause)
    assert evidence.kind == "dialogue" and evidence.focus_area == focus
    response = client.post(
        base + "underlag/",
        {"tillbaka": "orsaker", "prefix": prefix, f"{prefix}-cause": cause.pk, f"{prefix}-kind": "survey"},
    )
    assert response.status_code == 422 and f'id="id_{prefix}-description"' in response.content.decode()
    document = services.add_evidence(focus, actor, kind="document", description="Polisens rapport")
    client.post(base + "underlag/koppla/", {"tillbaka": "orsaker", "evidence": document.pk, "cause": cause.pk})
    document.refresh_from_db()
    assert document.cause == cause
    page = client.get(base + "orsaker/").content.decode()
    assert "Trygghetsvandring med boende i Bjärred" in page and "Polisens rapport" in page
    services.delete_cause(cause, actor)
    assert set(Evidence.objects.filter(focus_area=focus).values_list("cause", flat=True)) == {None}


def test_the_fishbone_shows_every_cause_and_escapes_text(focus, login, user):
    actor = user("coordinator.lomma")
    analysis = services.save_analysis(focus, actor, "Klotter <b>i</b> centrum")
    for side, text in [("offender", "Grupptryck"), ("victim", "Oskyddade fasader"), ("place", "Mörk park & gång")]:
        services.add_cause(analysis, actor, side=side, text=text)
    svg = fishbone.svg(analysis.problem, list(analysis.causes.all()))
    assert svg.startswith("<svg") and "<title" in svg and "<desc" in svg
    assert "Grupptryck" in svg and "Oskyddade fasader" in svg and "Mörk park &amp; gång" in svg
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert "," not in svg.split("<desc")[0].split("viewBox=")[1].split('"')[1]  # numbers with points
    page = login("reader.lomma").get(f"/k/1262/fokusomraden/{focus.pk}/orsaker/").content.decode()
    assert 'class="fishbone"' in page and "Gärningsperson" in page and "Grupptryck" in page
    assert "Lägg till orsaken" not in page  # a reader sees, does not write
    coordinates = [part for part in page.split('x1="')[1:]]
    assert coordinates and all("," not in c.split('"')[0] for c in coordinates)


def test_causes_are_scoped_and_only_editors_write(focus, login, user, lomma):
    from tenancy.models import Municipality

    actor = user("coordinator.lomma")
    cause = services.add_cause(services.save_analysis(focus, actor, "P"), actor, side="place", text="T")
    hoor = login("coordinator.hoor")
    assert hoor.get(f"/k/1262/fokusomraden/{focus.pk}/orsaker/").status_code == 404
    assert hoor.get(f"/k/1267/fokusomraden/{focus.pk}/orsaker/").status_code == 404
    other = services.create_focus_area(Municipality.objects.get(code="1267"), None, year=2026, name="Höör")
    assert hoor.post(f"/k/1267/fokusomraden/{other.pk}/orsaker/{cause.pk}/ta-bort/").status_code == 404
    reader = login("reader.lomma")
    assert reader.post(f"/k/1262/fokusomraden/{focus.pk}/orsaker/ny/", {"new-side": "place"}).status_code == 403
    assert reader.post(f"/k/1262/fokusomraden/{focus.pk}/orsaker/{cause.pk}/ta-bort/").status_code == 403
    assert Cause.objects.filter(pk=cause.pk).exists()
