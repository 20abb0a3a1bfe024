"""The municipality's lägesbild settings: the day EST reporting began (lagesbild/coverage.py)."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lagesbild import services
from lagesbild.models import SituationSettings
from tenancy.decorators import municipality_view


class SettingsForm(forms.Form):
    est_start = forms.DateField(
        label=gettext_lazy("EST-rapporteringen började"),
        required=False,
        help_text=gettext_lazy(
            "Första dagen kommunen rapporterade i EST. Före den visar lägesbilden EST som ”saknas”, inte 0. "
            "Lämna tomt för att räkna från den första rapporten."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


@municipality_view("manage")
@require_http_methods(["GET", "POST"])
def settings(request: HttpRequest, municipality) -> HttpResponse:
    current = SituationSettings.objects.filter(municipality=municipality).first()
    form = SettingsForm(initial={"est_start": current.est_start if current else None})
    status = 200
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.set_est_start(
                    municipality=municipality, actor=request.user, est_start=form.cleaned_data["est_start"]
                )
            except services.InvalidPicture as e:
                form.add_error("est_start", str(e))
            else:
                messages.success(request, _("Inställningarna är sparade."))
                return redirect("lagesbild:settings", code=municipality.code)
        status = 422
    return render(request, "lagesbild/settings.html", {"municipality": municipality, "form": form}, status=status)
