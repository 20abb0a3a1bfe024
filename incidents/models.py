import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# How long a report's unmasked original is kept at most when nobody reviews it.
ORIGINAL_KEPT_DAYS = 30

# The default taxonomy from EST practice; each municipality's council can change its own copy.
DEFAULT_CATEGORIES = [
    ("skadegorelse-klotter", _("Skadegörelse/klotter")),
    ("brand", _("Brand")),
    ("nedskrapning", _("Nedskräpning")),
    ("samling-tillhall", _("Samling/tillhåll")),
    ("ordningsstorning", _("Ordningsstörning/bråk")),
    ("hot-vald", _("Hot/våld (även mot personal)")),
    ("narkotika", _("Misstänkt narkotika")),
    ("motorburen-storning", _("Motorburen störning/EPA")),
    ("otrygg-plats", _("Otrygg plats (belysning, växtlighet)")),
    ("olovligt-boende", _("Olovligt boende")),
    ("arrangemang", _("Arrangemang")),
    ("rykten-sociala-medier", _("Rykten/sociala medier")),
    ("ovrigt", _("Övrigt")),
]


class IncidentCategory(models.Model):
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.CASCADE, related_name="incident_categories"
    )
    slug = models.SlugField(_("kortnamn"), max_length=50)
    name = models.CharField(_("namn"), max_length=100)
    active = models.BooleanField(_("används"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        unique_together = [("municipality", "slug")]
        verbose_name = _("händelsekategori")
        verbose_name_plural = _("händelsekategorier")

    def __str__(self) -> str:
        return self.name


# The statuses of reports that are never counted: a rejected report did not happen as told, a
# merged one is counted as the report it was merged into. The one definition of "a counted EST
# report": Incident.objects.counted() and the aggregate tables' triggers (lagesbild/aggregates.py).
NOT_COUNTED_STATUSES = ("rejected", "merged")


class IncidentQuerySet(models.QuerySet):
    def counted(self):
        """The reports every figure counts (the lägesbild, the list's default, duplicates): all
        but rejected and merged ones."""
        return self.exclude(status__in=NOT_COUNTED_STATUSES)


class Incident(models.Model):
    """One reported event (EST). Group level: places, times and kinds, never named people."""

    objects = IncidentQuerySet.as_manager()

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        ACCEPTED = "accepted", _("Godkänd")
        REJECTED = "rejected", _("Avvisad")
        MERGED = "merged", _("Sammanslagen")

    class PeopleCount(models.TextChoices):
        ONE = "1", _("1 person")
        FEW = "2-5", _("2–5 personer")
        SEVERAL = "6-10", _("6–10 personer")
        MANY = "11-20", _("11–20 personer")
        CROWD = "20+", _("Fler än 20")
        UNKNOWN = "unknown", _("Vet inte / inga personer")

    class AgeGroup(models.TextChoices):
        CHILDREN = "children", _("Barn (under 13)")
        YOUTH = "youth", _("Ungdomar (13–17)")
        YOUNG_ADULTS = "young_adults", _("Unga vuxna (18–25)")
        ADULTS = "adults", _("Vuxna")
        MIXED = "mixed", _("Blandade åldrar")
        UNKNOWN = "unknown", _("Vet inte")

    # Indexed through the composite indexes below, which lead with these columns.
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="+", db_index=False)
    category = models.ForeignKey(
        IncidentCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("kategori")
    )
    occurred_at = models.DateTimeField(_("när"))
    lat = models.FloatField(_("latitud"))
    lon = models.FloatField(_("longitud"))
    area = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("område")
    )
    place = models.ForeignKey(
        "areas.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("plats")
    )
    # What everyone sees: personal data found in the text is replaced by tokens ("[namn]") unless
    # the reporter confirmed, finding by finding, that it is not personal data (a place called Berga).
    description = models.TextField(_("vad hände"))
    # The text as written, while anything was masked in it: only for the municipality's reviewing
    # coordinators (permission "view_report_original"), cleared by any review decision and after
    # ORIGINAL_KEPT_DAYS (manage.py mask_pii_originals). Never in the audit log, exports or e-mails.
    # (a database default too, for the bench's and other raw-SQL inserts)
    description_original = models.TextField(
        _("originaltext med personuppgifter"), blank=True, default="", db_default=""
    )
    people_count = models.CharField(_("ungefär hur många"), max_length=10, choices=PeopleCount.choices, blank=True)
    age_group = models.CharField(_("åldersgrupp"), max_length=20, choices=AgeGroup.choices, blank=True)
    police_notified = models.BooleanField(_("polis kontaktad"), default=False)
    rescue_notified = models.BooleanField(_("räddningstjänst kontaktad"), default=False)
    # What the personal-data check found, in text order: [{"kind", "label", "start", "end", "masked"}].
    # start/end are offsets into `description` (the stored, masked text): a masked finding points
    # at its token, one confirmed as not personal data ("masked": false) at its own words. While
    # the original is kept, masked findings also hold "original_start"/"original_end" in it.
    pii = models.JSONField(_("personuppgifter i texten"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    review_note = models.CharField(_("motivering"), max_length=500, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
        verbose_name=_("sammanslagen med"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    organisation = models.ForeignKey(
        "tenancy.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["municipality", "occurred_at"]),
            models.Index(fields=["reporter", "-created_at"]),
            # MAX(updated_at) per municipality versions the cached map data.
            models.Index(fields=["municipality", "updated_at"]),
            # the daily mask_pii_originals finds the few reports still holding an original
            models.Index(
                fields=["created_at"], condition=~models.Q(description_original=""), name="incident_original_kept"
            ),
        ]
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")

    def __str__(self) -> str:
        return f"#{self.pk} {self.category.name if self.category_id else ''}"

    @property
    def has_pii(self) -> bool:
        return bool(self.pii)

    @property
    def masked_findings(self) -> list[dict]:
        return [f for f in self.pii if f.get("masked")]

    @property
    def confirmed_findings(self) -> list[dict]:
        """Findings the reporter confirmed as not personal data: kept in the text, not flagged again."""
        return [dict(f, text=self.description[f["start"] : f["end"]]) for f in self.pii if not f.get("masked")]

    @property
    def original_expires_at(self):
        return self.created_at + datetime.timedelta(days=ORIGINAL_KEPT_DAYS)
