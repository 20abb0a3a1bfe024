"""Forms of the action plan pages, with Swedish messages per field. Goals, activities and the
child impact assessment may be saved incomplete: the plan page shows what is missing, and the
workflow refuses the step that needs it."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from actionplans.models import ActionPlan, Activity, ChildImpactAssessment, Goal
from areas.models import Area
from focusareas.models import Cause
from incidents.models import IncidentCategory
from lagesbild.models import HourlyCount
from privacy import pii
from tenancy.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Ange datum, t.ex. 2026-03-31.")}
NUMBER_ERRORS = {"invalid": _("Ange ett tal, t.ex. 12 eller 4,5.")}


def pii_labels_of(text: str) -> list[str]:
    return sorted({f.label for f in pii.find_pii(text or "")})


class PlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["focus_area", "title", "starts_on", "ends_on"]
        labels = {
            "focus_area": _("Fokusområde"),
            "title": _("Rubrik"),
            "starts_on": _("Från"),
            "ends_on": _("Till och med"),
        }
        help_texts = {
            "focus_area": _("Beslutade fokusområden som ännu saknar handlingsplan."),
            "title": _("Lämnas tom: ”Handlingsplan: <fokusområdet>”."),
        }
        widgets = {"starts_on": DATE, "ends_on": DATE}
        error_messages = {
            "focus_area": {"required": _("Välj fokusområde."), "invalid_choice": _("Välj ett fokusområde i listan.")},
            "starts_on": {"required": _("Ange startdatum."), **DATE_ERRORS},
            "ends_on": {"required": _("Ange slutdatum."), **DATE_ERRORS},
        }

    def __init__(self, *args, focus_areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        if focus_areas is None:
            del self.fields["focus_area"]
        else:
            self.fields["focus_area"].queryset = focus_areas
            self.fields["focus_area"].empty_label = _("— välj —")

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Slutdatumet kan inte vara före startdatumet."))
        return data


def police_types(municipality) -> list[str]:
    return sorted(
        set(
            HourlyCount.objects.filter(municipality_id=municipality.pk, source="police", n__gt=0)
            .order_by()
            .values_list("police_type", flat=True)
            .distinct()
        )
    )


class GoalForm(forms.ModelForm):
    category = forms.ChoiceField(
        label=_("Kategori"),
        required=False,
        help_text=_("För EST-rapporter och polisanmälda brott: rådets kategori som räknas."),
        error_messages={"invalid_choice": _("Välj en kategori i listan.")},
    )
    police_type = forms.ChoiceField(
        label=_("Typ av polishändelse"),
        required=False,
        help_text=_("För polisens händelser: den typ som räknas."),
        error_messages={"invalid_choice": _("Välj en typ i listan.")},
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Bara dessa områden"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_("Lämna tomt för hela kommunen."),
        error_messages={"invalid_choice": _("Välj områden i listan.")},
    )

    class Meta:
        model = Goal
        fields = [
            "description",
            "cause",
            "indicator_source",
            "indicator",
            "baseline_from",
            "baseline_to",
            "baseline",
            "direction",
            "target",
            "target_date",
            "data_source",
        ]
        labels = {
            "description": _("Mål – vad ska uppnås?"),
            "cause": _("Orsak som målet angriper"),
            "indicator_source": _("Hur mäts målet?"),
            "indicator": _("Indikator (annan källa)"),
            "baseline_from": _("Utgångsvärdets period från"),
            "baseline_to": _("Utgångsvärdets period till och med"),
            "baseline": _("Utgångsvärde (annan källa)"),
            "direction": _("Riktning"),
            "target": _("Målvärde"),
            "target_date": _("Måldatum"),
            "data_source": _("Datakälla (annan källa)"),
        }
        help_texts = {
            "description": _("Specifikt: t.ex. ”Minska klotter vid skolorna i Lomma centrum”."),
            "indicator_source": _("Väljer du en serie i Samtrygg räknas utgångsvärdet och nuläget ut automatiskt."),
            "indicator": _("T.ex. ”Andel elever i årskurs 9 som känner sig trygga”."),
            "baseline_from": _("För en serie: hela månader i perioden ger utgångsvärdet (snitt per månad)."),
            "baseline": _("Skrivs bara för annan källa; för en serie räknas det ut när målet sparas."),
            "target": _("För en serie: antal per månad."),
            "data_source": _("T.ex. ”Skolans trygghetsenkät, våren 2026”. För en serie anges den automatiskt."),
        }
        localized_fields = ["baseline", "target"]  # "4,5" as Swedes write it
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "baseline_from": DATE,
            "baseline_to": DATE,
            "target_date": DATE,
            "baseline": forms.TextInput(attrs={"inputmode": "decimal"}),
            "target": forms.TextInput(attrs={"inputmode": "decimal"}),
        }
        error_messages = {
            "description": {"required": _("Beskriv målet.")},
            "baseline_from": DATE_ERRORS,
            "baseline_to": DATE_ERRORS,
            "target_date": DATE_ERRORS,
            "baseline": NUMBER_ERRORS,
            "target": NUMBER_ERRORS,
            "cause": {"invalid_choice": _("Välj en orsak i listan.")},
        }

    def __init__(self, plan: ActionPlan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = plan.municipality
        self.fields["cause"].queryset = Cause.objects.filter(analysis__focus_area=plan.focus_area)
        self.fields["cause"].empty_label = _("— ingen vald —")
        categories = IncidentCategory.objects.filter(municipality=municipality).order_by("position", "name")
        self.fields["category"].choices = [("", _("— välj —"))] + [(c.slug, c.name) for c in categories]
        types = police_types(municipality)
        params = self.instance.indicator_params or {}
        if params.get("police_type") and params["police_type"] not in types:
            types.append(params["police_type"])
        self.fields["police_type"].choices = [("", _("— välj —"))] + [(t, t) for t in types]
        self.fields["areas"].queryset = Area.objects.filter(municipality=municipality).order_by("name")
        if self.instance.pk and not self.is_bound:
            self.initial.update(
                category=params.get("category", ""),
                police_type=params.get("police_type", ""),
                areas=params.get("areas", []),
            )
            if self.instance.indicator_source != Goal.Source.MANUAL:
                self.initial.update(indicator="", data_source="", baseline=None)

    def clean(self):
        data = super().clean()
        source = data.get("indicator_source")
        if source in (Goal.Source.EST, Goal.Source.POLICE_REPORTS) and not data.get("category"):
            self.add_error("category", _("Välj vilken kategori som räknas."))
        if source == Goal.Source.POLICE_EVENTS and not data.get("police_type"):
            self.add_error("police_type", _("Välj vilken typ av polishändelse som räknas."))
        start, end = data.get("baseline_from"), data.get("baseline_to")
        if start and end and end < start:
            self.add_error("baseline_to", _("Periodens slut kan inte vara före dess början."))
        return data

    def service_data(self) -> dict:
        """cleaned_data in the shape services.add_goal/update_goal take."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("category", "police_type", "areas")}
        source = data.get("indicator_source")
        params = {}
        if source in (Goal.Source.EST, Goal.Source.POLICE_REPORTS):
            params["category"] = self.cleaned_data["category"]
        elif source == Goal.Source.POLICE_EVENTS:
            params["police_type"] = self.cleaned_data["police_type"]
        if source != Goal.Source.MANUAL and self.cleaned_data.get("areas"):
            params["areas"] = [a.pk for a in self.cleaned_data["areas"]]
        data["indicator_params"] = params
        return data


class ActivityForm(forms.ModelForm):
    done = forms.BooleanField(label=_("Genomförd"), required=False)

    class Meta:
        model = Activity
        fields = [
            "what",
            "kind",
            "goal",
            "cause",
            "organisation",
            "responsible",
            "owner",
            "starts_on",
            "ends_on",
            "status",
            "status_comment",
            "cost",
        ]
        labels = {
            "what": _("Aktivitet – vad ska göras?"),
            "kind": _("Typ av insats"),
            "goal": _("Mål som aktiviteten bidrar till"),
            "cause": _("Orsak som aktiviteten angriper"),
            "organisation": _("Ansvarig organisation"),
            "responsible": _("Ansvarig person eller funktion"),
            "owner": _("Påminn användare"),
            "starts_on": _("Start"),
            "ends_on": _("Klart senast"),
            "status": _("Status"),
            "status_comment": _("Kommentar till status"),
            "cost": _("Kostnad (kr)"),
        }
        help_texts = {
            "owner": _("Får en påminnelse per e-post när aktiviteten är försenad."),
            "status_comment": _("Skriv på gruppnivå – inga namn eller andra personuppgifter."),
        }
        localized_fields = ["cost"]
        widgets = {
            "what": forms.TextInput(),
            "starts_on": DATE,
            "ends_on": DATE,
            "cost": forms.TextInput(attrs={"inputmode": "numeric"}),
            "status": forms.RadioSelect,
        }
        error_messages = {
            "what": {"required": _("Beskriv aktiviteten.")},
            "responsible": {"required": _("Ange vem som är ansvarig.")},
            "starts_on": {"required": _("Ange startdatum."), **DATE_ERRORS},
            "ends_on": {"required": _("Ange när aktiviteten ska vara klar."), **DATE_ERRORS},
            "cost": {"invalid": _("Ange kostnaden i hela kronor, t.ex. 15000.")},
        }

    def __init__(self, plan: ActionPlan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = plan.municipality
        self.fields["goal"].queryset = plan.goals.all()
        self.fields["cause"].queryset = Cause.objects.filter(analysis__focus_area=plan.focus_area)
        self.fields["organisation"].queryset = Organisation.objects.filter(municipality=municipality).order_by("name")
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(memberships__municipality=municipality, is_active=True)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        for name in ("goal", "cause", "organisation", "owner"):
            self.fields[name].empty_label = _("— ingen vald —")
        if self.instance.pk and not self.is_bound:
            self.initial["done"] = self.instance.done_at is not None

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Slutdatumet kan inte vara före startdatumet."))
        return data

    def pii_labels(self) -> list[str]:
        return pii_labels_of(self.cleaned_data.get("status_comment", ""))


class ChildImpactForm(forms.ModelForm):
    class Meta:
        model = ChildImpactAssessment
        fields = ["affected_children", "views_heard", "best_interest", "alternatives", "compensating_measures"]
        help_texts = {
            "affected_children": _("T.ex. åldrar, skolor, fritidsgårdar, barn som bor i området."),
            "views_heard": _("T.ex. elevråd, enkät, samtal på fritidsgården."),
            "best_interest": _("Hur påverkas barnen, och hur har barnets bästa vägts mot andra intressen?"),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False  # saved in parts; complete when the three first are filled in
