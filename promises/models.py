from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CitizenPromise(models.Model):
    """A medborgarlöfte: a yearly public promise by the municipality and its police area, decided
    by the KS chair and the police area chief (seed 001), in the four parts citizens know."""

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="promises")
    police_area = models.ForeignKey("tenancy.PoliceArea", null=True, blank=True, on_delete=models.SET_NULL)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="promises",
        verbose_name=_("överenskommelse"),
    )
    year = models.PositiveIntegerField(_("år"))
    title = models.CharField(_("rubrik"), max_length=200)
    situation_today = models.TextField(_("Situationen idag"))
    what_we_do = models.TextField(_("Det här ska vi göra"))
    what_we_achieve = models.TextField(_("Det här ska vi åstadkomma"))
    follow_along = models.TextField(_("Följ med i hur det går"))
    focus_areas = models.ManyToManyField(
        "focusareas.FocusArea", blank=True, related_name="promises", verbose_name=_("fokusområden")
    )
    decided_by = models.CharField(_("beslutat av"), max_length=250, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    published_at = models.DateTimeField(_("publicerat"), null=True, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    # personal data found in the four parts at the last save ([{field, kind, label}]); publishing
    # is refused while there is any, since the texts become public
    pii = models.JSONField(_("personuppgifter i texten"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "order", "id"]
        verbose_name = _("medborgarlöfte")
        verbose_name_plural = _("medborgarlöften")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class PromiseUpdate(models.Model):
    """A progress update on a promise during the year; public when the promise is published."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("Enligt plan")
        DELAYED = "delayed", _("Försenat")
        DONE = "done", _("Genomfört")
        NOT_DONE = "not_done", _("Inte genomfört")

    promise = models.ForeignKey(CitizenPromise, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("datum"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ON_TRACK)
    text = models.TextField(_("det här har hänt"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("lägesuppdatering")

    def __str__(self) -> str:
        return f"{self.promise} {self.date}"
