"""Agreements: creation defaults, versions that keep old text, the diff, expiry warnings, the
Word and PDF documents, the API contract and scoping."""

import datetime
import io
import shutil
import subprocess

import pytest
from docx import Document

from agreements import exporters, services
from agreements.models import Agreement, AgreementVersion
from agreements.versions import compare
from focusareas import services as focus_services
from forums.models import Forum, ForumMember

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def agreement(lomma, user):
    coordinator = user("coordinator.lomma")
    a = services.create_agreement(
        lomma, coordinator, valid_from=D(2023, 1, 1), valid_to=D(2027, 12, 31), legal_basis=services.LAW
    )
    services.add_section(a, coordinator, kind="purpose", title="Syfte och mål", body="Minska brottsligheten.")
    services.add_decision(a, coordinator, party="municipality", body="board_chair", decided_on=D(2024, 3, 4))
    services.add_signatory(
        a, coordinator, party="municipality", name="Robert Wenglén", title="Kommunstyrelsens ordförande"
    )
    services.add_signatory(
        a, coordinator, party="police", name="Freddy Nilsson", title="Lokalpolisområdeschef Kävlinge"
    )
    forum = Forum.objects.create(
        municipality=lomma, name="Trygghetsrådet", purpose="Samordna arbetet.", cadence="four_times_a_year"
    )
    ForumMember.objects.create(forum=forum, role_title="Säkerhetschef", kind="full")
    ForumMember.objects.create(forum=forum, role_title="Rektor", kind="adjunct")
    focus = focus_services.create_focus_area(
        lomma, coordinator, year=2026, name="Barn och unga", description="Tidiga insatser.", children_and_youth=True
    )
    services.set_annexes(a, coordinator, forums=[forum], focus_areas=[focus])
    a.refresh_from_db()
    return a


def test_it_fills_in_title_police_area_and_law(lomma, user):
    a = services.create_agreement(lomma, user("coordinator.lomma"), valid_from=D(2023, 7, 1), valid_to=D(2027, 12, 31))
    assert a.title == "Samverkansöverenskommelse mellan lokalpolisområde Kävlinge och Lomma kommun 2023–2027"
    assert a.police_area.name == "LPO Kävlinge"
    assert a.legal_basis.startswith("Lag (2023:196)")
    assert a.version == 1 and a.versions.get().number == 1
    older = services.create_agreement(
        lomma, user("coordinator.lomma"), valid_from=D(2019, 1, 1), valid_to=D(2022, 12, 31)
    )
    assert older.legal_basis == ""


def test_it_keeps_every_version_and_diffs_them(agreement, user):
    coordinator = user("coordinator.lomma")
    section = agreement.sections.get()
    before = agreement.version
    services.update_section(
        section,
        coordinator,
        body="Minska brottsligheten.\nÖka tryggheten.",
        comment="Revidering efter årlig uppföljning",
    )
    agreement.refresh_from_db()
    assert agreement.version == before + 1
    old, new = AgreementVersion.objects.get(agreement=agreement, number=before), agreement.versions.first()
    assert new.comment == "Revidering efter årlig uppföljning"
    assert old.content["sections"][0]["body"] == "Minska brottsligheten."
    changes = compare(old.content, new.content)
    assert changes["sections_changed"][0]["lines"] == [(" ", "Minska brottsligheten."), ("+", "Öka tryggheten.")]
    services.delete_section(section, coordinator)
    agreement.refresh_from_db()
    last = agreement.versions.first()
    assert compare(new.content, last.content)["sections_removed"] == ["Syfte och mål"]
    assert AgreementVersion.objects.filter(agreement=agreement).count() == agreement.version


def test_it_does_not_version_a_save_without_changes(agreement, user):
    version = agreement.version
    services.update_agreement(agreement, user("coordinator.lomma"), title=agreement.title)
    agreement.refresh_from_db()
    assert agreement.version == version


def test_it_records_field_changes_and_status(agreement, user):
    services.change_status(agreement, user("coordinator.lomma"), Agreement.Status.IN_FORCE)
    versions = list(agreement.versions.all()[:2])
    fields = compare(versions[1].content, versions[0].content)["fields"]
    assert fields == [{"label": "Status", "old": "Utkast", "new": "Gäller"}]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 12, 30), None),  # more than 12 months before 31 Dec 2027
        (D(2026, 12, 31), "gäller till 31 december 2027"),  # exactly 12 months
        (D(2027, 12, 31), "gäller till 31 december 2027"),
        (D(2028, 1, 1), "gick ut 31 december 2027"),
    ],
)
def test_it_warns_before_the_agreement_runs_out(agreement, user, lomma, today, expected):
    services.change_status(agreement, user("coordinator.lomma"), Agreement.Status.IN_FORCE)
    found = services.warnings(lomma, today)
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0]
        assert found[0].startswith("Samverkansöverenskommelsen 2023–2027")


def test_it_warns_in_the_renewal_year_until_a_newer_one_exists(agreement, user, lomma, django_assert_num_queries):
    coordinator = user("coordinator.lomma")
    services.update_agreement(agreement, coordinator, status=Agreement.Status.IN_FORCE, renewal_year=2026)
    with django_assert_num_queries(1):
        found = services.warnings(lomma, D(2026, 1, 1))
    assert found == [
        "Samverkansöverenskommelsen 2023–2027 gäller till 31 december 2027. "
        "En ny samverkansöverenskommelse ska tas fram under 2026."
    ]
    assert services.warnings(lomma, D(2025, 12, 31)) == []
    services.create_agreement(
        lomma, coordinator, valid_from=D(2028, 1, 1), valid_to=D(2031, 12, 31), replaces=agreement
    )
    assert services.warnings(lomma, D(2026, 1, 1)) == []
    assert services.warnings(lomma, D(2028, 2, 1))[0].startswith("Samverkansöverenskommelsen 2023–2027 gick ut")


def test_it_ignores_drafts_and_replaced_agreements_in_warnings(agreement, lomma):
    assert services.warnings(lomma, D(2027, 6, 1)) == []


def test_it_writes_the_word_document(agreement):
    document = Document(io.BytesIO(exporters.docx(agreement)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Samverkansöverenskommelse mellan lokalpolisområde Kävlinge och Lomma kommun 2023–2027" in text
    assert "Lag (2023:196)" in text and "Syfte och mål" in text and "Minska brottsligheten." in text
    assert "Bilaga 1 Forum för samverkan" in text and "Trygghetsrådet" in text and "Rektor (adjungerad)" in text
    assert "Bilaga 2 Fokusområden" in text and "Särskilt fokus på barn och unga" in text
    assert "Robert Wenglén" in cells and "Lokalpolisområdeschef Kävlinge" in cells
    assert "UTKAST" in document.sections[0].header.paragraphs[0].text
    footer = document.sections[0].footer._element.xml
    assert "NUMPAGES" in footer


def test_it_writes_the_pdf(agreement):
    content = exporters.pdf(agreement)
    assert content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
        text = " ".join(text.split())
        for expected in ("Lomma kommun 2023–2027", "UTKAST", "Sida 1 av", "Bilaga 2 Fokusområden", "Freddy Nilsson"):
            assert expected in text
    else:
        assert len(content) > 2000


def test_api_lists_the_contract_fields(agreement, api):
    response = api("reader.lomma").get("/api/v1/agreements?municipality=1262")
    assert response.status_code == 200
    row = response.json()[0]
    assert row["kind"] == "strategic" and row["valid_from"] == "2023-01-01" and row["valid_to"] == "2027-12-31"
    assert row["status"] == "draft" and row["forums"] == ["Trygghetsrådet"] and row["focus_areas"] == ["Barn och unga"]
    assert row["police_area"] == "LPO Kävlinge" and row["version"] == agreement.version


def test_api_gives_one_with_its_parts_and_documents(agreement, api):
    client = api("reader.lomma")
    data = client.get(f"/api/v1/agreements/{agreement.pk}").json()
    assert [s["title"] for s in data["sections"]] == ["Syfte och mål"]
    assert data["decisions"][0]["body"] == "board_chair"
    assert [s["name"] for s in data["signatories"]] == ["Robert Wenglén", "Freddy Nilsson"]
    docx = client.get(f"/api/v1/agreements/{agreement.pk}.docx")
    assert docx.status_code == 200 and docx["Content-Type"] == exporters.DOCX_TYPE
    assert client.get(f"/api/v1/agreements/{agreement.pk}.pdf").content.startswith(b"%PDF")
    assert client.get("/api/v1/agreements/999999").status_code == 404


def test_hoor_gets_404_for_lommas_agreement(agreement, api, login):
    assert api("coordinator.hoor").get(f"/api/v1/agreements/{agreement.pk}").status_code == 404
    assert api("coordinator.hoor").get(f"/api/v1/agreements/{agreement.pk}.pdf").status_code == 404
    assert login("coordinator.hoor").get(f"/k/1267/overenskommelser/{agreement.pk}/").status_code == 404
    assert api("reporter.lomma").get(f"/api/v1/agreements/{agreement.pk}").status_code == 403


def test_a_reader_cannot_edit(agreement, login):
    client = login("reader.lomma")
    assert client.get(f"/k/1262/overenskommelser/{agreement.pk}/").status_code == 200
    response = client.post(f"/k/1262/overenskommelser/{agreement.pk}/andra/", {"title": "Ny"})
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.title != "Ny"


def test_it_refuses_a_foreign_agreement_to_replace(agreement, user):
    from tenancy.models import Municipality

    hoor = Municipality.objects.get(code="1267")
    with pytest.raises(services.InvalidAgreement):
        services.create_agreement(
            hoor, user("coordinator.hoor"), valid_from=D(2024, 1, 1), valid_to=D(2024, 12, 31), replaces=agreement
        )
