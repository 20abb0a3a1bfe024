from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenancy.roles import Role


class Municipality(models.Model):
    """A kommun: the tenant that owns its data. Identified by its SCB code."""

    code = models.CharField(_("kommunkod"), max_length=4, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    county_code = models.CharField(_("länskod"), max_length=2, blank=True)
    county_name = models.CharField(_("län"), max_length=100, blank=True)
    # GeoJSON geometry (WGS84) and its bounding box, for map views and position checks.
    boundary = models.JSONField(null=True, blank=True)
    min_lon = models.FloatField(null=True)
    min_lat = models.FloatField(null=True)
    max_lon = models.FloatField(null=True)
    max_lat = models.FloatField(null=True)
    # Bumped whenever the municipality's areas change, so that cached geometry is rebuilt.
    areas_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name

    @property
    def center(self) -> tuple[float, float]:
        if self.min_lat is None:
            return (62.0, 15.0)
        return ((self.min_lat + self.max_lat) / 2, (self.min_lon + self.max_lon) / 2)


class PoliceArea(models.Model):
    """A lokalpolisområde, covering one or more municipalities."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    municipalities = models.ManyToManyField(Municipality, related_name="police_areas")

    class Meta:
        ordering = ["name"]
        verbose_name = _("lokalpolisområde")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A unit that reports or takes part: a municipal department, a housing company, …"""

    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", _("Kommunal verksamhet")
        SCHOOL = "school", _("Skola")
        YOUTH = "youth", _("Fritidsgård")
        SOCIAL = "social", _("Socialtjänst")
        HOUSING = "housing", _("Bostadsbolag/fastighetsägare")
        RESCUE = "rescue", _("Räddningstjänst")
        POLICE = "police", _("Polis")
        SECURITY = "security", _("Bevakning/ordningsvakter")
        OTHER = "other", _("Övrig")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("namn"), max_length=150)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPAL)

    class Meta:
        ordering = ["name"]
        unique_together = [("municipality", "name")]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in a municipality, or in a police area (then in each of its municipalities)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.CASCADE)
    police_area = models.ForeignKey(PoliceArea, null=True, blank=True, on_delete=models.CASCADE)
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=False, police_area__isnull=True)
                | models.Q(municipality__isnull=True, police_area__isnull=False),
                name="membership_one_scope",
            )
        ]
        verbose_name = _("medlemskap")

    def __str__(self) -> str:
        return f"{self.user} · {self.municipality or self.police_area} · {self.get_role_display()}"
