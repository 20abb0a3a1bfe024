"""The start page: one card per municipality, with what the user can do there and what awaits them."""

import datetime

import pytest
from django.utils import timezone

from agreements import services as agreement_services
from forums.models import Forum, ForumMember, Meeting
from statusreports import services as status_report_services
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db


def test_it_sends_a_reporter_straight_to_the_form(login):
    response = login("reporter.lomma").get("/")
    assert response.status_code == 302
    assert response.url == "/k/1262/rapportera/"


def test_it_shows_a_reporter_the_status_reports_that_await_them(login, lomma, user):
    forum = Forum.objects.create(municipality=lomma, name="Trygghetsrådet")
    ForumMember.objects.create(
        forum=forum,
        role_title="Fritidsgårdschef",
        organisation=Organisation.objects.get(municipality=lomma, name="Fritidsgårdarna i Lomma"),
    )
    starts = timezone.now() + datetime.timedelta(days=10)
    meeting = Meeting.objects.create(forum=forum, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    status_report_services.request_reports(meeting, user("coordinator.lomma"))

    response = login("reporter.lomma").get("/")

    assert response.status_code == 200
    assert "1 lägesrapport väntar på svar" in response.content.decode()


def test_it_warns_of_an_agreement_that_runs_out(login, lomma, user):
    today = timezone.localdate()
    agreement_services.create_agreement(
        lomma,
        user("coordinator.lomma"),
        valid_from=today.replace(year=today.year - 3),
        valid_to=today + datetime.timedelta(days=60),
        status="in_force",
    )
    page = login("reader.lomma").get("/").content.decode()
    assert "En ny samverkansöverenskommelse ska tas fram" in page
    assert 'href="/k/1262/overenskommelser/"' in page


def test_it_links_the_collaboration_pages_for_readers_but_not_for_reporters(login):
    page = login("reader.lomma").get("/").content.decode()
    for path in ("forum/", "overenskommelser/", "fokusomraden/", "medborgarloften/", "arshjul/"):
        assert f'href="/k/1262/{path}"' in page
