from django import forms
from django.utils.translation import gettext_lazy as _

from majorevents.models import Entry, MajorEvent
from majorevents.services import TAGS
from privacy.forms import PiiCheckMixin


class EventForm(PiiCheckMixin, forms.Form):
    pii_fields = ("title",)
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ"), choices=MajorEvent.Kind.choices)
    place_name = forms.CharField(label=_("Plats eller område"), max_length=200, required=False)
    lat = forms.FloatField(label=_("Latitud"), required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(label=_("Longitud"), required=False, widget=forms.HiddenInput)
    started_at = forms.DateTimeField(
        label=_("Började"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    municipality_lead = forms.CharField(label=_("Leds för kommunen av (funktion)"), max_length=150, required=False)
    police_lead = forms.CharField(label=_("Leds för polisen av (funktion)"), max_length=150, required=False)


class EntryForm(PiiCheckMixin, forms.Form):
    pii_fields = ("text",)
    kind = forms.ChoiceField(
        label=_("Typ"), choices=[c for c in Entry.Kind.choices if c[0] != Entry.Kind.ACKNOWLEDGEMENT]
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    tags = forms.MultipleChoiceField(
        label=_("Taggar"), choices=[(t, t) for t in TAGS], required=False, widget=forms.CheckboxSelectMultiple
    )
    free_tags = forms.CharField(label=_("Egna taggar (kommaseparerade)"), required=False, max_length=200)
    internal_only = forms.BooleanField(label=_("Endast kommun och polis"), required=False)
    assignee = forms.CharField(label=_("Ansvarig för svaret (begäran)"), required=False, max_length=150)
    due_at = forms.DateTimeField(
        label=_("Svar senast (begäran)"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    decided_by = forms.CharField(label=_("Beslutad av (beslut)"), required=False, max_length=150)
    recipients = forms.CharField(label=_("Till vem (information ut)"), required=False, max_length=300)
    corrects = forms.IntegerField(label=_("Rättar post nr"), required=False, min_value=1)

    def all_tags(self) -> list[str]:
        free = [t.strip() for t in (self.cleaned_data.get("free_tags") or "").split(",")]
        return list(self.cleaned_data.get("tags") or []) + [t for t in free if t]


class AnswerForm(PiiCheckMixin, forms.Form):
    pii_fields = ("text",)
    text = forms.CharField(label=_("Svar"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class CloseForm(PiiCheckMixin, forms.Form):
    pii_fields = {"worked": "evaluation_worked", "did_not_work": "evaluation_did_not_work"}
    worked = forms.CharField(label=_("Vad fungerade?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    did_not_work = forms.CharField(
        label=_("Vad fungerade inte?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class OnCallForm(forms.Form):
    label = forms.CharField(label=_("Funktion"), max_length=120, required=False)
    user = forms.ModelChoiceField(label=_("Användare"), queryset=None, required=False)
    email = forms.EmailField(label=_("eller e-postadress"), required=False)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
