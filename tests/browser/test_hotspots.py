"""The lägesbild's hot spots on a phone: named by the place, with the number of reports and a
one-line explanation of what a hot spot is; no coordinates, no sideways scrolling."""

import numpy as np
import pytest
import shapely
from playwright.sync_api import Page, expect
from shapely.geometry import shape

from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser


def test_hotspot_is_named_and_explained_on_a_phone(phone: Page, live_server, make_report):
    from tenancy.models import Municipality

    land = shape(Municipality.objects.get(code="1262").boundary)
    rng = np.random.default_rng(5)
    for _n in range(12):  # at Lomma hamn, without a place picked
        make_report(place=None, lat=55.6745 + rng.normal(0, 0.0002), lon=13.0575 + rng.normal(0, 0.0003))
    minx, miny, maxx, maxy = land.bounds
    lon, lat = rng.uniform(minx, maxx, 200), rng.uniform(miny, maxy, 200)
    inside = shapely.contains_xy(land, lon, lat)
    for y, x in list(zip(lat[inside], lon[inside], strict=True))[:30]:
        make_report(place=None, lat=float(y), lon=float(x))

    force_login(phone, live_server, "coordinator.lomma")
    phone.goto("/k/1262/lagesbild/")
    phone.get_by_role("button", name="Denna månad").click()
    table = phone.get_by_role("table", name="Hot spots")
    expect(table.get_by_role("cell", name="Lomma hamn", exact=True)).to_be_visible()
    expect(table).not_to_contain_text("55,67")
    expect(phone.get_by_text("efter korrektion för många samtidiga test")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone)
    screenshot(phone, "lagesbild-hotspots-phone")
