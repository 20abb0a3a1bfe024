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
