"""Whether the data under a fastställd lägesbild has changed since it was fastställd, without
recomputing its figures: a fingerprint of what the figures are made of, stored with the frozen
figures (`data["fingerprint"]`) and made again when the picture is opened.

The fingerprint covers, for the picture's municipality and areas and for its period, the
previous period and the same period last year:

- the aggregate counts (lagesbild_hourlycount) per source: the number and the sums weighted by
  category, area, police event type, county, weekday and hour, so that a report moved to
  another category, area or hour changes it even when the totals stay;
- the counted EST reports themselves per age group: how many, and the sums of their positions
  (the points, recurring places and hot spots come from them);
- the police report counts per month, category and area.

Three grouped queries that return a few rows each, against a full recount of the figures (hot
spots included) that the comparison with live data used to cost on every view."""

import datetime
import hashlib
import json

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractWeekDay, Length

from incidents.models import Incident
from lagesbild.models import HourlyCount, SituationPicture
from policedata.models import PoliceReportCount
from samtrygg.dates import local_day_start, previous_period, shift_years

KEY = "fingerprint"


def periods(date_from: datetime.date, date_to: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The period and the two the figures compare it with (as lagesbild.compute does)."""
    return [
        (date_from, date_to),
        previous_period(date_from, date_to),
        (shift_years(date_from, -1), shift_years(date_to, -1)),
    ]


def fingerprint(picture: SituationPicture) -> str:
    municipality = picture.municipality
    area_ids = sorted(picture.areas.values_list("pk", flat=True))
    spans = periods(picture.date_from, picture.date_to)

    days = Q()
    moments = Q()
    months = Q()
    for start, end in spans:
        days |= Q(day__gte=start, day__lte=end)
        moments |= Q(
            occurred_at__gte=local_day_start(start), occurred_at__lt=local_day_start(end + datetime.timedelta(1))
        )
        months |= Q(month__gte=start, month__lte=end)

    own = Q(municipality_id=municipality.pk, county_code="")
    if area_ids:
        own &= Q(area_id__in=area_ids)
    county = Q(municipality_id=0, county_code=municipality.county_code or "-")
    weighted = F("n")
    counts = list(
        HourlyCount.objects.filter(days, own | county)
        .values("source", "county_code")
        .order_by("source", "county_code")
        .annotate(
            total=Sum("n"),
            category=Sum(weighted * F("category_id")),
            area=Sum(weighted * F("area_id")),
            type=Sum(weighted * Length("police_type")),
            weekday=Sum(weighted * ExtractWeekDay("day")),
            hour=Sum(weighted * F("hour")),
        )
        .values_list("source", "county_code", "total", "category", "area", "type", "weekday", "hour")
    )
    reports = Incident.objects.filter(moments, municipality=municipality).counted()
    if area_ids:
        reports = reports.filter(area_id__in=area_ids)
    est = list(
        reports.values("age_group")
        .order_by("age_group")
        .annotate(reports=Count("pk"), lat_sum=Sum("lat"), lon_sum=Sum("lon"), places=Sum("place_id"))
        .values_list("age_group", "reports", "lat_sum", "lon_sum", "places")
    )
    police_reports = PoliceReportCount.objects.filter(months, municipality=municipality)
    if area_ids:
        police_reports = police_reports.filter(area_id__in=area_ids)
    reported = list(
        police_reports.aggregate(
            total=Sum("count"),
            category=Sum(F("count") * F("category_id")),
            area=Sum(F("count") * F("area_id")),
            rows=Count("pk"),
        ).items()
    )
    # Positions summed in floating point: rounded, so that the database's summation order
    # cannot change the fingerprint of the same rows.
    est = [(age, n, round(lat or 0, 6), round(lon or 0, 6), place) for age, n, lat, lon, place in est]
    text = json.dumps([counts, est, reported, area_ids, [str(d) for span in spans for d in span]], default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def changed_since_frozen(picture: SituationPicture) -> bool | None:
    """Whether the data under the fastställd picture has changed; None for a picture fastställd
    before fingerprints were kept (the caller compares with live figures instead)."""
    stored = (picture.data or {}).get(KEY)
    if stored is None:
        return None
    return fingerprint(picture) != stored
