from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusReport(models.Model):
    """A lägesrapport that one member organisation was asked for before a meeting (seed 001:
    "samtliga verksamheter inför varje möte rapportera in lägesrapporter")."""

    meeting = models.ForeignKey("forums.Meeting", on_delete=models.CASCADE, related_name="status_reports")
    organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.CASCADE, related_name="status_reports")
    requested_at = models.DateTimeField(_("begärd"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    due_date = models.DateField(_("senast"))
    reminded_at = models.DateTimeField(_("påmind"), null=True, blank=True)
    # the short template
    situation = models.TextField(_("Läget i verksamheten"), blank=True)
    observations = models.TextField(_("Händelser och tendenser sedan förra mötet"), blank=True)
    measures = models.TextField(_("Pågående och planerade insatser"), blank=True)
    needs = models.TextField(_("Behov av samverkan eller stöd"), blank=True)
    # personal data found in the text and left unmasked, for the coordinator's attention
    pii_flags = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(_("inskickad"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["organisation__name"]
        unique_together = [("meeting", "organisation")]
        verbose_name = _("lägesrapport")
        verbose_name_plural = _("lägesrapporter")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.meeting}"
