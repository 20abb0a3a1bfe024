"""Demo data: users for Lomma, Kävlinge police area, Höör and Uppsala; Lomma's areas and places;
Uppsala's real DeSO areas; plausible EST reports since July the year before last; the police's real events for
Skåne (`--no-police` leaves them out). Idempotent: a second run changes nothing."""

import argparse
import datetime
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from areas import population as area_population
from areas import services as area_services
from areas.models import Area, Place
from demo import action_plans as demo_action_plans
from demo import collaboration as demo_collaboration
from demo import lomma
from demo import major_events as demo_major_events
from demo import walks as demo_walks
from incidents import services as incident_services
from incidents.models import Incident, IncidentCategory
from tenancy.models import Membership, Municipality, Organisation, PoliceArea
from tenancy.services import load_municipalities

PASSWORD = "samtrygg-demo"

USERS = [
    # username, municipality code or police area, role, organisation
    ("admin", "1262", "admin", "Lomma kommun, kommunledningskontoret"),
    ("coordinator.lomma", "1262", "coordinator", "Lomma kommun, säkerhet och beredskap"),
    ("reporter.lomma", "1262", "reporter", "Fritidsgårdarna i Lomma"),
    ("reader.lomma", "1262", "reader", None),
    ("tib.lomma", "1262", "duty_officer", "Lomma kommun, säkerhet och beredskap"),
    ("police.kavlinge", "LPO Kävlinge", "police_liaison", None),
    ("coordinator.hoor", "1267", "coordinator", "Höörs kommun, trygghet och säkerhet"),
    ("coordinator.uppsala", "0380", "coordinator", "Uppsala kommun, trygghet och säkerhet"),
    ("coordinator.bromolla", "1272", "coordinator", "Bromölla kommun, säkerhet"),
]

ORGANISATIONS = {
    "1262": [
        ("Lomma kommun, kommunledningskontoret", "municipal"),
        ("Lomma kommun, säkerhet och beredskap", "municipal"),
        ("Fritidsgårdarna i Lomma", "youth"),
        ("Skolorna i Lomma", "school"),
        ("Socialtjänsten", "social"),
        ("Fastighetsavdelningen", "municipal"),
        ("Räddningstjänsten Syd", "rescue"),
    ],
    "1267": [("Höörs kommun, trygghet och säkerhet", "municipal")],
    "0380": [("Uppsala kommun, trygghet och säkerhet", "municipal")],
    "1272": [("Bromölla kommun, säkerhet", "municipal")],
}

TEXTS = {
    "skadegorelse-klotter": [
        "Nytt klotter på väggen vid cykelstället, ca 2 m brett.",
        "Krossad ruta i busskuren.",
        "Taggar på elskåpet bakom affären.",
    ],
    "brand": ["Brand i papperskorg, släckt av personal.", "Eldat i en container på natten."],
    "nedskrapning": ["Mycket skräp och glasflaskor efter helgen.", "Nedskräpat vid grillplatsen."],
    "samling-tillhall": [
        "Grupp ungdomar samlas sent på kvällen, hög musik.",
        "Tillhåll under bron, madrasser och burkar.",
    ],
    "ordningsstorning": [
        "Bråk mellan två grupper, lugnade sig när personal kom.",
        "Högljudda personer störde efter midnatt.",
    ],
    "hot-vald": ["Personal fick glåpord och hot vid stängning.", "Knuffar och slag mellan ungdomar, polis kontaktad."],
    "narkotika": ["Misstänkt langning vid parkeringen, doft av cannabis.", "Hittade små påsar och folie vid bänkarna."],
    "motorburen-storning": ["EPA-traktorer kör i hög fart runt torget.", "Mopeder på gångvägen, flera tillbud."],
    "otrygg-plats": ["Trasig belysning längs gångvägen, mörkt och otryggt.", "Buskage skymmer sikten vid tunneln."],
    "olovligt-boende": ["Tecken på övernattning i förrådet: sovsäck och mat."],
    "arrangemang": ["Skolavslutning, många ungdomar i rörelse, lugnt."],
    "rykten-sociala-medier": ["Rykte på sociala medier om slagsmål efter skolan på fredag."],
    "ovrigt": ["Övergivna cyklar vid stationen.", "Lösa hundar på lekplatsen."],
}
WEIGHTS = {
    "skadegorelse-klotter": 8,
    "nedskrapning": 6,
    "samling-tillhall": 6,
    "ordningsstorning": 5,
    "motorburen-storning": 5,
    "otrygg-plats": 3,
    "brand": 2,
    "hot-vald": 2,
    "narkotika": 2,
    "olovligt-boende": 1,
    "arrangemang": 1,
    "rykten-sociala-medier": 1,
    "ovrigt": 2,
}

# the share of these reports that the measures of last year's action plans prevented
FEWER = {"samling-tillhall": 0.35, "skadegorelse-klotter": 0.3}


class Command(BaseCommand):
    help = "Load the demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--incidents", type=int, default=1500, help="EST reports for Lomma")
        parser.add_argument(
            "--police",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="the police's real events for Skåne (polisen/events_skane_2022_2026.json.gz)",
        )
        parser.add_argument(
            "--collaboration",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="agreements, forums, meetings, focus areas and promises from the seed documents",
        )

    def handle(self, *args, incidents, police=True, collaboration=True, **options):
        data = settings.DATA_DIR
        load_municipalities(data / "geo" / "kommuner.geojson")
        with transaction.atomic():
            self.police_area()
            self.organisations_and_users()
        lomma_m = Municipality.objects.get(code="1262")
        if not Area.objects.filter(municipality=lomma_m).exists():
            area_services.import_areas(municipality=lomma_m, raw=lomma.areas_geojson(lomma_m.boundary), actor=None)
            lomma_m.refresh_from_db()
            for name, lat, lon in lomma.PLACES:
                area_services.create_place(lomma_m, None, name=name, lat=lat, lon=lon)
        if not Area.objects.filter(municipality=lomma_m, population__isnull=False).exists():
            # rates per 1,000 inhabitants in the demo's lägesbild (no DeSO areas exist for Lomma)
            area_population.import_population(
                municipality=lomma_m,
                data=lomma.POPULATION_CSV.encode(),
                actor=None,
                source=lomma.POPULATION_SOURCE,
                year=timezone.localdate().year - 1,
            )
        uppsala = Municipality.objects.get(code="0380")
        if not Area.objects.filter(municipality=uppsala).exists():
            area_services.import_areas(
                municipality=uppsala,
                raw=(data / "geo" / "deso_uppsala_region_sample.geojson").read_bytes(),
                actor=None,
                kind=Area.Kind.DESO,
                name_property="deso",
                filter_property="kommunkod",
                filter_value="0380",
            )
        self.incidents(lomma_m, "reporter.lomma", incidents, seed=1262)
        self.incidents(uppsala, "coordinator.uppsala", incidents // 4, seed=380)
        if police:
            self.police_events(data / "polisen" / "events_skane_2022_2026.json.gz")
        if collaboration:  # after the police events: last month's frozen lägesbild counts them
            with transaction.atomic():
                demo_collaboration.load(timezone.localdate())
            with transaction.atomic():
                demo_action_plans.load(timezone.localdate())
            demo_walks.load(timezone.localdate())  # its own transaction: the demo's mail is not sent
            demo_major_events.load(timezone.localdate())  # last summer's gathering at Lomma hamn
        self.stdout.write(self.style.SUCCESS("Demodata klar."))

    def police_events(self, path):
        """The real Skåne events; skipped when the file's first and last events are already there
        (the import is idempotent by id anyway, but reading it back costs a second)."""
        from policedata import events
        from policedata.models import PoliceEvent

        feed = events.read_feed(path.read_bytes())
        ids = {feed[0]["id"], feed[-1]["id"]} if feed else set()
        if PoliceEvent.objects.filter(external_id__in=ids).count() == len(ids):
            return
        events.import_events(feed, None, source=path.name)

    def police_area(self):
        area, _ = PoliceArea.objects.get_or_create(name="LPO Kävlinge")
        area.municipalities.add(*Municipality.objects.filter(code__in=["1261", "1262"]))

    def organisations_and_users(self):
        for code, orgs in ORGANISATIONS.items():
            m = Municipality.objects.get(code=code)
            for name, kind in orgs:
                Organisation.objects.get_or_create(municipality=m, name=name, defaults={"kind": kind})
        User = get_user_model()
        for username, scope, role, org in USERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(PASSWORD)
                user.save()
            if scope.isdigit():
                m = Municipality.objects.get(code=scope)
                organisation = Organisation.objects.filter(municipality=m, name=org).first() if org else None
                Membership.objects.get_or_create(
                    user=user, municipality=m, role=role, defaults={"organisation": organisation}
                )
            else:
                Membership.objects.get_or_create(user=user, police_area=PoliceArea.objects.get(name=scope), role=role)

    def incidents(self, municipality, username, count, seed):
        if Incident.objects.filter(municipality=municipality).exists():
            return
        rng = random.Random(seed)
        user = get_user_model().objects.get(username=username)
        categories = {c.slug: c for c in IncidentCategory.objects.filter(municipality=municipality)}
        slugs = [s for s in WEIGHTS if s in categories]
        places = list(Place.objects.filter(municipality=municipality))
        areas = list(Area.objects.filter(municipality=municipality).values_list("geometry", flat=True))
        now = timezone.now()
        # Reports from July the year before last (when the demo municipality started with EST),
        # so that last year's action plans have a baseline and four quarters to follow up.
        span = (now.date() - datetime.date(now.year - 2, 7, 1)).days
        # The measures of last year's plans worked: from April, fewer of these reports.
        measures_from = datetime.date(now.year - 1, 4, 1)
        from shapely.geometry import shape

        shapes = [shape(g) for g in areas]
        for n in range(count):
            day = rng.randint(0, span)
            slug = rng.choices(slugs, weights=[WEIGHTS[s] for s in slugs])[0]
            while (now - timezone.timedelta(days=day)).date() >= measures_from and rng.random() < FEWER.get(slug, 0):
                slug = rng.choices(slugs, weights=[WEIGHTS[s] for s in slugs])[0]
            if places and rng.random() < 0.6:
                place = rng.choice(places)
                lat, lon = place.lat + rng.gauss(0, 0.0012), place.lon + rng.gauss(0, 0.002)
            else:
                place = None
                geom = rng.choice(shapes) if shapes else None
                lat, lon = self.random_point(rng, geom, municipality)
            # evenings and weekends dominate, as in EST data
            hour = rng.choices(
                range(24), weights=[3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 5, 6, 8, 9, 9, 8, 6, 4]
            )[0]
            occurred = (now - timezone.timedelta(days=day)).replace(
                hour=hour, minute=rng.randint(0, 59), second=0, microsecond=0
            )
            if occurred > now:
                occurred -= timezone.timedelta(days=1)
            incident = incident_services.report_incident(
                municipality=municipality,
                actor=user,
                data={
                    "category": categories[slug],
                    "occurred_at": occurred,
                    "lat": lat,
                    "lon": lon,
                    "place": place,
                    "description": rng.choice(TEXTS[slug]),
                    "people_count": rng.choice(["1", "2-5", "2-5", "6-10", "11-20", "unknown"]),
                    "age_group": rng.choice(["youth", "youth", "young_adults", "adults", "mixed", "unknown"]),
                    "police_notified": rng.random() < 0.2,
                    "rescue_notified": slug == "brand",
                },
            )
            if day > 7:
                incident_services.accept(incident, None)

    @staticmethod
    def random_point(rng, geom, municipality):
        from shapely.geometry import Point

        bounds = (
            geom.bounds
            if geom is not None
            else (municipality.min_lon, municipality.min_lat, municipality.max_lon, municipality.max_lat)
        )
        for _ in range(200):
            lon, lat = rng.uniform(bounds[0], bounds[2]), rng.uniform(bounds[1], bounds[3])
            if geom is None or geom.contains(Point(lon, lat)):
                return round(lat, 6), round(lon, 6)
        c = geom.representative_point()
        return c.y, c.x
