from django.db import models
from django.utils.translation import gettext_lazy as _


class PoliceEvent(models.Model):
    """One event of the police's public event feed (polisen.se/api/events), as published.

    Belongs to the municipality that its location or its name gives; an event that names no
    municipality stays at county level (municipality null, county_code set) and is never counted
    in a municipality's totals. A position that is only the centroid of the municipality or county
    is marked and never drawn as a point or counted in a hot spot."""

    external_id = models.BigIntegerField(_("polisens id"), unique=True)
    published_at = models.DateTimeField(_("publicerad"))
    occurred_at = models.DateTimeField(_("inträffade"))
    name = models.CharField(_("rubrik"), max_length=300)
    summary = models.TextField(_("sammanfattning"), blank=True)
    url = models.URLField(_("länk"), max_length=500, blank=True)
    type = models.CharField(_("händelsetyp"), max_length=100)
    location_name = models.CharField(_("plats enligt polisen"), max_length=100)
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("kommun"),
        db_index=False,
    )
    county_code = models.CharField(_("länskod"), max_length=2, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    position_is_centroid = models.BooleanField(_("bara kommunens/länets mittpunkt"), default=True)
    is_summary = models.BooleanField(_("sammanfattning av flera händelser"), default=False)
    category = models.ForeignKey(
        "incidents.IncidentCategory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("rådets kategori"),
        db_index=False,  # categories are never deleted; recategorising goes by municipality
    )
    area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("område"),
        db_index=False,  # the partial index below: most events carry only a centroid and no area
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_at"]
        # The table is written in bulk (national imports of ~20,000 events) and read only by
        # municipality, by county-level events of a county, by external id and by area when an
        # area is deleted (SET NULL): each index an import maintains is one the reads need.
        # Counting is done from lagesbild's aggregate tables, never from these rows.
        indexes = [
            models.Index(fields=["municipality", "occurred_at"]),
            models.Index(
                fields=["county_code", "occurred_at"],
                condition=models.Q(municipality__isnull=True),
                name="policeevent_county_level",
            ),
            models.Index(fields=["area"], condition=models.Q(area__isnull=False), name="policeevent_area"),
        ]
        verbose_name = _("polishändelse")
        verbose_name_plural = _("polishändelser")

    def __str__(self) -> str:
        return self.name


class EventTypeMapping(models.Model):
    """A municipality's choice of council category for one police event type."""

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="+")
    police_type = models.CharField(_("polisens händelsetyp"), max_length=100)
    category = models.ForeignKey(
        "incidents.IncidentCategory",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("rådets kategori"),
    )

    class Meta:
        unique_together = [("municipality", "police_type")]
        verbose_name = _("koppling av händelsetyp")


class PoliceReportCount(models.Model):
    """Police-reported crimes (anmälda brott) for one month, crime category and optionally area."""

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="+", db_index=False)
    area = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("område")
    )
    month = models.DateField(_("månad"))  # the first day of the month
    crime_category = models.CharField(_("brottskategori"), max_length=150)
    count = models.PositiveIntegerField(_("antal"))
    category = models.ForeignKey(
        "incidents.IncidentCategory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("rådets kategori"),
    )

    class Meta:
        indexes = [models.Index(fields=["municipality", "month"])]
        verbose_name = _("anmälda brott per månad")


class CrimeCategoryMapping(models.Model):
    """A municipality's choice of council category for one police crime category."""

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="+")
    crime_category = models.CharField(_("brottskategori"), max_length=150)
    category = models.ForeignKey(
        "incidents.IncidentCategory",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("rådets kategori"),
    )

    class Meta:
        unique_together = [("municipality", "crime_category")]
        verbose_name = _("koppling av brottskategori")


class FeedFetch(models.Model):
    """One run of the police feed fetcher (policedata.fetch): what was asked, what came back, what
    was written. Pruned to the last POLICE_FEED_KEEP_RUNS runs."""

    class Status(models.TextChoices):
        SUCCESS = "success", _("hämtad")
        NOT_MODIFIED = "not_modified", _("inget nytt")
        ERROR = "error", _("fel")
        SKIPPED = "skipped", _("överhoppad (väntar efter fel)")
        RUNNING = "running", _("pågår")

    started_at = models.DateTimeField(_("startad"), db_index=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    http_status = models.PositiveSmallIntegerField(_("HTTP-status"), null=True, blank=True)
    days = models.CharField(_("hämtade dagar"), max_length=200, blank=True)  # catch-up DateTime=… values
    fetched = models.PositiveIntegerField(_("hämtade händelser"), default=0)
    stored = models.PositiveIntegerField(_("sparade händelser"), default=0)  # after the municipality filter
    created = models.PositiveIntegerField(_("nya"), default=0)
    updated = models.PositiveIntegerField(_("ändrade"), default=0)
    unchanged = models.PositiveIntegerField(_("oförändrade"), default=0)
    error = models.TextField(_("fel"), blank=True)
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    # SHA-1 of the latest-events answer: the same body again is "nothing new" even from a server
    # that sends neither ETag nor Last-Modified (and writes no import and no audit entry)
    body_sha1 = models.CharField(max_length=40, blank=True)
    # The earliest moment from which this run's answer is known to be complete (the oldest event of
    # the latest-events list, or the start of the earliest whole day fetched), and from which the
    # chain of successful runs up to this one has no gap: see policedata.fetch.covered_until.
    covers_from = models.DateTimeField(null=True, blank=True)
    continuous_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("hämtning av polisens händelser")
        verbose_name_plural = _("hämtningar av polisens händelser")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"
