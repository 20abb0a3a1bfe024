"""The report form. The web form and the API validate through it, so both give the same
Swedish messages per field."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.geometry import within_municipality
from areas.models import Place
from incidents.models import Incident, IncidentCategory
from incidents.services import ALWAYS_MASKED
from privacy import pii

MAX_FUTURE = timezone.timedelta(minutes=15)
MAX_AGE = timezone.timedelta(days=366)


class LocalDateTimeField(forms.DateTimeField):
    """A local time that also accepts the repeated hour of the autumn clock change (the first
    02:30 is meant) and the skipped hour in spring, instead of refusing a weekend night's event."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as e:
            if e.code != "ambiguous_timezone":
                raise
        naive = datetime.datetime.fromisoformat(str(value).strip())
        return naive.replace(tzinfo=timezone.get_current_timezone(), fold=0)


class ConfirmedField(forms.Field):
    """A list of strings (checkboxes of the same name, or a JSON list from the API)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str) or not all(isinstance(v, str) for v in value):
            raise forms.ValidationError(_("Ange det som inte är personuppgifter som en lista med texter."))
        return [v for v in value if v]


class CategoryRadio(forms.RadioSelect):
    template_name = "incidents/widgets/category_radio.html"


class ReportForm(forms.Form):
    occurred_at = LocalDateTimeField(
        label=_("När hände det?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": _("Ange när det hände."),
            "invalid": _("Ange datum och tid, t.ex. 2026-03-14 22:30."),
        },
    )
    place = forms.ModelChoiceField(
        label=_("Känd plats"),
        queryset=Place.objects.none(),
        required=False,
        empty_label=_("— välj en plats —"),
        error_messages={"invalid_choice": _("Välj en plats i listan.")},
    )
    lat = forms.FloatField(
        label=_("Latitud"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        error_messages={"invalid": _("Latitud ska vara ett tal, t.ex. 55.6712.")},
    )
    lon = forms.FloatField(
        label=_("Longitud"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        error_messages={"invalid": _("Longitud ska vara ett tal, t.ex. 13.0701.")},
    )
    category = forms.ModelChoiceField(
        label=_("Vad gäller det?"),
        queryset=IncidentCategory.objects.none(),
        to_field_name="slug",
        widget=CategoryRadio,
        empty_label=None,
        error_messages={"required": _("Välj en kategori."), "invalid_choice": _("Välj en kategori i listan.")},
    )
    description = forms.CharField(
        label=_("Vad hände?"),
        min_length=3,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        help_text=_(
            "Beskriv platsen, tiden och vad som hände. Skriv inte namn, personnummer eller annat som pekar ut personer."
        ),
        error_messages={
            "required": _("Beskriv kort vad som hände."),
            "min_length": _("Beskriv lite mer (minst %(limit_value)d tecken)."),
            "max_length": _("Texten får vara högst %(limit_value)d tecken (nu %(show_value)d)."),
        },
    )
    people_count = forms.ChoiceField(
        label=_("Ungefär hur många personer?"),
        required=False,
        choices=[("", _("— välj —"))] + Incident.PeopleCount.choices,
        error_messages={"invalid_choice": _("Välj ett antal i listan.")},
    )
    age_group = forms.ChoiceField(
        label=_("Åldersgrupp"),
        required=False,
        choices=[("", _("— välj —"))] + Incident.AgeGroup.choices,
        error_messages={"invalid_choice": _("Välj en åldersgrupp i listan.")},
    )
    police_notified = forms.BooleanField(label=_("Polisen kontaktades"), required=False)
    rescue_notified = forms.BooleanField(label=_("Räddningstjänsten kontaktades"), required=False)
    # The exact texts of findings the writer confirms are not personal data (a place called Berga);
    # every other finding is masked. Ticked one by one in the live check (incidents/_pii.html).
    not_pii = ConfirmedField(label=_("Detta är inte en personuppgift"), required=False)

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["category"].queryset = IncidentCategory.objects.filter(municipality=municipality, active=True)
        self.fields["place"].queryset = Place.objects.filter(municipality=municipality)

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        now = timezone.now()
        if value > now + MAX_FUTURE:
            raise forms.ValidationError(_("Tiden ligger i framtiden. Ange när det hände."))
        if value < now - MAX_AGE:
            raise forms.ValidationError(_("Händelsen är äldre än ett år. Ange ett senare datum."))
        return value

    def clean_not_pii(self):
        confirmed = self.cleaned_data.get("not_pii") or []
        description = self.cleaned_data.get("description")
        if not confirmed or description is None:
            return confirmed
        found = {description[f.start : f.end]: f for f in pii.find_pii(description)}
        for text in confirmed:
            if text not in found:
                raise forms.ValidationError(
                    _("”%(text)s” finns inte bland det som hittades i texten. Kontrollera stavningen.")
                    % {"text": text[:80]}
                )
            if found[text].kind in ALWAYS_MASKED:
                raise forms.ValidationError(
                    _("”%(text)s” är ett %(kind)s och maskeras alltid.") % {"text": text, "kind": found[text].label}
                )
        return confirmed

    def clean(self):
        data = super().clean()
        lat, lon, place = data.get("lat"), data.get("lon"), data.get("place")
        if "lat" in self.errors or "lon" in self.errors:
            return data  # one of them is not a coordinate (its own message says why): no place check
        if (lat is None) != (lon is None):
            self.add_error("lat", _("Ange både latitud och longitud, eller välj en plats."))
            return data
        if lat is None and lon is None:
            if place is None:
                if "place" not in self.errors:
                    self.add_error(
                        "lat", _("Ange var det hände: klicka på kartan, använd din position eller välj en plats.")
                    )
                return data
            data["lat"], data["lon"] = place.lat, place.lon
        elif not within_municipality(self.municipality, lat, lon):
            self.add_error(
                "lat",
                _("Platsen ligger utanför %(municipality)s. Kontrollera var du satte nålen.")
                % {"municipality": self.municipality.name},
            )
        return data


class DuplicateCheckForm(ReportForm):
    """What the live duplicate check needs: when, where and what kind — never the free text,
    which must not travel in a URL."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].required = False


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("accept", ""), ("reject", ""), ("recategorise", ""), ("merge", ""), ("mask", "")]
    )
    category = forms.ModelChoiceField(
        label=_("Ny kategori"), queryset=IncidentCategory.objects.none(), to_field_name="slug", required=False
    )
    reason = forms.CharField(label=_("Motivering"), max_length=500, required=False)
    merge_into = forms.IntegerField(label=_("Slå ihop med händelse nr"), required=False, min_value=1)

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = IncidentCategory.objects.filter(municipality=municipality, active=True)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "reject" and not data.get("reason", "").strip():
            self.add_error("reason", _("Skriv varför händelsen avvisas."))
        if action == "recategorise" and not data.get("category"):
            self.add_error("category", _("Välj den nya kategorin."))
        if action == "merge" and not data.get("merge_into"):
            self.add_error("merge_into", _("Ange numret på händelsen att slå ihop med."))
        return data


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=100, error_messages={"required": _("Ange kategorins namn.")})
