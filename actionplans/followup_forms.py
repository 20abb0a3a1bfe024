"""Forms of the quarterly follow-up and the evaluation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actionplans.forms import NUMBER_ERRORS, pii_labels_of
from actionplans.models import ActionPlan, Activity, Evaluation, Goal
from privacy import services as privacy
from privacy.forms import PiiCheckMixin


class EvaluationForm(PiiCheckMixin, forms.ModelForm):
    pii_fields = ("production", "process", "effect", "conclusion")

    class Meta:
        model = Evaluation
        fields = ["production", "process", "effect", "conclusion"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
        error_messages = {
            "production": {"required": _("Beskriv vad som blev gjort.")},
            "process": {"required": _("Beskriv hur arbetet gick.")},
            "effect": {"required": _("Beskriv om indikatorerna rörde sig.")},
            "conclusion": {"required": _("Skriv slutsatsen.")},
        }


class FollowUpForm(PiiCheckMixin, forms.Form):
    """One quarter's follow-up: a status and comment per activity, a comment per goal, and a
    typed value for goals without a series (series goals are measured automatically)."""

    year = forms.IntegerField(
        label=_("År"),
        min_value=2000,
        max_value=2100,
        error_messages={"required": _("Ange år."), "invalid": _("Ange år med fyra siffror.")},
    )
    quarter = forms.TypedChoiceField(
        label=_("Kvartal"),
        coerce=int,
        choices=[(1, _("Kvartal 1")), (2, _("Kvartal 2")), (3, _("Kvartal 3")), (4, _("Kvartal 4"))],
        error_messages={"required": _("Välj kvartal."), "invalid_choice": _("Välj ett kvartal i listan.")},
    )

    def __init__(self, plan: ActionPlan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = list(plan.activities.all())
        self.goals = list(plan.goals.all())
        for a in self.activities:
            self.fields[f"activity_{a.pk}_status"] = forms.ChoiceField(
                label=_("Status"),
                choices=Activity.Status.choices,
                initial=a.status,
                widget=forms.RadioSelect,
                error_messages={"required": _("Välj status."), "invalid_choice": _("Välj status i listan.")},
            )
            self.fields[f"activity_{a.pk}_comment"] = forms.CharField(
                label=_("Kommentar"), required=False, max_length=300, widget=forms.TextInput()
            )
        for g in self.goals:
            self.fields[f"goal_{g.pk}_comment"] = forms.CharField(
                label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            if g.indicator_source == Goal.Source.MANUAL:
                self.fields[f"goal_{g.pk}_value"] = forms.DecimalField(
                    label=_("Uppmätt värde"),
                    required=False,
                    max_digits=12,
                    decimal_places=2,
                    localize=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                    error_messages=NUMBER_ERRORS,
                )
        # every comment gets the live check; its confirmations go to the follow-up rows it becomes
        self.pii_fields = tuple(name for name in self.fields if name.endswith("_comment"))
        self.enable_pii_check()

    def rows(self):
        """(activity, status field, comment field) and (goal, comment field, value field or None)."""
        return (
            [(a, self[f"activity_{a.pk}_status"], self[f"activity_{a.pk}_comment"]) for a in self.activities],
            [
                (
                    g,
                    self[f"goal_{g.pk}_comment"],
                    self[f"goal_{g.pk}_value"] if f"goal_{g.pk}_value" in self.fields else None,
                )
                for g in self.goals
            ],
        )

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "year": data["year"],
            "quarter": data["quarter"],
            "activities": {
                a.pk: (data[f"activity_{a.pk}_status"], data.get(f"activity_{a.pk}_comment", ""))
                for a in self.activities
            },
            "goals": {g.pk: (data.get(f"goal_{g.pk}_comment", ""), data.get(f"goal_{g.pk}_value")) for g in self.goals},
        }

    def pii_labels(self) -> list[str]:
        texts = [v for k, v in self.cleaned_data.items() if k.endswith("_comment") and v]
        return sorted({label for t in texts for label in pii_labels_of(t)})

    def confirm_pii(self, rows, actor) -> list:
        """Store the findings ticked as not personal data on the follow-up rows (and the activity's
        status comment, which repeats the comment); returns what is still unresolved."""
        ticked = self.pii_confirmed()
        left = []
        for row in rows:
            name = f"activity_{row.activity_id}_comment" if row.activity_id else f"goal_{row.goal_id}_comment"
            if ticked.get(name):
                privacy.confirm(obj=row, confirmations={"comment": ticked[name]}, actor=actor)
                if row.activity_id:
                    privacy.confirm(obj=row.activity, confirmations={"status_comment": ticked[name]}, actor=actor)
            left += privacy.unresolved(obj=row)
        return left
