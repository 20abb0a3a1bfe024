"""From a figure in the situation picture to a focus area: proposing, evidence, the styrgrupp's
decision, the list order, scoping and the API."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from focusareas import figures, services
from focusareas.models import Evidence, FocusArea
from lagesbild import services as lagesbild
from samtrygg import dates
from tenancy.models import Municipality

pytestmark = pytest.mark.django_db
SLUG = "skadegorelse-klotter"


@pytest.fixture
def picture(report, user, lomma):
    """A month picture of Lomma with three klotter reports and one other."""
    when = timezone.now() - datetime.timedelta(hours=1)
    for _i in range(3):
        report(occurred_at=when)
    report(occurred_at=when, category="nedskrapning")
    start, end = dates.period_bounds("month", timezone.localdate(when))
    return lagesbild.create_picture(lomma, user("coordinator.lomma"), period="month", date_from=start, date_to=end)


def _row(data, slug=SLUG):
    return next(r for r in data["by_category"] if r["slug"] == slug)


def test_it_proposes_from_a_live_picture_with_the_figure_linked(picture, login, lomma):
    client = login("coordinator.lomma")
    page = client.get(f"/k/1262/lagesbild/{picture.pk}/").content.decode()
    propose_url = f"/k/1262/fokusomraden/ur-lagesbild/{picture.pk}/?kategori={SLUG}"
    assert propose_url in page
    form = client.get(propose_url).content.decode()
    assert "Skadegörelse/klotter: 3 händelser i" in form and f'value="{picture.date_to.year}"' in form
    response = client.post(propose_url, {"kategori": SLUG, "name": "Klotter i centrum", "year": "2027"})
    focus = FocusArea.objects.get(municipality=lomma, name="Klotter i centrum", year=2027)
    assert response.status_code == 302 and response["Location"] == f"/k/1262/fokusomraden/{focus.pk}/"
    assert focus.status == FocusArea.Status.PROPOSED
    evidence = focus.evidence.get()
    live, _changed = lagesbild.picture_data(picture)
    assert evidence.kind == "figure" and evidence.value == _row(live)["total"] == 3
    assert evidence.situation_picture == picture
    assert evidence.source == {
        "picture": picture.pk,
        "source": "all",
        "category": SLUG,
        "from": picture.date_from.isoformat(),
        "to": picture.date_to.isoformat(),
        "frozen": False,
    }
    detail = client.get(f"/k/1262/fokusomraden/{focus.pk}/").content.decode()
    assert f"/k/1262/lagesbild/{picture.pk}/" in detail and "3 händelser" in detail
    assert AuditEntry.objects.filter(object_type="focusareas.evidence", object_id=str(evidence.pk)).exists()


def test_it_reads_a_frozen_picture_and_adds_to_an_existing_focus_area(picture, report, user, lomma):
    coordinator = user("coordinator.lomma")
    lagesbild.freeze(picture, coordinator, confirm_ongoing=True)  # this month: ongoing
    report(occurred_at=timezone.now() - datetime.timedelta(hours=1))  # after fastställd: not in the figure
    existing = services.create_focus_area(lomma, coordinator, year=2026, name="Skadegörelse/klotter")
    focus = services.propose_from_picture(picture, coordinator, category_slug=SLUG, year=2026)
    assert focus == existing and FocusArea.objects.filter(municipality=lomma, year=2026).count() == 1
    evidence = focus.evidence.get()
    assert evidence.value == _row(picture.data)["total"] == 3 and evidence.source["frozen"] is True
    assert "3 händelser" in evidence.description and "(0 föregående period)" in evidence.description


def test_it_proposes_a_year_picture_for_next_year(user, lomma, login):
    picture = lagesbild.create_picture(
        lomma,
        user("coordinator.lomma"),
        period="year",
        date_from=datetime.date(2025, 1, 1),
        date_to=datetime.date(2025, 12, 31),
    )
    assert figures.default_year(picture) == 2026
    # a category without a figure in the picture is refused, nothing is created
    response = login("coordinator.lomma").get(f"/k/1262/fokusomraden/ur-lagesbild/{picture.pk}/?kategori=finns-inte")
    assert response.status_code == 302 and not FocusArea.objects.filter(municipality=lomma).exists()


def test_it_keeps_input_when_the_year_is_wrong(picture, login):
    response = login("coordinator.lomma").post(
        f"/k/1262/fokusomraden/ur-lagesbild/{picture.pk}/", {"kategori": SLUG, "name": "Mitt namn", "year": "1800"}
    )
    body = response.content.decode()
    assert response.status_code == 422 and "Ange ett år mellan 2000 och 2100." in body and "Mitt namn" in body


def test_it_adds_figure_and_text_evidence_and_removes_it(picture, login, user, lomma):
    focus = services.create_focus_area(lomma, user("coordinator.lomma"), year=2026, name="Nedskräpning")
    client = login("coordinator.lomma")
    base = f"/k/1262/fokusomraden/{focus.pk}/"
    client.post(base + "underlag/siffra/", {"picture": picture.pk, "category": "nedskrapning", "source": "est"})
    client.post(
        base + "underlag/",
        {
            "kind": "survey",
            "description": "40 % känner sig otrygga vid stationen",
            "reference": "Trygghetsmätning 2025",
        },
    )
    figure, survey = focus.evidence.order_by("id")
    assert figure.value == 1 and figure.source["source"] == "est" and "(EST-rapporter)" in figure.description
    assert survey.kind == "survey" and survey.reference == "Trygghetsmätning 2025"
    response = client.post(base + "underlag/", {"kind": "dialogue", "description": "", "reference": "Möte"})
    assert response.status_code == 422 and "Möte" in response.content.decode()
    shown = {r["slug"] for r in figures.categories(picture)}
    absent = lomma.incident_categories.exclude(slug__in=shown).values_list("slug", flat=True)[0]
    response = client.post(base + "underlag/siffra/", {"picture": picture.pk, "category": absent, "source": "all"})
    assert "Kategorin finns inte i lägesbilden." in response.content.decode()
    client.post(base + f"underlag/{survey.pk}/ta-bort/")
    assert list(focus.evidence.all()) == [figure]
    with pytest.raises(services.InvalidEvidence):
        services.add_evidence(focus, None, kind="figure", description="34 händelser")  # typed, not linked


def test_it_flags_personal_data_in_evidence(lomma, user):
    focus = services.create_focus_area(lomma, user("coordinator.lomma"), year=2026, name="Dialog")
    evidence = services.add_evidence(
        focus, None, kind="dialogue", description="Ring Anna Svensson på 070-123 45 67", reference=""
    )
    assert {f["kind"] for f in evidence.pii} >= {"phone"}


def test_it_records_the_decision_and_warns_without_children_focus(login, lomma, user):
    focus = services.create_focus_area(lomma, user("coordinator.lomma"), year=2026, name="Narkotika")
    client = login("coordinator.lomma")
    page = client.get(f"/k/1262/fokusomraden/{focus.pk}/").content.decode()
    assert (
        'value="Styrgruppen"' in page and "Inget fokusområde för 2026 har ännu särskilt fokus på barn och unga." in page
    )
    response = client.post(f"/k/1262/fokusomraden/{focus.pk}/beslut/", {"decided_by": "", "decided_on": "2026-02-03"})
    assert response.status_code == 422 and "2026-02-03" in response.content.decode()
    decided = client.post(
        f"/k/1262/fokusomraden/{focus.pk}/beslut/",
        {"decided_by": "Trygghetsrådets styrgrupp", "decided_on": "2026-02-03"},
        follow=True,
    ).content.decode()
    assert "Beslutet är registrerat." in decided and "Inget fokusområde för 2026 har ännu" in decided
    focus.refresh_from_db()
    assert focus.status == "decided" and focus.decided_by == "Trygghetsrådets styrgrupp"
    assert focus.decided_on == datetime.date(2026, 2, 3)
    services.create_focus_area(lomma, user("coordinator.lomma"), year=2026, name="Unga", children_and_youth=True)
    assert "har ännu särskilt fokus" not in client.get(f"/k/1262/fokusomraden/{focus.pk}/").content.decode()


def test_it_moves_focus_areas_up_and_down(login, lomma, user):
    names = ["A", "B", "C"]
    areas = [services.create_focus_area(lomma, user("coordinator.lomma"), year=2026, name=n) for n in names]
    client = login("coordinator.lomma")
    client.post(f"/k/1262/fokusomraden/{areas[2].pk}/flytta/", {"riktning": "up"})
    client.post(f"/k/1262/fokusomraden/{areas[0].pk}/flytta/", {"riktning": "down"})
    assert [f.name for f in services.for_year(lomma, 2026)] == ["C", "A", "B"]
    client.post(f"/k/1262/fokusomraden/{areas[2].pk}/flytta/", {"riktning": "up"})  # already first
    assert [f.name for f in services.for_year(lomma, 2026)] == ["C", "A", "B"]


def test_it_scopes_pictures_and_focus_areas_to_the_municipality(picture, login, user, lomma):
    hoor = Municipality.objects.get(code="1267")
    other = services.create_focus_area(hoor, user("coordinator.hoor"), year=2026, name="Höör")
    mine = services.create_focus_area(lomma, user("coordinator.lomma"), year=2026, name="Lomma")
    coordinator = login("coordinator.lomma")
    assert coordinator.get(f"/k/1262/fokusomraden/{other.pk}/").status_code == 404
    assert coordinator.post(f"/k/1262/fokusomraden/{other.pk}/beslut/", {"decided_by": "X"}).status_code == 404
    hoor_client = login("coordinator.hoor")
    assert hoor_client.get(f"/k/1267/fokusomraden/ur-lagesbild/{picture.pk}/?kategori={SLUG}").status_code == 404
    response = hoor_client.post(
        f"/k/1267/fokusomraden/{other.pk}/underlag/siffra/", {"picture": picture.pk, "category": SLUG, "source": "all"}
    )
    assert response.status_code == 422 and not Evidence.objects.filter(focus_area=other).exists()
    with pytest.raises(services.InvalidEvidence):
        services.add_figure_evidence(other, None, picture=picture, category_slug=SLUG)
    reader = login("reader.lomma")
    assert reader.get(f"/k/1262/fokusomraden/{mine.pk}/").status_code == 200
    assert reader.post(f"/k/1262/fokusomraden/{mine.pk}/beslut/", {"decided_by": "X"}).status_code == 403
    assert reader.get(f"/k/1262/fokusomraden/ur-lagesbild/{picture.pk}/?kategori={SLUG}").status_code == 403
    assert "ur-lagesbild" not in reader.get(f"/k/1262/lagesbild/{picture.pk}/").content.decode()


def test_api_lists_evidence_causes_and_decision(api, picture, lomma, user):
    coordinator = user("coordinator.lomma")
    focus = services.propose_from_picture(picture, coordinator, category_slug=SLUG, year=2026)
    services.decide(focus, coordinator, decided_by="Styrgruppen", decided_on=datetime.date(2026, 3, 1))
    analysis = services.save_analysis(focus, coordinator, "Klotter vid stationen")
    cause = services.add_cause(analysis, coordinator, side="place", text="Dålig belysning")
    services.add_evidence(focus, coordinator, kind="dialogue", description="Trygghetsvandring", cause=cause)
    data = api("reader.lomma").get("/api/v1/focus-areas?municipality=1262&year=2026").json()
    item = data[0]
    assert item["status"] == "decided" and item["decided_by"] == "Styrgruppen" and item["decided_on"] == "2026-03-01"
    assert [(e["kind"], float(e["value"] or 0)) for e in item["evidence"]] == [("figure", 3.0), ("dialogue", 0.0)]
    assert item["causes"] == [{"id": cause.pk, "side": "place", "text": "Dålig belysning"}]
    one = api("reader.lomma").get(f"/api/v1/focus-areas/{focus.pk}").json()
    assert one["cause_analysis"]["problem"] == "Klotter vid stationen"
    assert one["cause_analysis"]["causes"][0]["evidence"][0]["description"] == "Trygghetsvandring"
    assert api("coordinator.hoor").get(f"/api/v1/focus-areas/{focus.pk}").status_code == 404
    assert api("reader.lomma").get("/api/v1/focus-areas/999999").status_code == 404


def test_the_page_lists_the_agreements_it_belongs_to(login, lomma, user):
    from agreements import services as agreements

    coordinator = user("coordinator.lomma")
    focus = services.create_focus_area(lomma, coordinator, year=2026, name="Trygghetsdagar")
    agreement = agreements.create_agreement(
        lomma, coordinator, valid_from=datetime.date(2023, 7, 1), valid_to=datetime.date(2027, 12, 31)
    )
    agreements.set_annexes(agreement, coordinator, forums=[], focus_areas=[focus])
    page = login("reader.lomma").get(f"/k/1262/fokusomraden/{focus.pk}/").content.decode()
    assert f"/k/1262/overenskommelser/{agreement.pk}/" in page and "Registrera beslutet" not in page
