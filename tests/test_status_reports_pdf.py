"""The compiled meeting papers: one PDF with the cover, agenda, the frozen situation picture in
short, the submitted status reports, who has not answered and the open action items."""

import datetime
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from forums.models import ActionItem, AgendaItem, Meeting
from lagesbild import services as lagesbild_services
from statusreports import papers, services
from tests.test_status_reports import FRITIDS, SKOLOR, make_meeting, report_of

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "papers.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def meeting(lomma, user, report):
    coordinator = user("coordinator.lomma")
    meeting = make_meeting(lomma, name="Trygghetsrådets samverkansgrupp")
    AgendaItem.objects.create(meeting=meeting, order=1, title="Lägesbild och lägesrapporter", presenter="Samordnaren")
    earlier = Meeting.objects.create(
        forum=meeting.forum,
        starts_at=timezone.now() - datetime.timedelta(days=30),
        ends_at=timezone.now() - datetime.timedelta(days=30, hours=-1),
    )
    ActionItem.objects.create(
        meeting=earlier, text="Se över belysningen vid stationen", owner="Fastighet", due_date=timezone.localdate()
    )
    ActionItem.objects.create(
        meeting=earlier,
        text="Redan klart uppdrag",
        owner="Fastighet",
        due_date=timezone.localdate(),
        done_at=timezone.localdate(),
    )
    report()
    today = timezone.localdate()
    picture = lagesbild_services.create_picture(lomma, coordinator, date_from=today.replace(day=1), date_to=today)
    lagesbild_services.freeze(picture, coordinator, confirm_ongoing=True)  # this month: ongoing
    meeting.situation_picture = picture
    meeting.save()
    services.request_reports(meeting, coordinator)
    services.submit(report_of(meeting, FRITIDS), user("reporter.lomma"), situation="Fler besökare på fredagar.")
    return meeting


def test_the_papers_are_one_pdf_with_everything(meeting, login, tmp_path):
    response = login("reader.lomma").get(f"/k/1262/lagesrapporter/mote/{meeting.pk}/moteshandlingar.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    if shutil.which("pdftotext"):
        text = pdf_text(response.content, tmp_path)
        for expected in (
            "Trygghetsrådets samverkansgrupp",
            "Lomma kommunhus",
            "Lägesbild och lägesrapporter",
            meeting.situation_picture.title,
            FRITIDS,
            "Fler besökare på fredagar.",
            "Har inte svarat",
            SKOLOR,
            "Se över belysningen vid stationen",
            "Sida 1 av",
        ):
            assert expected in text, expected
        assert "Redan klart uppdrag" not in text


def test_the_picture_summary_has_the_totals(meeting):
    summary = papers.picture_summary(meeting)
    assert summary["title"] == meeting.situation_picture.title
    assert summary["total"]["value"] >= 1
    assert [s["key"] for s in summary["sources"]] == ["est", "police_events", "police_reports"]


def test_a_meeting_without_anything_still_renders(lomma, login):
    empty = make_meeting(lomma, orgs=())
    response = login("coordinator.lomma").get(f"/k/1262/lagesrapporter/mote/{empty.pk}/moteshandlingar.pdf")
    assert response.content.startswith(b"%PDF")
    assert papers.picture_summary(empty) is None


def test_the_file_name_has_the_meetings_swedish_date(lomma, login):
    meeting = make_meeting(lomma, name="Nattmöte")
    # 00:30 on 15 March in Stockholm is still 14 March in UTC
    starts = datetime.datetime(2030, 3, 15, 0, 30, tzinfo=ZoneInfo("Europe/Stockholm"))
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    response = login("reader.lomma").get(f"/k/1262/lagesrapporter/mote/{meeting.pk}/moteshandlingar.pdf")
    assert response.status_code == 200
    assert "2030-03-15" in response["Content-Disposition"]
