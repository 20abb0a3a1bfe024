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
