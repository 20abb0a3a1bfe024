from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SituationPicture(models.Model):
    """A lägesbild for a period and scope with the coordinator's assessment. Frozen, its figures
    (`data`) and texts never change again."""

    class Period(models.TextChoices):
        WEEK = "week", _("Vecka")
        MONTH = "month", _("Månad")
        QUARTER = "quarter", _("Kvartal")
        YEAR = "year", _("År")
        CUSTOM = "custom", _("Egen period")

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("rubrik"), max_length=200)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.MONTH)
    date_from = models.DateField(_("från"))
    date_to = models.DateField(_("till och med"))
    areas = models.ManyToManyField("areas.Area", blank=True, related_name="+", verbose_name=_("områden"))
    # The three parts Lag (2023:196) §4 asks for, and the weekly "läget just nu".
    mapping = models.TextField(_("kartläggning"), blank=True)
    other_information = models.TextField(_("annan relevant information"), blank=True)
    analysis = models.TextField(_("analys"), blank=True)
    current_situation = models.TextField(_("läget just nu"), blank=True)
    frozen_at = models.DateTimeField(_("fastställd"), null=True, blank=True)
    data = models.JSONField(_("siffror vid fastställandet"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date_from", "-id"]
        verbose_name = _("lägesbild")
        verbose_name_plural = _("lägesbilder")

    def __str__(self) -> str:
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class WeeklySubscription(models.Model):
    """A user who gets last week's situation picture by e-mail every Monday morning."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("user", "municipality")]
        verbose_name = _("prenumeration på veckolägesbild")

    def __str__(self) -> str:
        return f"{self.user} · {self.municipality}"


class HourlyCount(models.Model):
    """Pre-aggregated counts of what the situation picture reads, per local (Europe/Stockholm)
    day and hour. Maintained by database triggers on incidents_incident and
    policedata_policeevent (see lagesbild/aggregates.py), so every writer keeps it right; never
    written by the application. Missing dimensions are 0 or ''. Rows may hold n = 0.

    - source `est`: EST reports except rejected and merged ones; police_type is '';
    - source `police`: police events except summaries; an event at county level has
      municipality_id 0 and its county_code, a municipality-level one county_code ''.

    The key is the primary key and there is no other index: every reader filters on
    municipality_id and day (the key's first columns), and each index (a surrogate id's too)
    costs the triggers an insert per new row."""

    pk = models.CompositePrimaryKey(
        "municipality_id", "day", "source", "hour", "area_id", "category_id", "police_type", "county_code"
    )
    source = models.CharField(max_length=6)
    municipality_id = models.IntegerField()
    county_code = models.CharField(max_length=2, default="")
    area_id = models.IntegerField(default=0)
    category_id = models.IntegerField(default=0)
    police_type = models.CharField(max_length=100, default="")
    day = models.DateField()
    hour = models.SmallIntegerField()
    n = models.IntegerField(default=0)


class MonthlyCount(models.Model):
    """HourlyCount's counts per local month (`month` is its first day), kept by the same
    triggers: long periods read their whole months here. Missing dimensions are 0 or ''."""

    pk = models.CompositePrimaryKey(
        "municipality_id", "month", "source", "area_id", "category_id", "police_type", "county_code"
    )
    source = models.CharField(max_length=6)
    municipality_id = models.IntegerField()
    county_code = models.CharField(max_length=2, default="")
    area_id = models.IntegerField(default=0)
    category_id = models.IntegerField(default=0)
    police_type = models.CharField(max_length=100, default="")
    month = models.DateField()
    n = models.IntegerField(default=0)


class WeekHourCount(models.Model):
    """EST reports and police events at municipality level per municipality, local month, ISO
    weekday (1 = Monday) and local hour, kept by the same triggers: the weekday × hour pattern
    of whole months, without reading every hourly row of a long period."""

    pk = models.CompositePrimaryKey("municipality_id", "month", "weekday", "hour")
    municipality_id = models.IntegerField()
    month = models.DateField()
    weekday = models.SmallIntegerField()
    hour = models.SmallIntegerField()
    n = models.IntegerField(default=0)


class SituationSettings(models.Model):
    """A municipality's settings for its lägesbild. `est_start` is the day the municipality began
    reporting in EST: before it, EST figures are "saknas", not 0 (lagesbild/coverage.py). Without
    it, coverage starts at the first report."""

    municipality = models.OneToOneField("tenancy.Municipality", on_delete=models.CASCADE, related_name="+")
    est_start = models.DateField(
        _("EST-rapporteringen började"),
        null=True,
        blank=True,
        help_text=_("Första dagen kommunen rapporterade i EST. Tomt: dagen för den första rapporten."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inställningar för lägesbilden")

    def __str__(self) -> str:
        return str(self.municipality)
