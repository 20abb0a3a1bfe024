from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FocusArea(models.Model):
    """A fokusområde: a prioritised problem area of a municipality for a year, proposed by the
    samverkansgrupp and decided by the styrgrupp. Agreements list theirs in annex 2; action plans
    (issue 5) hang off it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Föreslaget")
        DECIDED = "decided", _("Beslutat")
        CLOSED = "closed", _("Avslutat")

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="focus_areas")
    year = models.PositiveIntegerField(_("år"))
    name = models.CharField(_("namn"), max_length=150)
    description = models.TextField(_("beskrivning"), blank=True)
    # Seed 003: "Det ska alltid vara ett särskilt fokus gällande barn och ungdomar."
    children_and_youth = models.BooleanField(_("särskilt fokus på barn och unga"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.CharField(_("beslutat av"), max_length=150, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "order", "name"]
        unique_together = [("municipality", "year", "name")]
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")

    def __str__(self) -> str:
        return self.name


class Evidence(models.Model):
    """What a focus area or one of its causes rests on: a figure taken from the system (linked,
    with the query that produced it, never retyped), a survey result, a document or a dialogue."""

    class Kind(models.TextChoices):
        FIGURE = "figure", _("Siffra ur Samtrygg")
        SURVEY = "survey", _("Trygghetsmätning eller enkät")
        DOCUMENT = "document", _("Dokument")
        DIALOGUE = "dialogue", _("Dialog")

    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="evidence")
    cause = models.ForeignKey(
        "focusareas.Cause", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("typ av underlag"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("beskrivning"))
    # for a figure: the series and period it was read from ({"source": "est", "category": "…",
    # "area": id, "from": "2026-01-01", "to": "2026-03-31"}), its value then, and the lägesbild
    source = models.JSONField(_("källa"), default=dict, blank=True)
    value = models.DecimalField(_("värde"), max_digits=12, decimal_places=2, null=True, blank=True)
    situation_picture = models.ForeignKey(
        "lagesbild.SituationPicture", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference = models.CharField(_("referens"), max_length=300, blank=True)
    # personal data found in the typed description (privacy.pii), flagged like the other free texts
    pii = models.JSONField(_("personuppgifter i texten"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("underlag")

    def __str__(self) -> str:
        return self.description[:80]


class CauseAnalysis(models.Model):
    """The orsaksanalys of a focus area: the problem and its causes, arranged by the problem
    triangle (offender, victim or target, place)."""

    focus_area = models.OneToOneField(FocusArea, on_delete=models.CASCADE, related_name="cause_analysis")
    problem = models.TextField(_("problemet"))
    pii = models.JSONField(_("personuppgifter i texten"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("orsaksanalys")

    def __str__(self) -> str:
        return str(self.focus_area)


class Cause(models.Model):
    class Side(models.TextChoices):
        OFFENDER = "offender", _("Gärningsperson")
        VICTIM = "victim", _("Brottsoffer eller mål")
        PLACE = "place", _("Plats")

    analysis = models.ForeignKey(CauseAnalysis, on_delete=models.CASCADE, related_name="causes")
    side = models.CharField(_("del av problemtriangeln"), max_length=10, choices=Side.choices)
    text = models.CharField(_("orsak"), max_length=300)
    order = models.PositiveIntegerField(default=0)
    pii = models.JSONField(_("personuppgifter i texten"), default=list, blank=True)

    class Meta:
        ordering = ["side", "order", "id"]
        verbose_name = _("orsak")

    def __str__(self) -> str:
        return self.text
