"""A fastställd lägesbild reads its frozen figures: opening it never recounts the live ones, and
a fingerprint of the data under them (lagesbild/changes.py) says whether they have changed."""

import datetime

import pytest
from django.urls import reverse

from incidents import services as incidents
from incidents.models import Incident, IncidentCategory
from lagesbild import changes, services
from lagesbild.models import SituationPicture
from samtrygg import dates

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(lomma, coordinator, report):
    report()
    start, end = dates.period_bounds("month")
    picture = services.create_picture(lomma, coordinator, period="month", date_from=start, date_to=end)
    services.freeze(picture, coordinator, confirm_ongoing=True)
    return SituationPicture.objects.get(pk=picture.pk)


def test_it_keeps_a_fingerprint_with_the_frozen_figures(frozen):
    assert frozen.data[changes.KEY] == changes.fingerprint(frozen)
    assert changes.changed_since_frozen(frozen) is False


def test_it_opens_a_frozen_picture_without_recounting(frozen, login, monkeypatch, django_assert_max_num_queries):
    def recount(*args, **kwargs):
        raise AssertionError("a frozen picture recounted its figures")

    monkeypatch.setattr("lagesbild.compute.situation_picture", recount)
    client = login("reader.lomma")
    url = reverse("lagesbild:detail", kwargs={"code": "1262", "picture_id": frozen.pk})
    with django_assert_max_num_queries(25):
        page = client.get(url)
    assert page.status_code == 200 and "Siffrorna har ändrats" not in page.content.decode()


def test_it_sees_a_new_category_but_not_an_acceptance(frozen, coordinator, lomma):
    incident = Incident.objects.get(municipality=lomma)
    incidents.accept(incident, coordinator)  # still counted, in the same place: no change
    assert changes.changed_since_frozen(frozen) is False
    incidents.recategorise(incident, coordinator, IncidentCategory.objects.get(municipality=lomma, slug="brand"))
    assert changes.changed_since_frozen(frozen) is True
    assert services.picture_data(frozen) == (frozen.data, True)


def test_it_sees_a_rejection(frozen, coordinator, lomma):
    incidents.reject(Incident.objects.get(municipality=lomma), coordinator, "Dubblett av ett samtal")
    assert changes.changed_since_frozen(frozen) is True


def test_it_sees_a_report_in_the_period_compared_with(frozen, report):
    previous_from, previous_to = changes.periods(frozen.date_from, frozen.date_to)[1]
    report(occurred_at=dates.local_day_start(previous_from) + datetime.timedelta(hours=12))
    assert changes.changed_since_frozen(frozen) is True


def test_a_picture_frozen_without_a_fingerprint_is_compared_with_live_figures(frozen, report):
    data = {k: v for k, v in frozen.data.items() if k != changes.KEY}
    SituationPicture.objects.filter(pk=frozen.pk).update(data=data)
    frozen.refresh_from_db()
    assert changes.changed_since_frozen(frozen) is None
    assert services.picture_data(frozen) == (data, False)
    report()
    assert services.picture_data(frozen) == (data, True)
