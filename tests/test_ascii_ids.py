"""Ids given as text are ASCII digits within range (samtrygg.inputs.parse_id): str.isdigit() also
takes "²" and "١٢", which int() then refuses or PostgreSQL answers 500 on when out of range."""

import pytest

from lagesbild.services import InvalidPicture, areas_for
from tests.test_majorevents import event  # noqa: F401  (fixture)
from tests.test_walks import FASTIGHET, observe, org, walk  # noqa: F401  (fixture)

ODD_IDS = ["²", "١٢", str(2**40)]


@pytest.mark.parametrize("value", ODD_IDS)
def test_it_answers_422_for_an_odd_owner_organisation(api, walk, coordinator, lomma, value):  # noqa: F811
    org(lomma, FASTIGHET)
    o = observe(walk, coordinator)
    response = api("coordinator.lomma").post(
        f"/api/v1/walks/{walk.pk}/proposals",
        {"title": "X", "observations": [o.pk], "owner_organisation": value, "answer_by": "2027-01-31"},
        content_type="application/json",
    )
    assert response.status_code == 422


@pytest.mark.parametrize("value", ODD_IDS)
def test_it_refuses_an_odd_area_id(lomma, value):
    with pytest.raises(InvalidPicture):
        areas_for(lomma, [value])


@pytest.mark.parametrize("value", ODD_IDS)
def test_a_correction_of_an_odd_entry_id_is_refused(api, event, value):  # noqa: F811
    response = api("coordinator.lomma").post(
        f"/api/v1/major-events/{event.pk}/entries",
        {"kind": "observation", "text": "Rättelse.", "corrects": value},
        content_type="application/json",
    )
    assert response.status_code == 422
