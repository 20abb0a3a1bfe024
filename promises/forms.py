"""Forms for a citizen promise and its progress updates, with Swedish messages per field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from focusareas.models import FocusArea
from privacy import services as privacy
from privacy.forms import PiiCheckMixin
from promises import services
from promises.models import CitizenPromise, PromiseUpdate
from tenancy.models import PoliceArea

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PUBLIC_HELP = _("Texten publiceras för invånarna. Skriv inte namn, personnummer eller annat som pekar ut personer.")


class PromiseForm(PiiCheckMixin, forms.ModelForm):
    pii_fields = tuple(services.TEXT_FIELDS)

    class Meta:
        model = CitizenPromise
        fields = [
            "year",
            "title",
            "situation_today",
            "what_we_do",
            "what_we_achieve",
            "follow_along",
            "police_area",
            "focus_areas",
            "agreement",
            "decided_by",
            "decided_on",
            "order",
        ]
        labels = {
            "title": _("Rubrik"),
            "police_area": _("Lokalpolisområde"),
            "agreement": _("Hör till överenskommelse"),
        }
        help_texts = {
            "title": _("Kort och begripligt, t.ex. ”Tryggare centrum på kvällstid”."),
            "situation_today": _("Vad är problemet, och hur vet vi det?"),
            "what_we_do": _("De konkreta åtgärderna kommunen och polisen lovar."),
            "what_we_achieve": _("Vad ska bli bättre för invånarna?"),
            "follow_along": _("Var och hur invånarna kan se hur det går."),
            "focus_areas": _("Årets fokusområden som löftet hör till."),
            "agreement": _("Den operativa överenskommelse löftet knyts till."),
            "order": _("Lägre tal visas först."),
        }
        widgets = {
            "situation_today": forms.Textarea(attrs={"rows": 5}),
            "what_we_do": forms.Textarea(attrs={"rows": 5}),
            "what_we_achieve": forms.Textarea(attrs={"rows": 4}),
            "follow_along": forms.Textarea(attrs={"rows": 3}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "decided_on": DATE,
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "order": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        error_messages = {
            "title": {"required": _("Ange en rubrik.")},
            "situation_today": {"required": _("Beskriv situationen idag.")},
            "what_we_do": {"required": _("Beskriv vad ni ska göra.")},
            "what_we_achieve": {"required": _("Beskriv vad ni ska åstadkomma.")},
            "follow_along": {"required": _("Beskriv hur invånarna kan följa hur det går.")},
            "year": {"required": _("Ange år."), "invalid": _("Ange år med fyra siffror, t.ex. 2026.")},
            "decided_on": {"invalid": _("Ange datum, t.ex. 2026-01-20.")},
            "order": {"invalid": _("Ange ett heltal.")},
        }

    def __init__(self, municipality, *args, year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        if year is None:
            year = services.parse_year(self.data.get("year"), self.initial.get("year") or services.current_year())
        self.fields["police_area"].queryset = PoliceArea.objects.filter(municipalities=municipality)
        self.fields["police_area"].empty_label = _("— inget —")
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(municipality=municipality, year=year)
        self.fields["agreement"].queryset = services.operative_agreements(municipality)
        self.fields["agreement"].empty_label = _("— ingen —")
        for name in services.TEXT_FIELDS[1:]:
            self.fields[name].help_text = f"{self.fields[name].help_text} {PUBLIC_HELP}"

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Ange ett år mellan 2000 och 2100."))
        return year

    def pii_findings(self) -> dict:
        """{field: labels} for the texts with unresolved personal data (after is_valid())."""
        promise = self.instance if self.instance.pk else None
        found = services.find_personal_data(self.cleaned_data, promise=promise, pii_confirmed=self.pii_confirmed())
        return {name: sorted({f.kind_label for f in fs}) for name, fs in found.items()}


class UpdateForm(PiiCheckMixin, forms.ModelForm):
    pii_fields = ("text",)

    class Meta:
        model = PromiseUpdate
        fields = ["date", "status", "text"]
        labels = {"date": _("Datum"), "status": _("Status"), "text": _("Det här har hänt")}
        help_texts = {"text": PUBLIC_HELP}
        widgets = {"date": DATE, "text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "date": {"required": _("Ange datum."), "invalid": _("Ange datum, t.ex. 2026-05-15.")},
            "text": {"required": _("Skriv vad som har hänt.")},
            "status": {"invalid_choice": _("Välj en status i listan.")},
        }

    def clean_text(self):
        text = self.cleaned_data["text"]
        found = privacy.unresolved(
            obj=self.instance, fields=["text"], texts={"text": text}, also_confirmed=self.pii_confirmed()
        )
        if found:
            # updates are public with the promise: masked or confirmed, finding by finding
            raise forms.ValidationError(privacy.refusal_message(found))
        return text
