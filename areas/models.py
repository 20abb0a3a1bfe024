from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """A polygon of a municipality: a district, a village, a school area, a DeSO."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("Stadsdel/tätort")
        VILLAGE = "village", _("By")
        SCHOOL = "school", _("Skolområde")
        DESO = "deso", _("DeSO-område")
        OTHER = "other", _("Övrigt")

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("namn"), max_length=150)
    code = models.CharField(_("kod"), max_length=40, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.DISTRICT)
    geometry = models.JSONField()  # GeoJSON Polygon/MultiPolygon, WGS84
    population = models.PositiveIntegerField(_("befolkning"), null=True, blank=True)
    # Where the figure comes from ("SCB DeSO 2016", "Inskriven", a file name) and its year:
    # shown next to every rate per 1,000 inhabitants.
    population_source = models.CharField(_("källa för befolkningen"), max_length=200, blank=True)
    population_year = models.PositiveSmallIntegerField(_("år för befolkningen"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        unique_together = [("municipality", "name")]
        verbose_name = _("område")
        verbose_name_plural = _("områden")

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    """A named recurring location: a park, a square, a station."""

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("namn"), max_length=150)
    lat = models.FloatField(_("latitud"))
    lon = models.FloatField(_("longitud"))
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["name"]
        unique_together = [("municipality", "name")]
        verbose_name = _("plats")
        verbose_name_plural = _("platser")

    def __str__(self) -> str:
        return self.name
