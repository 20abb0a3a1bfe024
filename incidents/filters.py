"""The list filters, shared by the list page, the map, the exports and the API."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from incidents.models import Incident, IncidentCategory
from samtrygg.dates import local_day_start
from tenancy.models import Organisation


class IncidentFilter(forms.Form):
    date_from = forms.DateField(
        label=_("Från"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Ange ett datum, t.ex. 2026-03-01.")},
    )
    date_to = forms.DateField(
        label=_("Till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Ange ett datum, t.ex. 2026-03-31.")},
    )
    area = forms.ModelChoiceField(
        label=_("Område"), queryset=Area.objects.none(), required=False, empty_label=_("Alla områden")
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"),
        queryset=IncidentCategory.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Alla kategorier"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alla utom avvisade"))] + Incident.Status.choices + [("all", _("Alla"))],
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Alla organisationer"),
    )

    def __init__(self, municipality, *args, **kwargs):
        """`municipality` None (the API without ?municipality=): every municipality's areas and
        organisations, and the category by its slug, which each municipality has its own of."""
        super().__init__(*args, **kwargs)
        if municipality is None:
            self.fields["area"].queryset = Area.objects.only("id", "name")
            self.fields["category"] = forms.SlugField(label=_("Kategori"), required=False)
            self.fields["organisation"].queryset = Organisation.objects.all()
            return
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality).only("id", "name")
        self.fields["category"].queryset = IncidentCategory.objects.filter(municipality=municipality)
        self.fields["organisation"].queryset = Organisation.objects.filter(municipality=municipality)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Slutdatum ligger före startdatum."))
        return data

    def apply(self, queryset):
        """Filter the queryset; invalid filters are ignored (the form shows their messages)."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("date_from"):
            queryset = queryset.filter(occurred_at__gte=local_day_start(data["date_from"]))
        if data.get("date_to"):
            queryset = queryset.filter(occurred_at__lt=local_day_start(data["date_to"] + datetime.timedelta(days=1)))
        if data.get("area"):
            queryset = queryset.filter(area=data["area"])
        if data.get("category"):
            key = "category__slug" if isinstance(data["category"], str) else "category"
            queryset = queryset.filter(**{key: data["category"]})
        if data.get("organisation"):
            queryset = queryset.filter(organisation=data["organisation"])
        status = data.get("status")
        if status == "all":
            pass
        elif status:
            queryset = queryset.filter(status=status)
        else:
            queryset = queryset.counted()
        return queryset
