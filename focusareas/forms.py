from django import forms
from django.utils.translation import gettext_lazy as _

from focusareas import figures
from focusareas.models import Cause, Evidence, FocusArea
from incidents.models import IncidentCategory
from lagesbild.models import SituationPicture
from privacy.forms import PiiCheckMixin


class FocusAreaForm(PiiCheckMixin, forms.ModelForm):
    pii_fields = ("description",)

    class Meta:
        model = FocusArea
        fields = ["year", "name", "description", "children_and_youth", "status", "decided_by", "decided_on", "order"]
        labels = {"children_and_youth": _("Särskilt fokus på barn och unga")}
        help_texts = {
            "description": _("Vad fokusområdet gäller och varför det prioriteras. Skriv inga personuppgifter."),
            "decided_by": _("Till exempel ”Trygghetsrådets styrgrupp”."),
            "order": _("Lägre nummer visas först."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Ange ett år mellan 2000 och 2100."))
        return year

    def clean(self):
        data = super().clean()
        if data.get("status") == FocusArea.Status.DECIDED and not data.get("decided_on"):
            self.add_error("decided_on", _("Ange när fokusområdet beslutades."))
        return data


def _check_year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise forms.ValidationError(_("Ange ett år mellan 2000 och 2100."))
    return year


class ProposeForm(forms.Form):
    """A category's figure from a situation picture, proposed as a focus area."""

    name = forms.CharField(
        label=_("Fokusområdets namn"),
        max_length=150,
        error_messages={"required": _("Ange fokusområdets namn.")},
        help_text=_("Finns det redan ett fokusområde med det namnet för året läggs siffran till där som underlag."),
    )
    year = forms.IntegerField(
        label=_("År"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Ange ett år."), "invalid": _("Ange ett år med siffror.")},
    )

    def clean_year(self):
        return _check_year(self.cleaned_data["year"])


class DecisionForm(forms.Form):
    decided_by = forms.CharField(
        label=_("Beslutat av"),
        max_length=150,
        initial=_("Styrgruppen"),
        error_messages={"required": _("Ange vem som beslutade.")},
    )
    decided_on = forms.DateField(
        label=_("Beslutsdatum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Ange beslutsdatum."), "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")},
    )


TEXT_KINDS = [(k, label) for k, label in Evidence.Kind.choices if k != Evidence.Kind.FIGURE]


class EvidenceForm(PiiCheckMixin, forms.Form):
    """A survey result, a document or a dialogue, for the focus area or one of its causes."""

    pii_fields = ("description",)
    kind = forms.ChoiceField(label=_("Typ av underlag"), choices=TEXT_KINDS)
    description = forms.CharField(
        label=_("Vad underlaget visar"),
        error_messages={"required": _("Beskriv vad underlaget visar.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel ”62 % av eleverna i åk 9 känner sig otrygga i centrum”. Skriv inga personuppgifter."),
    )
    reference = forms.CharField(
        label=_("Källa"),
        max_length=300,
        required=False,
        help_text=_("Mätningens namn och år, dokumentets titel eller vilka som deltog i dialogen."),
    )
    cause = forms.ModelChoiceField(label=_("Orsak"), queryset=Cause.objects.none(), required=False)

    def __init__(self, *args, focus_area=None, causes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if causes is None:
            del self.fields["cause"]
        else:
            self.fields["cause"].queryset = causes
            self.fields["cause"].empty_label = _("Fokusområdet som helhet")


class FigureEvidenceForm(forms.Form):
    """A figure from one of the municipality's situation pictures: picture, category, column."""

    picture = forms.ModelChoiceField(
        label=_("Lägesbild"),
        queryset=SituationPicture.objects.none(),
        error_messages={"required": _("Välj en lägesbild."), "invalid_choice": _("Välj en lägesbild.")},
    )
    category = forms.ChoiceField(label=_("Kategori"), error_messages={"required": _("Välj en kategori.")})
    source = forms.ChoiceField(label=_("Siffra"), choices=[(k, v) for k, v in figures.SOURCES.items()])

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["picture"].queryset = SituationPicture.objects.filter(municipality=municipality).only(
            "id", "title", "frozen_at", "date_from"
        )
        self.fields["picture"].label_from_instance = figures.picture_label
        self.fields["picture"].empty_label = _("Välj lägesbild")
        self.fields["category"].choices = [("", _("Välj kategori"))] + list(
            IncidentCategory.objects.filter(municipality=municipality).values_list("slug", "name")
        )


class AnalysisForm(forms.Form):
    problem = forms.CharField(
        label=_("Problemet"),
        error_messages={"required": _("Beskriv problemet.")},
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad är problemet, var och när uppstår det? Skriv inga personuppgifter."),
    )


class CauseForm(forms.Form):
    side = forms.ChoiceField(label=_("Del av problemtriangeln"), choices=Cause.Side.choices)
    text = forms.CharField(
        label=_("Orsak"),
        max_length=300,
        help_text=_("En mening. Skriv inga personuppgifter."),
        error_messages={"required": _("Beskriv orsaken.")},
    )
