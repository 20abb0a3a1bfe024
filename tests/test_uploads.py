"""Uploads (issue 11, finding 8): a meeting paper with a 304-character file name answered 500
(varchar(200)) and left the file on disk with no row. Now the name is shortened (extension kept)
and a row that cannot be written takes its stored file with it."""

import datetime
import os

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from forums import meetings, services
from forums.models import Forum, MeetingPaper
from samtrygg import uploads

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(lomma, coordinator):
    forum = services.create_forum(lomma, coordinator, name="Brå-rådet", cadence=Forum.Cadence.WEEKLY)
    return meetings.add_meeting(forum, coordinator, starts_at=timezone.now() + datetime.timedelta(days=10))


def stored_files() -> set[str]:
    found = set()
    for root, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found.update(os.path.relpath(os.path.join(root, f), settings.MEDIA_ROOT) for f in files)
    return found


def test_fitting_name():
    assert uploads.fitting_name("handling.pdf", 60) == "handling.pdf"
    assert uploads.fitting_name("a" * 300 + ".pdf", 60) == "a" * 56 + ".pdf"
    assert uploads.fitting_name("C:\\Users\\kim\\" + "b" * 80 + ".docx", 20) == "b" * 15 + ".docx"
    assert uploads.fitting_name("x." + "y" * 40, 10) == "x." + "y" * 8
    assert uploads.fitting_name("", 10) == "fil"


def test_a_paper_with_a_304_character_name_is_stored_shortened(login, meeting):
    name = "m" * 300 + ".pdf"
    upload = SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")
    before = stored_files()
    response = login("coordinator.lomma").post(f"/k/1262/forum/mote/{meeting.pk}/handlingar/", {"paper-file": upload})
    assert response.status_code == 302
    paper = MeetingPaper.objects.get(meeting=meeting)
    assert paper.title == "m" * 196 + ".pdf"
    assert paper.file.name.endswith(".pdf") and len(paper.file.name) <= 100
    assert stored_files() - before == {paper.file.name}


def test_a_too_long_title_is_a_form_error(login, meeting):
    upload = SimpleUploadedFile("handling.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = login("coordinator.lomma").post(
        f"/k/1262/forum/mote/{meeting.pk}/handlingar/", {"paper-title": "t" * 201, "paper-file": upload}
    )
    assert response.status_code == 422
    assert not MeetingPaper.objects.exists()


def test_the_stored_file_goes_when_the_row_cannot_be_written(meeting, coordinator, monkeypatch):
    def broken_audit(*args, **kwargs):
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(meetings.audit, "record", broken_audit)
    before = stored_files()
    upload = SimpleUploadedFile("handling.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    with pytest.raises(RuntimeError):
        meetings.add_paper(meeting, coordinator, title="Underlag", upload=upload)
    assert not MeetingPaper.objects.exists()
    assert stored_files() == before


def test_removed_on_error_keeps_files_stored_before_the_block(meeting, coordinator):
    paper = meetings.add_paper(
        meeting, coordinator, title="", upload=SimpleUploadedFile("a.txt", b"x", content_type="text/plain")
    )
    with pytest.raises(ValueError), uploads.removed_on_error(paper.file):
        raise ValueError
    assert paper.file.name in stored_files()


def test_a_walk_photo_goes_when_its_row_cannot_be_written(monkeypatch, lomma, coordinator):
    import io

    from PIL import Image

    from walks import services as walk_services
    from walks.models import ObservationPhoto

    observation = _observation(lomma, coordinator)
    image = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(image, "JPEG")
    upload = SimpleUploadedFile("bild.jpg", image.getvalue(), content_type="image/jpeg")

    def broken_created(*args, **kwargs):
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(walk_services.audit, "created", broken_created)
    before = stored_files()
    with pytest.raises(RuntimeError):
        walk_services.add_photo(observation=observation, actor=coordinator, upload=upload)
    assert not ObservationPhoto.objects.exists()
    assert stored_files() == before


def _observation(lomma, coordinator):
    from walks import services as walk_services
    from walks.models import WalkCategory

    walk = walk_services.create_walk(
        municipality=lomma, actor=coordinator, title="Kvällsvandring", starts_at=timezone.now()
    )
    category = WalkCategory.objects.filter(municipality=lomma).first() or WalkCategory.objects.create(
        municipality=lomma, name="Belysning", slug="belysning"
    )
    observation, _created = walk_services.record_observation(
        walk=walk, actor=coordinator, lat=55.7175, lon=13.0245, category=category, text="Trasig lampa.", client_id="c1"
    )
    return observation
