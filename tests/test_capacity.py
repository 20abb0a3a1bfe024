"""What makes a situation picture page cheap under load stays correct: the page's charts come from
the cache only for exactly the figures they draw, a fastställd picture is not recounted, and the
database connection settings are read from the environment."""

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from lagesbild import charts, services
from samtrygg import dates

REPO = Path(__file__).resolve().parent.parent

DATA = {
    "by_category": [
        {"name": "Klotter", "slug": "klotter", "total": 7, "previous": 3, "last_year": 5},
        {"name": "Brand", "slug": "brand", "total": 2, "previous": 4, "last_year": 0},
    ],
    "weekday_hour": [[(d * 24 + h) % 5 for h in range(24)] for d in range(7)],
}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_it_draws_the_same_figures_once(monkeypatch):
    first = charts.page_chart_html(DATA)
    monkeypatch.setattr(charts, "category_svg", lambda data: pytest.fail("drawn again"))
    monkeypatch.setattr(charts, "heatmap_svg", lambda data: pytest.fail("drawn again"))
    assert charts.page_chart_html(copy.deepcopy(DATA)) == first


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["by_category"][0].update(total=8),
        lambda d: d["by_category"][1].update(previous=5),
        lambda d: d["by_category"][1].update(last_year=1),
        lambda d: d["by_category"][0].update(name="Skadegörelse"),
        lambda d: d["by_category"].pop(),
        lambda d: d["weekday_hour"][6].__setitem__(23, 40),
    ],
)
def test_it_draws_changed_figures_anew(change):
    before = charts.page_chart_html(DATA)
    changed = copy.deepcopy(DATA)
    change(changed)
    assert charts.page_chart_key(changed) != charts.page_chart_key(DATA)
    after = charts.page_chart_html(changed)
    assert after != before
    # what is drawn is what an uncached drawing of the changed figures gives
    cache.clear()
    assert charts.page_chart_html(changed) == after


def test_it_keys_the_charts_on_the_language():
    with translation.override("sv"):
        swedish = charts.page_chart_key(DATA)
    with translation.override("en"):
        english = charts.page_chart_key(DATA)
    assert swedish != english


def test_the_charts_show_the_figures():
    html = charts.page_chart_html(DATA)
    assert "Klotter" in html["category"] and ">7</text>" in html["category"]
    assert "<svg" in html["heatmap"] and ">40</text>" not in html["heatmap"]


def _category_chart(page) -> str:
    html = page.content.decode()
    return html[html.index('aria-labelledby="cat-chart-t"') :].split("</svg>")[0]


@pytest.mark.django_db
def test_a_picture_page_shows_a_new_report_in_its_chart(lomma, coordinator, report, login):
    report()
    start, end = dates.period_bounds("month")
    picture = services.create_picture(lomma, coordinator, period="month", date_from=start, date_to=end)
    url = reverse("lagesbild:detail", kwargs={"code": "1262", "picture_id": picture.pk})
    client = login("reader.lomma")
    before = _category_chart(client.get(url))
    assert 'class="value">1</text>' in before and 'class="value">2</text>' not in before
    report()
    after = _category_chart(client.get(url))
    assert 'class="value">2</text>' in after


@pytest.mark.django_db
def test_a_frozen_picture_page_neither_recounts_nor_redraws(lomma, coordinator, report, login, monkeypatch):
    report()
    start, end = dates.period_bounds("month")
    picture = services.create_picture(lomma, coordinator, period="month", date_from=start, date_to=end)
    services.freeze(picture, coordinator, confirm_ongoing=True)
    url = reverse("lagesbild:detail", kwargs={"code": "1262", "picture_id": picture.pk})
    client = login("reader.lomma")
    first = client.get(url)
    assert first.status_code == 200

    def fail(*args, **kwargs):
        raise AssertionError("recounted or redrawn")

    monkeypatch.setattr("lagesbild.compute.situation_picture", fail)
    monkeypatch.setattr(charts, "category_svg", fail)
    monkeypatch.setattr(charts, "heatmap_svg", fail)
    again = client.get(url)
    assert again.status_code == 200
    assert 'aria-labelledby="cat-chart-t"' in again.content.decode()


def _settings(env: dict) -> dict:
    code = (
        "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'samtrygg.settings'; "
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(json.dumps({'age': d['CONN_MAX_AGE'], 'checks': d['CONN_HEALTH_CHECKS']}))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("DB_CONN")}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env={**base, **env}, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_connection_settings_come_from_the_environment():
    assert _settings({}) == {"age": 60, "checks": True}
    assert _settings({"DB_CONN_MAX_AGE": "0", "DB_CONN_HEALTH_CHECKS": "0"}) == {"age": 0, "checks": False}
    assert _settings({"DB_CONN_MAX_AGE": "600", "DB_CONN_HEALTH_CHECKS": "yes"}) == {"age": 600, "checks": True}
