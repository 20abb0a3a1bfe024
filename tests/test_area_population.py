"""Area population: typed, imported from CSV/Excel or derived from DeSO; the lägesbild's rates per
1,000 inhabitants, its table per area (areas with events first, the rest folded) and its charts."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from shapely.geometry import box, mapping, shape

from areas import population
from areas.models import Area
from audit.models import AuditEntry
from lagesbild import charts, services
from tenancy.models import Municipality

pytestmark = pytest.mark.django_db


def upload(client, content: bytes, name="befolkning.csv", **extra):
    f = SimpleUploadedFile(name, content)
    return client.post("/k/1262/omraden/", {"population_import": "1", "file": f, **extra})


def test_it_imports_population_from_csv_with_source_and_year(login, lomma):
    r = upload(
        login("coordinator.lomma"),
        "område;befolkning;år\nBjärred;10 100;2025\nlomma tätort;13700;\n".encode(),
        source="SCB 2025",
        year="2024",
    )
    assert r.status_code == 302
    bjarred, lomma_t = Area.objects.get(municipality=lomma, name="Bjärred"), lomma.areas.get(name="Lomma tätort")
    assert (bjarred.population, bjarred.population_source, bjarred.population_year) == (10100, "SCB 2025", 2025)
    assert (lomma_t.population, lomma_t.population_year) == (13700, 2024)  # the form's year fills the gap
    assert AuditEntry.objects.filter(object_type="areas.area", object_id=str(bjarred.pk), action="update").exists()
    assert AuditEntry.objects.filter(object_repr="Import av befolkning per område").exists()


def test_it_imports_nothing_and_names_every_bad_row(login, lomma):
    before = dict(lomma.areas.values_list("name", "population"))
    r = upload(
        login("coordinator.lomma"),
        "namn,invånare\nBjärred,10100\nAtlantis,5\nAlnarp,många\nBjärred,3\nLomma tätort,-4\n".encode(),
    )
    assert r.status_code == 422
    body = r.content.decode()
    assert "Ingen befolkning importerades" in body
    assert "Rad 3: Området Atlantis finns inte i Lomma." in body
    assert "Rad 4: Befolkningen måste vara ett heltal" in body
    assert "Rad 5: Området Bjärred finns redan på rad 2." in body
    assert "Rad 6: Befolkningen måste vara ett heltal" in body
    assert dict(lomma.areas.values_list("name", "population")) == before


def test_it_reads_excel_and_refuses_a_file_without_the_columns(lomma):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Kod", "Population"])
    book.active.append(["ALN", 812])
    lomma.areas.filter(name="Alnarp").update(code="ALN")
    buf = io.BytesIO()
    book.save(buf)
    population.import_population(municipality=lomma, data=buf.getvalue(), actor=None, source="Fil")
    assert lomma.areas.get(name="Alnarp").population == 812
    with pytest.raises(population.ImportFailed) as e:
        population.import_population(municipality=lomma, data=b"namn;antal barn\nAlnarp;3\n", actor=None)
    assert e.value.errors == [{"row": 1, "message": "Kolumnen befolkning saknas i rubrikraden."}]


def test_it_bounds_the_file_size(lomma):
    with pytest.raises(population.ImportFailed) as e:
        population.parse_population(lomma, b"x" * (population.MAX_BYTES + 1))
    assert "för stor" in e.value.errors[0]["message"]


def test_it_saves_a_typed_population_with_audit(login, lomma):
    area = lomma.areas.get(name="Alnarp")
    client = login("coordinator.lomma")
    url = reverse("areas:area", kwargs={"code": "1262", "area_id": area.pk})
    r = client.post(url, {"population": "-3", "population_year": "25", "population_source": ""})
    assert r.status_code == 422
    assert "Befolkningen kan inte vara negativ." in r.content.decode()
    assert "Året ska vara ett årtal" in r.content.decode()
    r = client.post(url, {"population": "812", "population_year": "2025", "population_source": ""})
    assert r.status_code == 302
    area.refresh_from_db()
    assert (area.population, area.population_year) == (812, 2025)
    assert area.population_source == "Inskriven av coordinator.lomma"
    entry = AuditEntry.objects.filter(object_type="areas.area", object_id=str(area.pk), action="update").latest("pk")
    assert entry.changes["population"][1] == 812 and entry.actor_name == "coordinator.lomma"


def test_only_managers_type_a_population(login, lomma):
    area = lomma.areas.get(name="Alnarp")
    r = login("reader.lomma").post(f"/k/1262/omraden/{area.pk}/", {"population": "5"})
    assert r.status_code == 403
    assert lomma.areas.get(name="Alnarp").population != 5


def test_reimporting_areas_without_population_keeps_the_figures(lomma):
    area = lomma.areas.get(name="Alnarp")
    population.set_population(area=area, actor=None, population=812, source="SCB", year=2025)
    from areas import services as area_services

    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"name": "Alnarp"}, "geometry": area.geometry}],
    }
    area_services.import_areas(municipality=lomma, raw=collection, actor=None, kind="village")
    area.refresh_from_db()
    assert (area.population, area.population_source) == (812, "SCB")


def square(x0, y0, x1, y1):
    return mapping(box(x0, y0, x1, y1))


def test_it_derives_population_from_the_municipalitys_deso_areas():
    hoor = Municipality.objects.get(code="1267")
    # two DeSO areas side by side; the district covers half of the first and all of the second
    Area.objects.create(
        municipality=hoor,
        name="D1",
        kind="deso",
        geometry=square(13.50, 55.93, 13.52, 55.95),
        population=100,
        population_year=2016,
    )
    Area.objects.create(
        municipality=hoor,
        name="D2",
        kind="deso",
        geometry=square(13.52, 55.93, 13.54, 55.95),
        population=50,
        population_year=2016,
    )
    district = Area.objects.create(municipality=hoor, name="Centrum", geometry=square(13.51, 55.93, 13.54, 55.95))
    far = Area.objects.create(municipality=hoor, name="Långt bort", geometry=square(13.70, 55.90, 13.72, 55.92))
    result = population.population_from_deso(municipality=hoor, actor=None)
    district.refresh_from_db()
    assert district.population == 100  # 100 × ½ + 50 × 1
    assert (district.population_source, district.population_year) == ("Beräknad från SCB:s DeSO-områden", 2016)
    assert result == {"updated": ["Centrum"], "outside": ["Långt bort"]}
    far.refresh_from_db()
    assert far.population is None
    assert Area.objects.get(municipality=hoor, name="D1").population == 100  # DeSO areas keep their own


def test_it_derives_population_from_the_shared_deso_file(settings):
    knivsta = Municipality.objects.get(code="0330")
    whole = Area.objects.create(municipality=knivsta, name="Hela Knivsta", geometry=knivsta.boundary)
    population.population_from_deso(municipality=knivsta, actor=None)
    expected = sum(
        f["properties"]["befolkning_2016_12"]
        for f in json.loads((settings.DATA_DIR / population.DESO_FILE).read_bytes())["features"]
        if f["properties"]["kommunkod"] == "0330"
    )
    whole.refresh_from_db()
    # the municipality's boundary is simplified more than the DeSO areas: within 1 %
    assert abs(whole.population - expected) <= expected * 0.01
    assert whole.population_year == 2016


def test_lomma_has_no_deso_to_derive_from(login, lomma):
    client = login("coordinator.lomma")
    page = client.get("/k/1262/omraden/").content.decode()
    assert "Beräkna befolkning från DeSO" not in page
    r = client.post("/k/1262/omraden/", {"deso": "1"}, follow=True)
    assert "Det finns inga DeSO-områden med befolkning för Lomma." in r.content.decode()


def test_the_coordinator_derives_population_from_deso_on_the_area_page(login, user):
    from tenancy.models import Membership

    knivsta = Municipality.objects.get(code="0330")
    Area.objects.create(municipality=knivsta, name="Hela Knivsta", geometry=knivsta.boundary)
    Membership.objects.create(user=user("coordinator.uppsala"), municipality=knivsta, role="coordinator")
    client = login("coordinator.uppsala")
    page = client.get("/k/0330/omraden/").content.decode()
    assert "Beräkna befolkning från DeSO" in page
    r = client.post("/k/0330/omraden/", {"deso": "1"}, follow=True)
    assert "Befolkningen är beräknad från DeSO för 1 områden." in r.content.decode()
    assert Area.objects.get(municipality=knivsta, name="Hela Knivsta").population > 10000


# ---- the lägesbild -------------------------------------------------------------------------


def picture_page(client, municipality, user):
    today = timezone.localdate()
    start = today.replace(day=1)
    picture = services.create_picture(municipality, user, period="month", date_from=start, date_to=today)
    return client.get(reverse("lagesbild:detail", kwargs={"code": municipality.code, "picture_id": picture.pk}))


def test_the_area_table_gives_the_rate_or_says_the_population_is_missing(login, user, lomma, report):
    bjarred = lomma.areas.get(name="Bjärred")
    population.set_population(area=bjarred, actor=None, population=2000, source="SCB", year=2025)
    lomma.areas.filter(name="Lomma tätort").update(population=None, population_source="", population_year=None)
    report()  # in Bjärred
    report(lat=55.674, lon=13.068)  # in Lomma tätort
    page = picture_page(login("coordinator.lomma"), lomma, user("coordinator.lomma")).content.decode()
    table = page[page.index('id="area-h"') :]
    table = table[: table.index("</section>")]
    assert "0,5" in table and "SCB, 2025" in table  # 1 per 2,000 inhabitants, with its source
    assert "befolkning saknas" in table  # Lomma tätort: events, no population
    assert "Visa 2 områden utan händelser" in table  # Alnarp and Lomma landsbygd, folded
    events = table[: table.index("<details")]
    assert "Bjärred" in events and "Lomma tätort" in events and "Alnarp" not in events


def test_the_pdf_lists_the_areas_without_events_in_a_sentence(lomma):
    from django.template.loader import render_to_string

    rows = {
        "by_area": [
            {"id": 1, "name": "A", "total": 2, "population": 1000, "per_1000": 2.0},
            {"id": 2, "name": "B", "total": 0, "population": None, "per_1000": None},
            {"id": None, "name": "Utanför områden", "total": 0, "population": None, "per_1000": None},
        ]
    }
    html = render_to_string("lagesbild/_area_table.html", {"rows": rows, "print": True})
    assert "1 område utan händelser: B." in html and "<details" not in html
    assert "Utanför områden" not in html  # nothing outside the areas: no row


def test_a_source_shared_by_every_area_is_said_once(lomma):
    from django.template.loader import render_to_string

    common = {"population_source": "SCB", "population_year": 2024}
    rows = {
        "by_area": [
            {"id": 1, "name": "A", "total": 2, "population": 1000, "per_1000": 2.0, **common},
            {"id": 2, "name": "B", "total": 1, "population": 500, "per_1000": 2.0, **common},
            {"id": 3, "name": "C", "total": 1, "population": None, "per_1000": None},
        ]
    }
    html = render_to_string("lagesbild/_area_table.html", {"rows": rows})
    assert html.count("SCB, 2024") == 1 and "Befolkning: SCB, 2024." in html
    rows["by_area"][1]["population_source"] = "Inskriven"
    html = render_to_string("lagesbild/_area_table.html", {"rows": rows})
    assert "SCB, 2024" in html and "Inskriven, 2024" in html


def test_the_page_charts_are_inline_svg_with_pixel_text(login, user, lomma, report):
    report()
    page = picture_page(login("coordinator.lomma"), lomma, user("coordinator.lomma")).content.decode()
    assert "data:image/svg+xml" not in page and "<img" not in page[page.index('id="cat-h"') :]
    assert page.count("<svg") >= 2 and "viewBox" not in page[page.index('id="cat-h"') : page.index('id="map-h"')]
    assert 'id="situation-map"' in page and 'id="situation-map-data"' in page
    charts_html = page[page.index('id="cat-h"') : page.index('id="map-h"')]
    # a localised "22,0" would be read as two coordinates, one per glyph
    assert not re.search(r' (x|y|dx|width|height)="[^"]*,', charts_html)


def test_the_svg_geometry_reflows_in_percent():
    data = {
        "by_category": [
            {"name": "Brand", "total": 4, "previous": 2, "last_year": 0},
            {"name": "Klotter", "total": 1, "previous": 0, "last_year": 0},
        ],
        "weekday_hour": [[0] * 23 + [5]] + [[0] * 24] * 6,
    }
    bars = charts.category_svg(data)["rows"][0]["bars"]
    assert [b["width"] for b in bars] == ["82.00%", "41.00%", "0.00%"]  # the longest bar 82 % wide
    heat = charts.heatmap_svg(data)
    assert heat["rows"][0]["cells"][23]["fill"] != heat["rows"][0]["cells"][0]["fill"]
    assert charts.category_svg({"by_category": []}) is None


def test_the_static_map_names_the_areas_and_places(lomma):
    data = {
        "scope": {"municipalities": [{"code": "1262", "name": "Lomma"}]},
        "recurring_places": [{"name": "Lomma hamn", "count": 4}],
        "hotspots": [{"lat": 55.675, "lon": 13.06, "count": 5}],
        "points": [{"lat": 55.675, "lon": 13.06, "source": "est"}],
        "by_area": [],
    }
    shapes = [(a.name, a.geometry) for a in lomma.areas.all()]
    figure = charts.map_figure(data, lomma.boundary, shapes)
    texts = {t.get_text() for t in figure.axes[0].texts}
    assert {"Bjärred", "Alnarp", "Lomma tätort", "Lomma landsbygd", "Lomma hamn", "1"} <= texts
    labels = charts.page_map(data, shapes)
    assert labels["places"][0]["name"] == "Lomma hamn" and labels["hotspots"][0]["label"] == "1"
    assert sorted(labels["labelled"]) == sorted(a for a, _g in shapes)


def test_many_areas_name_only_the_busiest_on_the_map():
    shapes = [(f"D{i}", mapping(shape(square(13 + i * 0.01, 55, 13.005 + i * 0.01, 55.005)))) for i in range(40)]
    data = {"by_area": [{"id": i, "name": f"D{i}", "total": 40 - i if i < 5 else 0} for i in range(40)]}
    assert [name for name, _x, _y in charts.labelled_areas(data, shapes)] == ["D0", "D1", "D2", "D3", "D4"]


def test_the_command_imports_or_fails_whole(lomma, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    good, bad = tmp_path / "ok.csv", tmp_path / "bad.csv"
    good.write_text("område;befolkning\nAlnarp;812\n")
    bad.write_text("område;befolkning\nAlnarp;900\nAtlantis;5\n")
    call_command("area_population", "1262", str(good), "--source", "SCB", "--year", "2025", verbosity=0)
    assert lomma.areas.get(name="Alnarp").population == 812
    with pytest.raises(CommandError):
        call_command("area_population", "1262", str(bad), verbosity=0)
    assert lomma.areas.get(name="Alnarp").population == 812
    with pytest.raises(CommandError, match="inga DeSO-områden"):
        call_command("area_population", "1262", "--deso", verbosity=0)
