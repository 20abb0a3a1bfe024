"""Issue 10: every free text that is frozen, published, exported or mailed gets the personal-data
check, and nothing with an unresolved finding (neither masked nor confirmed) leaves."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from lagesbild import services as lagesbild
from privacy import services as privacy
from privacy.models import Confirmation
from privacy.pii import find_pii
from samtrygg import dates
from tests.pii_cases_sv import CASES
from tests.test_agreements import agreement  # noqa: F401 (fixture)

NAME = "Kalle Andersson sågs vid busskuren."
REFUSAL = "Texten i fältet ”Läget just nu” innehåller något som ser ut som en personuppgift (namn: Kalle Andersson)."


@pytest.fixture
def picture(lomma, coordinator):
    # last month: its period has ended, so fastställ asks nothing else
    start, end = dates.period_bounds("month", back=1)
    return lagesbild.create_picture(lomma, coordinator, period="month", date_from=start, date_to=end)


def _detail(picture):
    return reverse("lagesbild:detail", kwargs={"code": "1262", "picture_id": picture.pk})


def _texts(picture, **texts):
    return {
        "title": picture.title,
        "mapping": "",
        "other_information": "",
        "analysis": "",
        "current_situation": "",
    } | texts


# ---- the detector on the Swedish test set ------------------------------------------------------


def test_it_finds_every_item_of_the_swedish_test_set_and_nothing_in_its_traps():
    missed, extra = [], []
    for text, gold in CASES:
        got = [text[f.start : f.end] for f in find_pii(text)]
        missed += [g for g in gold if g not in got]
        extra += [g for g in got if g not in gold]
    assert (missed, extra) == ([], [])


# ---- the shared service ------------------------------------------------------------------------


def test_it_names_the_field_and_the_finding_in_the_refusal(picture, coordinator):
    lagesbild.update_assessment(picture, coordinator, current_situation=NAME)
    found = privacy.unresolved(obj=picture)
    assert [(f.field, f.kind, f.text) for f in found] == [("current_situation", "name", "Kalle Andersson")]
    assert privacy.refusal_message(found) == (REFUSAL + " Maskera det eller bekräfta att det inte är en personuppgift.")


def test_it_keeps_a_confirmation_per_object_and_field_and_audits_it(picture, coordinator):
    lagesbild.update_assessment(picture, coordinator, current_situation="Bråk vid Lena Ek skola.", analysis="Lena Ek")
    stored = privacy.confirm(obj=picture, confirmations={"current_situation": ["Lena Ek", "Nisse"]}, actor=coordinator)
    assert [f.text for f in stored] == ["Lena Ek"]  # only what is a finding there now
    # the same text in another field is asked about on its own
    assert [(f.field, f.text) for f in privacy.unresolved(obj=picture)] == [("analysis", "Lena Ek")]
    assert privacy.confirm(obj=picture, confirmations={"current_situation": ["Lena Ek"]}, actor=coordinator) == []
    assert Confirmation.objects.count() == 1
    entry = AuditEntry.objects.filter(object_type="lagesbild.situationpicture", object_id=str(picture.pk)).latest("id")
    assert entry.changes == {"pii_confirmed": [["current_situation", "name", "Lena Ek"]]}


# ---- the live check ----------------------------------------------------------------------------


def test_it_shows_findings_live_with_mask_and_confirm(login):
    url = reverse("privacy:check")
    page = login("coordinator.lomma").post(url, {"text": NAME, "name": "pii_ok-current_situation"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-pii-mask="Kalle Andersson" data-pii-token="[namn]"' in html
    assert 'name="pii_ok-current_situation" value="Kalle Andersson"' in html
    assert login("coordinator.lomma").post(url, {"text": "Klotter i Lomma hamn."}).content.decode().strip() == ""


def test_it_shows_a_stored_confirmation_as_ticked_only_to_whom_the_form_was_rendered(login, picture, coordinator, user):
    lagesbild.update_assessment(picture, coordinator, current_situation=NAME)
    privacy.confirm(obj=picture, confirmations={"current_situation": ["Kalle Andersson"]}, actor=coordinator)
    ref = privacy.reference(picture, "current_situation", coordinator)
    data = {"text": NAME, "name": "n", "ref": ref}
    assert "checked" in login("coordinator.lomma").post(reverse("privacy:check"), data).content.decode()
    assert "checked" not in login("police.kavlinge").post(reverse("privacy:check"), data).content.decode()


def test_it_needs_a_login_for_the_live_check(client):
    assert client.post(reverse("privacy:check"), {"text": NAME}).status_code == 302


def test_it_marks_the_assessment_fields_for_the_live_check(login, picture):
    html = login("coordinator.lomma").get(_detail(picture)).content.decode()
    assert 'data-pii-check="/personuppgifter/kontroll/"' in html
    assert 'data-pii-name="pii_ok-current_situation"' in html


# ---- lägesbild: fastställ and export -----------------------------------------------------------


def test_it_refuses_to_freeze_a_picture_with_a_name_until_it_is_masked(login, picture):
    client = login("coordinator.lomma")
    client.post(_detail(picture), _texts(picture, current_situation=NAME))
    freeze = reverse("lagesbild:freeze", kwargs={"code": "1262", "picture_id": picture.pk})
    page = client.post(freeze, {"confirm": "1"}, follow=True).content.decode()
    picture.refresh_from_db()
    assert not picture.is_frozen and REFUSAL in page
    client.post(_detail(picture), _texts(picture, current_situation="[namn] sågs vid busskuren."))
    client.post(freeze, {"confirm": "1"})
    picture.refresh_from_db()
    assert picture.is_frozen


def test_it_freezes_once_the_finding_is_confirmed_on_the_form(login, picture):
    client = login("coordinator.lomma")
    text = "Oro kring Lena Ek skola."
    page = client.post(_detail(picture), _texts(picture, current_situation=text), follow=True).content.decode()
    assert "”Läget just nu”" in page  # the warning after saving says what stands in the way
    client.post(_detail(picture), _texts(picture, current_situation=text) | {"pii_ok-current_situation": "Lena Ek"})
    client.post(reverse("lagesbild:freeze", kwargs={"code": "1262", "picture_id": picture.pk}), {"confirm": "1"})
    picture.refresh_from_db()
    assert picture.is_frozen


def test_it_refuses_the_service_freeze_too(picture, coordinator):
    lagesbild.update_assessment(picture, coordinator, mapping="Ring 070-123 45 67.")
    with pytest.raises(privacy.UnresolvedPersonalData, match="”Kartläggning” innehåller"):
        lagesbild.freeze(picture, coordinator)


@pytest.mark.parametrize("name", ["lagesbild:pdf", "lagesbild:docx"])
def test_it_refuses_to_export_a_picture_with_a_name(login, picture, coordinator, name):
    lagesbild.update_assessment(picture, coordinator, current_situation=NAME)
    client = login("coordinator.lomma")
    answer = client.get(reverse(name, kwargs={"code": "1262", "picture_id": picture.pk}), follow=True)
    assert answer.redirect_chain and REFUSAL in answer.content.decode()


# ---- citizen promises: publishing, progress updates --------------------------------------------


def _promise(lomma, user, **texts):
    from promises import services as promises

    data = {
        "title": "Tryggare stationsområde",
        "situation_today": "Oro vid stationen på kvällarna.",
        "what_we_do": "Fler vandringar.",
        "what_we_achieve": "Fler känner sig trygga.",
        "follow_along": "På kommunens webbplats.",
        "year": 2026,
    } | texts
    return promises.create_promise(lomma, user("coordinator.lomma"), data)


def test_it_refuses_to_publish_a_promise_until_the_finding_is_confirmed(lomma, user, login, api):
    promise = _promise(lomma, user, what_we_do="Vandringar med Lena Ek skola.")
    client = login("coordinator.lomma")
    publish = reverse("promises:publish", kwargs={"code": "1262", "promise_id": promise.pk})
    page = client.post(publish, follow=True).content.decode()
    assert (
        "Texten i fältet ”Det här ska vi göra” innehåller något som ser ut som en personuppgift (namn: Lena Ek)" in page
    )
    answer = api("coordinator.lomma").post(f"/api/v1/promises/{promise.pk}/publish")
    assert answer.status_code == 409 and "”Det här ska vi göra”" in answer.json()["detail"]
    edit = reverse("promises:edit", kwargs={"code": "1262", "promise_id": promise.pk})
    form = {
        name: getattr(promise, name)
        for name in ["title", "situation_today", "what_we_do", "what_we_achieve", "follow_along", "year", "order"]
    }
    client.post(edit, form | {"decided_by": promise.decided_by, "pii_ok-what_we_do": "Lena Ek"})
    promise.refresh_from_db()
    assert promise.pii == []
    assert api("coordinator.lomma").post(f"/api/v1/promises/{promise.pk}/publish").json()["published"] is True


def test_it_refuses_a_progress_update_with_a_name_until_masked_or_confirmed(lomma, user, login):
    promise = _promise(lomma, user)
    client = login("coordinator.lomma")
    url = reverse("promises:add_update", kwargs={"code": "1262", "promise_id": promise.pk})
    data = {"date": "2026-05-15", "status": "on_track", "text": "Kalle Andersson ledde vandringen."}
    page = client.post(url, data)
    assert page.status_code == 422
    assert (
        "Texten i fältet ”Det här har hänt” innehåller något som ser ut som en personuppgift" in page.content.decode()
    )
    client.post(url, data | {"text": "[namn] ledde vandringen."})
    client.post(url, data | {"text": "Vandring vid Lena Ek skola.", "pii_ok-text": "Lena Ek"})
    update = promise.updates.get(text__startswith="Vandring vid")
    assert [c.text for c in Confirmation.objects.filter(object_id=update.pk, field="text")] == ["Lena Ek"]
    assert promise.updates.count() == 2


# ---- status reports: the compiled meeting papers -----------------------------------------------


def test_it_refuses_the_meeting_papers_while_a_status_report_holds_a_name(lomma, user, login):
    from statusreports import services as statusreports
    from tests.test_status_reports import FRITIDS, make_meeting, report_of

    meeting = make_meeting(lomma, name="Samverkansgruppen")
    statusreports.request_reports(meeting, user("coordinator.lomma"))
    report = report_of(meeting, FRITIDS)
    reporter = user("reporter.lomma")
    statusreports.submit(report, reporter, situation="Kalle Andersson syns ofta vid Lena Ek skola.")
    client = login("coordinator.lomma")
    url = f"/k/1262/lagesrapporter/mote/{meeting.pk}/moteshandlingar.pdf"
    page = client.get(url, follow=True).content.decode()
    assert (
        "Texten i fältet ”Läget i verksamheten” (Fritidsgårdarna i Lomma) innehåller något som ser ut som personuppgifter (namn: Kalle Andersson, namn: Lena Ek)"
        in page
    )
    # the answer form: mask one, confirm the other
    submit_url = f"/k/1262/lagesrapporter/{report.pk}/"
    form = {"situation": "[namn] syns ofta vid Lena Ek skola.", "pii_ok-situation": "Lena Ek"}
    assert client.post(submit_url, form).status_code == 302
    report.refresh_from_db()
    assert report.pii_flags == []
    answer = client.get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"


# ---- action plan follow-ups, evaluations, focus areas: the follow-up reports --------------------


@pytest.fixture
def world(lomma, user):
    from tests.test_reports import build_world

    return build_world(lomma, user("coordinator.lomma"))


def test_it_refuses_the_quarterly_report_while_a_follow_up_names_someone(world, login, api):
    from actionplans.models import FollowUp

    row = FollowUp.objects.filter(plan=world["plan"], year=2025, quarter=3, activity__isnull=False).first()
    row.comment = "Kalle Andersson ställde in."
    row.save()
    client = login("reader.lomma")
    page = client.get("/k/1262/rapporter/kvartal/2025/3/kvartalsrapport.docx", follow=True)
    expected = "Texten i fältet ”Kommentar” (uppföljningen av Tryggare skolvägar, kvartal 3) innehåller"
    assert page.redirect_chain and expected in page.content.decode()
    url = "/api/v1/reports/quarterly.pdf?municipality=1262&year=2025&quarter=3"
    answer = api("reader.lomma").get(url)
    assert answer.status_code == 409 and "Kalle Andersson" in answer.json()["detail"]
    # a reader may not confirm; the coordinator may, over the API
    target = {"object_type": "actionplans.followup", "object_id": row.pk, "field": "comment", "text": "Kalle Andersson"}
    assert (
        api("reader.lomma").post("/api/v1/privacy/confirmations", target, content_type="application/json").status_code
        == 403
    )
    done = api("coordinator.lomma").post("/api/v1/privacy/confirmations", target, content_type="application/json")
    assert done.status_code == 200 and done.json()["unresolved"] == []
    assert api("reader.lomma").get(url).status_code == 200


def test_it_refuses_the_yearly_follow_up_until_the_evaluation_is_masked(world, login):
    evaluation = world["evaluated"].evaluation
    client = login("coordinator.lomma")
    url = reverse("actionplans:evaluation", kwargs={"code": "1262", "plan_id": world["evaluated"].pk})
    texts = {name: getattr(evaluation, name) for name in ["production", "process", "effect", "conclusion"]}
    page = client.post(url, texts | {"process": "Ring 070-123 45 67 för mer."}, follow=True).content.decode()
    assert "”Process – hur gick arbetet?”" in page  # the warning after saving
    answer = client.get("/k/1262/rapporter/ar/2025/arsuppfoljning.pdf", follow=True).content.decode()
    assert "Texten i fältet ”Process – hur gick arbetet?” (utvärderingen av" in answer
    client.post(url, texts | {"process": "Ring [telefonnummer] för mer."})
    assert client.get("/k/1262/rapporter/ar/2025/arsuppfoljning.pdf")["Content-Type"] == "application/pdf"


def test_it_keeps_a_focus_area_confirmation_from_the_form(world, login):
    from focusareas.models import FocusArea

    area = world["neighbours"]
    client = login("coordinator.lomma")
    url = reverse("focusareas:edit", kwargs={"code": "1262", "focus_area_id": area.pk})
    data = {
        "year": 2025,
        "name": area.name,
        "description": "Grannsamverkan kring Lena Ek skola.",
        "status": "decided",
        "decided_by": "Styrgruppen",
        "decided_on": "2025-01-20",
        "order": 2,
    }
    client.post(url, data)
    answer = client.get("/k/1262/rapporter/ar/2025/arsuppfoljning.docx", follow=True).content.decode()
    assert "Texten i fältet ”Beskrivning” (fokusområdet Grannsamverkan)" in answer
    client.post(url, data | {"pii_ok-description": "Lena Ek"})
    assert privacy.unresolved(obj=FocusArea.objects.get(pk=area.pk)) == []
    assert client.get("/k/1262/rapporter/ar/2025/arsuppfoljning.docx").status_code == 200


def test_it_confirms_a_follow_up_comment_on_the_form(world, login):
    from actionplans.models import Activity, FollowUp

    plan = world["plan"]
    client = login("coordinator.lomma")
    url = reverse("actionplans:follow_up", kwargs={"code": "1262", "plan_id": plan.pk})
    form = client.get(url).context["form"]
    data = {"year": 2025, "quarter": 4}
    for activity, _status, _comment in form.rows()[0]:
        data[f"activity_{activity.pk}_status"] = "green"
    walk = Activity.objects.get(plan=plan, what__startswith="Trygghetsvandring")
    data[f"activity_{walk.pk}_comment"] = "Vandring vid Lena Ek skola."
    data[f"pii_ok-activity_{walk.pk}_comment"] = "Lena Ek"
    client.post(url, data)
    row = FollowUp.objects.get(plan=plan, year=2025, quarter=4, activity=walk)
    assert privacy.unresolved(obj=row) == [] and privacy.unresolved(obj=Activity.objects.get(pk=walk.pk)) == []


# ---- forums: minutes and decisions -------------------------------------------------------------


def test_it_keeps_minutes_and_decision_confirmations_from_the_meeting_page(lomma, user, login):
    from forums.models import Decision
    from tests.test_status_reports import make_meeting

    meeting = make_meeting(lomma, name="Samverkansgruppen")
    client = login("coordinator.lomma")
    page = client.get(reverse("forums:meeting", kwargs={"code": "1262", "meeting_id": meeting.pk})).content.decode()
    assert 'data-pii-name="pii_ok-minutes"' in page and 'data-pii-name="pii_ok-decision-text"' in page
    minutes = reverse("forums:minutes", kwargs={"code": "1262", "meeting_id": meeting.pk})
    client.post(minutes, {"minutes": "Genomgång vid Lena Ek skola.", "pii_ok-minutes": "Lena Ek"})
    meeting.refresh_from_db()
    assert meeting.minutes_pii == [] and privacy.unresolved(obj=meeting) == []
    client.post(minutes, {"minutes": "Kalle Andersson var med."})
    meeting.refresh_from_db()
    assert [f["text"] for f in meeting.minutes_pii] == ["Kalle Andersson"]
    add = reverse("forums:decision_add", kwargs={"code": "1262", "meeting_id": meeting.pk})
    client.post(add, {"decision-text": "Vandring vid Lena Ek skola.", "pii_ok-decision-text": "Lena Ek"})
    assert privacy.unresolved(obj=Decision.objects.get(meeting=meeting)) == []


def test_it_answers_409_with_the_field_when_the_api_freezes_a_picture_with_a_name(picture, coordinator, api):
    lagesbild.update_assessment(picture, coordinator, current_situation=NAME)
    answer = api("coordinator.lomma").post(
        f"/api/v1/situation-pictures/{picture.pk}/freeze", {}, content_type="application/json"
    )
    assert answer.status_code == 409 and answer.json()["detail"].startswith(REFUSAL)
    picture.refresh_from_db()
    assert not picture.is_frozen


# ---- agreements: annex 2 lists the focus areas with their descriptions ------------------------


def test_it_refuses_the_agreement_document_while_an_annexed_focus_area_names_someone(agreement, user, login, api):  # noqa: F811
    from focusareas.models import FocusArea

    document = agreement
    FocusArea.objects.filter(agreements=document).update(description="Tidiga insatser med Kalle Andersson.")
    page = login("reader.lomma").get(f"/k/1262/overenskommelser/{document.pk}/overenskommelse.pdf", follow=True)
    assert "Texten i fältet ”Beskrivning” (bilaga 2, Barn och unga)" in page.content.decode()
    assert api("reader.lomma").get(f"/api/v1/agreements/{document.pk}.docx").status_code == 409
    area = FocusArea.objects.get(agreements=document)
    privacy.confirm(obj=area, confirmations={"description": ["Kalle Andersson"]}, actor=user("coordinator.lomma"))
    assert api("reader.lomma").get(f"/api/v1/agreements/{document.pk}.docx").status_code == 200


# ---- the API ----------------------------------------------------------------------------------


def test_it_checks_a_text_and_lists_what_is_unresolved_over_the_api(api, picture, coordinator):
    answer = api("reader.lomma").post("/api/v1/privacy/check", {"text": NAME}, content_type="application/json")
    assert [f["text"] for f in answer.json()["findings"]] == ["Kalle Andersson"]
    assert answer.json()["masked"] == "[namn] sågs vid busskuren."
    lagesbild.update_assessment(picture, coordinator, current_situation=NAME)
    target = {"object_type": "lagesbild.situationpicture", "object_id": picture.pk}
    state = api("reader.lomma").post("/api/v1/privacy/unresolved", target, content_type="application/json").json()
    assert state["unresolved"][0]["field_label"] == "Läget just nu" and state["detail"].startswith(REFUSAL)
    # Höör's coordinator does not see Lomma's picture
    assert (
        api("coordinator.hoor").post("/api/v1/privacy/unresolved", target, content_type="application/json").status_code
        == 404
    )
    wrong = target | {"field": "current_situation", "text": "Berga"}
    answer = api("coordinator.lomma").post("/api/v1/privacy/confirmations", wrong, content_type="application/json")
    assert answer.status_code == 422 and answer.json()["detail"] == "Texten finns inte bland det som hittades i fältet."
