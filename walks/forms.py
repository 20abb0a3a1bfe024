"""Forms of the walk pages. They only validate; the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from incidents.forms import LocalDateTimeField
from privacy.forms import PiiCheckMixin
from tenancy.models import Organisation
from walks.models import ProposalAnswer, WalkParticipant

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WalkForm(PiiCheckMixin, forms.Form):
    pii_fields = ("purpose",)

    title = forms.CharField(label=_("Rubrik"), max_length=200)
    starts_at = LocalDateTimeField(label=_("Start"), widget=DATETIME)
    ends_at = LocalDateTimeField(label=_("Slut"), widget=DATETIME, required=False)
    area = forms.ModelChoiceField(label=_("Område"), queryset=Area.objects.none(), required=False)
    meeting_point = forms.CharField(label=_("Samlingsplats"), max_length=200, required=False)
    purpose = forms.CharField(label=_("Syfte"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    stops = forms.CharField(
        label=_("Rutt (hållplatser)"),
        help_text=_("En plats per rad, i den ordning ni går."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("Slutet måste vara efter starten."))
        return data

    def route(self):
        stops = [line.strip() for line in self.cleaned_data.get("stops", "").splitlines() if line.strip()]
        return {"stops": [{"name": s} for s in stops]} if stops else None


class ParticipantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Roll"), choices=WalkParticipant.Kind.choices)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none(), required=False)
    name = forms.CharField(label=_("Namn"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(municipality=municipality)

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Ange en organisation eller ett namn."))
        return data


class ProposalForm(PiiCheckMixin, forms.Form):
    pii_fields = ("title", "description")

    title = forms.CharField(label=_("Förslag"), max_length=200)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    observations = forms.MultipleChoiceField(
        label=_("Observationer"), widget=forms.CheckboxSelectMultiple, required=False
    )
    owner_organisation = forms.ModelChoiceField(label=_("Ansvarig organisation"), queryset=Organisation.objects.none())
    owner_name = forms.CharField(label=_("Kontaktperson"), max_length=150, required=False)
    owner_email = forms.EmailField(label=_("Kontaktpersonens e-post"), required=False)
    answer_by = forms.DateField(label=_("Svar senast"), widget=DATE)

    def __init__(self, walk, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = Organisation.objects.filter(municipality=walk.municipality)
        self.fields["observations"].choices = [
            (str(o.pk), f"#{o.pk} {o.category.name}: {o.text[:60]}")
            for o in walk.observations.select_related("category")
        ]


class AnswerForm(PiiCheckMixin, forms.Form):
    pii_fields = ("reason", "comment")

    decision = forms.ChoiceField(label=_("Svar"), choices=ProposalAnswer.Decision.choices, widget=forms.RadioSelect)
    planned_date = forms.DateField(label=_("Planerat datum"), widget=DATE, required=False)
    comment = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    reason = forms.CharField(
        label=_("Varför åtgärdas det inte?"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    rerouted_to = forms.ModelChoiceField(
        label=_("Vem äger det i stället?"), queryset=Organisation.objects.none(), required=False
    )
    rerouted_contact_name = forms.CharField(label=_("Kontaktperson där"), max_length=150, required=False)
    rerouted_contact_email = forms.EmailField(label=_("Kontaktpersonens e-post"), required=False)
    photo = forms.FileField(
        label=_("Bild"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )

    def __init__(self, proposal, *args, **kwargs):
        super().__init__(*args, prefix=f"p{proposal.pk}", **kwargs)
        self.fields["rerouted_to"].queryset = Organisation.objects.filter(municipality=proposal.municipality).exclude(
            pk=proposal.owner_organisation_id
        )

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == ProposalAnswer.Decision.ACCEPT and not data.get("planned_date"):
            self.add_error("planned_date", _("Ange när åtgärden är planerad."))
        if decision == ProposalAnswer.Decision.DECLINE and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Ange varför förslaget inte åtgärdas."))
        return data
