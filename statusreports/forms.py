from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacy.forms import PiiCheckMixin
from statusreports import services
from statusreports.models import StatusReport

GROUP_LEVEL = gettext_lazy("Gruppnivå, inga namn.")


class RequestForm(forms.Form):
    due_date = forms.DateField(
        label=gettext_lazy("Sista dag att lämna rapporten"),
        required=False,
        help_text=gettext_lazy("Utan datum gäller forumets standard: ett antal dagar före mötet."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ReportForm(PiiCheckMixin, forms.ModelForm):
    pii_fields = tuple(services.TEXT_FIELDS)
    mask_pii = forms.BooleanField(label=gettext_lazy("Maskera personuppgifter som hittas i texten"), required=False)

    class Meta:
        model = StatusReport
        fields = services.TEXT_FIELDS
        help_texts = {
            "situation": gettext_lazy("Kort om hur det ser ut i verksamheten just nu. Gruppnivå, inga namn."),
            "observations": gettext_lazy("Vad har hänt, vad ser ni öka eller minska? Gruppnivå, inga namn."),
            "measures": gettext_lazy("Vad gör ni, och vad planerar ni? Gruppnivå, inga namn."),
            "needs": gettext_lazy("Vad behöver ni från de andra i forumet? Gruppnivå, inga namn."),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in services.TEXT_FIELDS}

    def clean(self):
        data = super().clean()
        if not any((data.get(field) or "").strip() for field in services.TEXT_FIELDS):
            raise forms.ValidationError(_("Skriv något i minst en av de fyra delarna."), code="empty")
        return data
