from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, AgreementDecision, AgreementSection, Signatory
from focusareas.models import FocusArea
from forums.models import Forum
from tenancy.models import PoliceArea

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def comment_field():
    return forms.CharField(
        label=_("Kommentar till versionen"),
        max_length=250,
        required=False,
        help_text=_("Till exempel ”Revidering efter årlig uppföljning”."),
    )


class AgreementForm(forms.ModelForm):
    comment = comment_field()

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "title",
            "police_area",
            "valid_from",
            "valid_to",
            "status",
            "legal_basis",
            "case_number",
            "replaces",
            "replaces_text",
            "signed_place",
            "signed_on",
            "renewal_year",
        ]
        labels = {"police_area": _("Lokalpolisområde"), "replaces": _("Ersätter överenskommelse")}
        help_texts = {
            "kind": _(
                "Strategisk: flera år, beslutas av kommunfullmäktige. Operativ: ett år, beslutas av kommunstyrelsen."
            ),
            "title": _("Lämna tomt för ”Samverkansöverenskommelse mellan lokalpolisområde … och … kommun år–år”."),
            "legal_basis": _("Lämna tomt för lag (2023:196) när överenskommelsen gäller från 1 juli 2023."),
            "replaces_text": _(
                "När den tidigare överenskommelsen inte finns här, t.ex. ”Förlängd överenskommelse från 2019”."
            ),
            "renewal_year": _("Samtrygg varnar när året kommer."),
        }
        widgets = {"valid_from": DATE, "valid_to": DATE, "signed_on": DATE}

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["police_area"].queryset = PoliceArea.objects.filter(municipalities=municipality)
        replaces = Agreement.objects.filter(municipality=municipality).only("id", "title")
        if self.instance.pk:
            replaces = replaces.exclude(pk=self.instance.pk)
        self.fields["replaces"].queryset = replaces
        self.fields["renewal_year"].widget.attrs["inputmode"] = "numeric"

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("Slutdatum kan inte vara före startdatum."))
        year = data.get("renewal_year")
        if year is not None and not 2000 <= year <= 2100:
            self.add_error("renewal_year", _("Ange ett år mellan 2000 och 2100."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Ny status"), choices=Agreement.Status.choices)
    comment = comment_field()


class SectionForm(forms.ModelForm):
    comment = comment_field()

    class Meta:
        model = AgreementSection
        fields = ["kind", "title", "body"]
        help_texts = {"body": _("Tom rad mellan stycken. Rader som börjar med ”- ” blir punktlista.")}
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


class DecisionForm(forms.ModelForm):
    class Meta:
        model = AgreementDecision
        fields = ["party", "body", "decided_on", "reference"]
        help_texts = {"reference": _("Till exempel ”KF § 45” eller ett diarienummer.")}
        widgets = {"decided_on": DATE}


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["party", "name", "title"]
        help_texts = {"title": _("Som i dokumentet, t.ex. ”Kommunstyrelsens ordförande”.")}


class AnnexForm(forms.Form):
    forums = forms.ModelMultipleChoiceField(
        label=_("Bilaga 1: forum för samverkan"),
        queryset=Forum.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Bilaga 2: fokusområden"),
        queryset=FocusArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = comment_field()

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forums"].queryset = Forum.objects.filter(municipality=municipality).order_by("name")
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(municipality=municipality).order_by(
            "-year", "order", "name"
        )
        self.fields["focus_areas"].label_from_instance = lambda f: f"{f.name} ({f.year})"
