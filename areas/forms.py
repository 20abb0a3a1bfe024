from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import Area


class AreaImportForm(forms.Form):
    file = forms.FileField(
        label=_("GeoJSON-fil"),
        help_text=_("En FeatureCollection med polygoner, WGS84 (lon/lat)."),
        error_messages={"required": _("Välj en fil att importera.")},
    )
    kind = forms.ChoiceField(label=_("Typ av område"), choices=Area.Kind.choices, initial=Area.Kind.DISTRICT)
    name_property = forms.CharField(
        label=_("Egenskap med namnet"),
        required=False,
        max_length=60,
        help_text=_("Lämna tomt för att använda name, namn eller deso."),
    )


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=150, error_messages={"required": _("Ange platsens namn.")})
    lat = forms.FloatField(
        label=_("Latitud"),
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any"}),
        error_messages={"required": _("Ange latitud."), "invalid": _("Latitud ska vara ett tal.")},
    )
    lon = forms.FloatField(
        label=_("Longitud"),
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any"}),
        error_messages={"required": _("Ange longitud."), "invalid": _("Longitud ska vara ett tal.")},
    )

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean(self):
        from areas.geometry import within_municipality
        from areas.models import Place

        data = super().clean()
        if (
            data.get("name")
            and Place.objects.filter(municipality=self.municipality, name=data["name"].strip()).exists()
        ):
            self.add_error("name", _("Det finns redan en plats med det namnet."))
        if (
            data.get("lat") is not None
            and data.get("lon") is not None
            and not within_municipality(self.municipality, data["lat"], data["lon"])
        ):
            self.add_error("lat", _("Platsen ligger utanför kommunen."))
        return data


class PopulationForm(forms.Form):
    """An area's population, typed by the coordinator; empty clears it."""

    population = forms.IntegerField(
        label=_("Befolkning"),
        required=False,
        min_value=0,
        max_value=2_000_000,
        help_text=_("Antal invånare i området. Lämna tomt om den inte är känd."),
        error_messages={
            "invalid": _("Befolkningen ska vara ett heltal."),
            "min_value": _("Befolkningen kan inte vara negativ."),
            "max_value": _("Befolkningen är orimligt stor."),
        },
    )
    population_year = forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Året som siffran gäller, till exempel 2025."),
        error_messages={
            "invalid": _("Året ska vara ett årtal, till exempel 2025."),
            "min_value": _("Året ska vara ett årtal, till exempel 2025."),
            "max_value": _("Året ska vara ett årtal, till exempel 2025."),
        },
    )
    population_source = forms.CharField(
        label=_("Källa"),
        required=False,
        max_length=200,
        help_text=_("Till exempel ”SCB, befolkning per tätort 2024”. Utan källa skrivs ”Inskriven” och ditt namn."),
    )


class PopulationImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV- eller Excel-fil"),
        help_text=_("En rad per område med kolumnerna område (eller kod) och befolkning, gärna också år. Högst 5 MB."),
        error_messages={"required": _("Välj en fil att importera.")},
    )
    source = forms.CharField(
        label=_("Källa"),
        required=False,
        max_length=200,
        help_text=_("Varifrån siffrorna kommer, till exempel ”SCB 2025”. Utan källa används filens namn."),
    )
    year = forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Gäller rader som inte själva anger år."),
        error_messages={
            "invalid": _("Året ska vara ett årtal, till exempel 2025."),
            "min_value": _("Året ska vara ett årtal, till exempel 2025."),
            "max_value": _("Året ska vara ett årtal, till exempel 2025."),
        },
    )
