"""The form for one step of the årshjul."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forums.models import Forum
from yearcycle.models import CycleItem


class CycleItemForm(forms.ModelForm):
    class Meta:
        model = CycleItem
        fields = ["title", "phase", "due_date", "owner", "forum", "description"]
        labels = {"title": _("Vad ska göras?"), "due_date": _("Klart senast"), "owner": _("Ansvarig")}
        help_texts = {
            "owner": _("En roll eller ett forum, t.ex. ”Styrgruppen” eller ”Säkerhetschef och kommunpolis”."),
            "forum": _("Det forum där punkten tas upp."),
        }
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Beskriv vad som ska göras.")},
            "owner": {"required": _("Ange vem som är ansvarig.")},
            "due_date": {"required": _("Ange när det ska vara klart."), "invalid": _("Ange datum, t.ex. 2026-03-31.")},
            "phase": {"invalid_choice": _("Välj en del av processen i listan.")},
        }

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = Forum.objects.filter(municipality=municipality)
        self.fields["forum"].empty_label = _("— inget —")

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if not 2000 <= due.year <= 2100:
            raise forms.ValidationError(_("Ange ett datum mellan år 2000 och 2100."))
        # a generated step belongs to its year's cycle: moved into another year it would leave that
        # year (generating it again would add a copy) and block the same step of the other year
        if self.instance.pk and self.instance.template_key and due.year != self.instance.year:
            raise forms.ValidationError(
                _("Punkten hör till årshjulet för %(year)d. Välj ett datum under %(year)d.")
                % {"year": self.instance.year}
            )
        return due
