from django import forms
from django.utils.translation import gettext_lazy as _

from focusareas.models import FocusArea


class FocusAreaForm(forms.ModelForm):
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
