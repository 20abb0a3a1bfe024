"""Forms of the forum and meeting pages. Validation messages are Swedish; the views re-render
the bound form so nothing typed is lost."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forums import meetings, services
from forums.models import ActionItem, AgendaItem, Forum, ForumMember
from lagesbild.models import SituationPicture
from privacy.forms import PiiCheckMixin
from tenancy.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ForumForm(forms.ModelForm):
    class Meta:
        model = Forum
        fields = services.FORUM_FIELDS
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "start_time": TIME,
        }
        help_texts = {
            "parent": gettext_lazy("Till exempel trygghetsrådets samverkansgrupp eller styrgrupp."),
            "reports_to": gettext_lazy("Till exempel KSAU."),
            "cadence": gettext_lazy("Årets möten skapas utifrån frekvensen. Helgdagar flyttas till nästa vardag."),
            "status_report_days": gettext_lazy("Hur många dagar före mötet lägesrapporterna ska vara inne."),
            "reminder_days": gettext_lazy("Hur många dagar före mötet medlemmarna får en påminnelse."),
            "weekly_situation": gettext_lazy("Medlemmarna får förra veckans lägesbild med e-post varje måndag morgon."),
        }

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Forum.objects.filter(municipality=municipality)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["reports_per_year"].help_text = _("Till exempel fyra gånger per år till KSAU.")
        self.fields["duration_minutes"].min_value = 15


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=gettext_lazy("Användare i Samtrygg"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=gettext_lazy("Välj en användare, eller skriv namn och e-post för någon utan konto."),
    )
    name = forms.CharField(label=gettext_lazy("Namn"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("E-post"), required=False)
    role_title = forms.CharField(
        label=gettext_lazy("Roll"), max_length=150, help_text=gettext_lazy("Till exempel IFO-chef eller kommunpolis.")
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Medlemskap"), choices=ForumMember.Kind.choices, initial=ForumMember.Kind.FULL
    )

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, memberships__municipality=municipality)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.fields["organisation"].queryset = Organisation.objects.filter(municipality=municipality)

    def clean(self):
        data = super().clean()
        if not data.get("user") and not data.get("name") and not data.get("organisation") and "name" not in self.errors:
            self.add_error("name", _("Välj en användare, skriv ett namn eller välj en organisation."))
        return data


class MeetingTimeForm(forms.Form):
    """A new time for a meeting, or the time of an extra meeting."""

    date = forms.DateField(label=gettext_lazy("Datum"), widget=DATE)
    time = forms.TimeField(label=gettext_lazy("Starttid"), widget=TIME)
    location = forms.CharField(label=gettext_lazy("Plats"), max_length=200, required=False)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not 2000 <= day.year <= 2100:
            raise forms.ValidationError(_("Ange ett datum mellan år 2000 och 2100."))
        return day

    def starts_at(self) -> datetime.datetime:
        from forums.schedule import local_start

        return local_start(self.cleaned_data["date"], self.cleaned_data["time"])


class ExtraMeetingForm(MeetingTimeForm):
    title = forms.CharField(
        label=gettext_lazy("Rubrik"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Utan rubrik heter mötet som forumet."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Anledning"), max_length=250)


class AgendaForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "notes"]
        labels = {"title": gettext_lazy("Punkt"), "presenter": gettext_lazy("Föredragande")}
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class PictureForm(forms.Form):
    picture = forms.ModelChoiceField(
        label=gettext_lazy("Fastställd lägesbild"),
        queryset=SituationPicture.objects.none(),
        required=False,
        empty_label=gettext_lazy("Ingen lägesbild"),
    )

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["picture"].queryset = SituationPicture.objects.filter(
            municipality=municipality, frozen_at__isnull=False
        ).order_by("-date_to", "-id")


class PaperForm(forms.Form):
    prefix = "paper"  # the meeting page also has the agenda's "title"
    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=200, required=False)
    file = forms.FileField(
        label=gettext_lazy("Fil"), help_text=gettext_lazy("PDF, Word, Excel, bild eller text, högst 20 MB.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            meetings.check_paper(upload)
        except meetings.MeetingError as e:
            raise forms.ValidationError(str(e)) from e
        return upload


class MinutesForm(PiiCheckMixin, forms.Form):
    pii_fields = ("minutes",)
    minutes = forms.CharField(
        label=gettext_lazy("Minnesanteckningar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Skriv på gruppnivå, utan namn på enskilda invånare."),
    )


class DecisionForm(PiiCheckMixin, forms.Form):
    pii_fields = ("text",)
    prefix = "decision"  # the meeting page also has the action item's "text"
    text = forms.CharField(label=gettext_lazy("Beslut"), widget=forms.Textarea(attrs={"rows": 2}))


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["text", "owner", "organisation", "due_date"]
        labels = {"organisation": gettext_lazy("Organisation")}
        widgets = {"due_date": DATE}

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(municipality=municipality)


class GenerateForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("År"), coerce=int)

    def __init__(self, *args, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in (this_year, this_year + 1)]
        self.fields["year"].initial = this_year
