"""The situation picture (lägesbild) pages: the list with the new-picture form, the picture with
its figures, charts, map and assessment, fastställ, and the PDF and Word downloads."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from areas.models import Area
from lagesbild import charts, exporters, services
from lagesbild.compute import AGE_FILTERS
from lagesbild.models import SituationPicture, WeeklySubscription
from privacy import services as privacy
from privacy.forms import PiiCheckMixin
from samtrygg import dates
from samtrygg import exporters as contract
from tenancy.decorators import municipality_view
from tenancy.scoping import has_permission

Period = SituationPicture.Period
# quick buttons: (value, label, period kind, how many periods back)
QUICK = [
    ("week", gettext_lazy("Denna vecka"), Period.WEEK, 0),
    ("prev_week", gettext_lazy("Förra veckan"), Period.WEEK, 1),
    ("month", gettext_lazy("Denna månad"), Period.MONTH, 0),
    ("prev_month", gettext_lazy("Förra månaden"), Period.MONTH, 1),
    ("quarter", gettext_lazy("Detta kvartal"), Period.QUARTER, 0),
    ("prev_quarter", gettext_lazy("Förra kvartalet"), Period.QUARTER, 1),
    ("year", gettext_lazy("I år"), Period.YEAR, 0),
    ("prev_year", gettext_lazy("Förra året"), Period.YEAR, 1),
]


class PictureForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=Period.choices, initial=Period.MONTH)
    date_from = forms.DateField(
        label=gettext_lazy("Från"),
        help_text=gettext_lazy("För vecka, månad, kvartal och år räcker en dag i perioden."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=gettext_lazy("Till och med"),
        required=False,
        help_text=gettext_lazy("Bara för egen period."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    areas = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Områden"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Utan val gäller lägesbilden hela kommunen."),
    )
    title = forms.CharField(
        label=gettext_lazy("Rubrik"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Utan rubrik blir den till exempel ”Lägesbild Lomma mars 2026”."),
    )

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = Area.objects.filter(municipality=municipality).only("id", "name")

    def clean(self):
        data = super().clean()
        kind, start = data.get("period"), data.get("date_from")
        if kind and start:
            if kind == Period.CUSTOM:
                if not data.get("date_to"):
                    self.add_error("date_to", _("Ange slutdatum för en egen period."))
                elif data["date_to"] < start:
                    self.add_error("date_to", _("Slutdatum kan inte vara före startdatum."))
                elif (data["date_to"] - start).days > 3660:
                    self.add_error("date_to", _("Perioden får vara högst tio år."))
            else:
                data["date_from"], data["date_to"] = dates.period_bounds(kind, start)
        return data


class AssessmentForm(PiiCheckMixin, forms.ModelForm):
    pii_fields = tuple(services.TEXT_FIELDS)

    class Meta:
        model = SituationPicture
        fields = ["title", "current_situation", "mapping", "other_information", "analysis"]
        help_texts = {
            "current_situation": gettext_lazy("Kort, för veckans möte: vad pågår just nu?"),
            "mapping": gettext_lazy("Brottslighetens art, omfattning och konsekvenser (lag 2023:196, 4 §)."),
            "other_information": gettext_lazy("Annat som är relevant för det brottsförebyggande arbetet."),
            "analysis": gettext_lazy("Analys av kartläggningen och den andra informationen."),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in services.TEXT_FIELDS}


def _require(request, municipality, permission: str) -> None:
    if not has_permission(request.user, municipality, permission):
        raise PermissionDenied


def _picture(municipality, picture_id: int) -> SituationPicture:
    return get_object_or_404(
        SituationPicture.objects.select_related("municipality"), pk=picture_id, municipality=municipality
    )


@municipality_view("view_situation")
@require_GET
def index(request: HttpRequest, municipality) -> HttpResponse:
    """The municipality's situation pictures, and the form for a new one."""
    return _index(request, municipality, PictureForm(municipality, initial={"date_from": dates.local_today()}))


def _index(request, municipality, form, status=200):
    pictures = SituationPicture.objects.filter(municipality=municipality).only(
        "id", "title", "period", "date_from", "date_to", "frozen_at", "updated_at"
    )
    subscribed = WeeklySubscription.objects.filter(user=request.user, municipality=municipality).exists()
    return render(
        request,
        "lagesbild/index.html",
        {"municipality": municipality, "pictures": pictures, "form": form, "quick": QUICK, "subscribed": subscribed},
        status=status,
    )


@municipality_view("edit_situation")
@require_POST
def create(request: HttpRequest, municipality) -> HttpResponse:
    """A new picture, from a quick button ("Denna vecka", …) or from the form."""
    quick = {q[0]: q for q in QUICK}.get(request.POST.get("quick", ""))
    if quick:
        _value, _label, kind, back = quick
        date_from, date_to = dates.period_bounds(kind, back=back)
        # the same quick picture twice opens the draft that exists instead of a copy
        existing = SituationPicture.objects.filter(
            municipality=municipality,
            period=kind,
            date_from=date_from,
            date_to=date_to,
            frozen_at__isnull=True,
            areas__isnull=True,
        ).first()
        if existing:
            return redirect("lagesbild:detail", code=municipality.code, picture_id=existing.pk)
        picture = services.create_picture(municipality, request.user, period=kind, date_from=date_from, date_to=date_to)
    else:
        form = PictureForm(municipality, request.POST)
        if not form.is_valid():
            return _index(request, municipality, form, status=422)
        d = form.cleaned_data
        picture = services.create_picture(
            municipality,
            request.user,
            period=d["period"],
            date_from=d["date_from"],
            date_to=d["date_to"],
            areas=list(d["areas"]),
            title=d["title"],
        )
    messages.success(request, _("Lägesbilden är skapad."))
    return redirect("lagesbild:detail", code=municipality.code, picture_id=picture.pk)


@municipality_view("view_situation")
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, municipality, picture_id: int) -> HttpResponse:
    """The picture: figures, charts, map and the assessment (editable until fastställd)."""
    picture = _picture(municipality, picture_id)
    can_edit = has_permission(request.user, municipality, "edit_situation")
    form = AssessmentForm(instance=picture, pii_user=request.user) if can_edit and not picture.is_frozen else None
    status = 200
    if request.method == "POST":
        _require(request, municipality, "edit_situation")
        if picture.is_frozen:
            messages.error(request, _("Lägesbilden är fastställd och kan inte ändras."))
            return redirect("lagesbild:detail", code=municipality.code, picture_id=picture.pk)
        form = AssessmentForm(request.POST, instance=SituationPicture.objects.get(pk=picture.pk), pii_user=request.user)
        if form.is_valid():
            try:
                services.update_assessment(
                    picture, request.user, **{name: form.cleaned_data[name] for name in AssessmentForm.Meta.fields}
                )
            except services.PictureFrozen as e:
                messages.error(request, str(e))
            else:
                messages.success(request, _("Bedömningen är sparad."))
                _confirm_pii(request, picture, form)
            return redirect("lagesbild:detail", code=municipality.code, picture_id=picture.pk)
        status = 422
    # ?age=barn-och-unga narrows a draft's EST figures (an unknown value shows all ages)
    age = request.GET.get("age")
    report = exporters.report_for_picture(picture, age=age if age in AGE_FILTERS else None)
    ctx = exporters.context(report, "svg")
    del ctx["charts"]  # the page draws its own SVG charts (cached) and a Leaflet map
    ctx["page_charts"] = {"map": charts.page_map(report.data, report.areas)}
    ctx["chart_html"] = charts.page_chart_html(report.data)
    ctx.update(
        {
            "municipality": municipality,
            "picture": picture,
            "form": form,
            "can_edit": can_edit,
            "sections": exporters.assessment_sections(picture),
            "hours": range(24),
        }
    )
    return render(request, "lagesbild/detail.html", ctx, status=status)


@municipality_view("edit_situation")
@require_POST
def freeze(request: HttpRequest, municipality, picture_id: int) -> HttpResponse:
    picture = _picture(municipality, picture_id)
    if not request.POST.get("confirm"):
        messages.error(request, _("Kryssa i rutan för att bekräfta att lägesbilden ska fastställas."))
        return redirect("lagesbild:detail", code=municipality.code, picture_id=picture.pk)
    try:
        services.freeze(picture, request.user, confirm_ongoing=bool(request.POST.get("confirm_ongoing")))
    except services.PeriodOngoing as e:
        # A confirm step that names the period, not a JS dialog: it works without scripts.
        ctx = {"municipality": municipality, "picture": picture, "question": str(e)}
        return render(request, "lagesbild/confirm_freeze.html", ctx, status=409)
    except (services.PictureFrozen, privacy.UnresolvedPersonalData) as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Lägesbilden är fastställd. Siffror och text ändras inte längre."))
    return redirect("lagesbild:detail", code=municipality.code, picture_id=picture.pk)


def _confirm_pii(request, picture: SituationPicture, form) -> None:
    """Keep the findings ticked as not personal data, and say what still stands in the way of
    fastställ and export."""
    privacy.confirm(obj=picture, confirmations=form.pii_confirmed(), actor=request.user)
    found = privacy.unresolved(obj=picture, fields=services.TEXT_FIELDS)
    if found:
        messages.warning(request, privacy.refusal_message(found))


def _refuse_export(request, municipality, picture: SituationPicture) -> HttpResponse | None:
    """Back to the picture with the Swedish refusal if its texts hold unresolved personal data."""
    try:
        privacy.ensure_resolved(obj=picture, fields=services.TEXT_FIELDS)
    except privacy.UnresolvedPersonalData as e:
        messages.error(request, str(e))
        return redirect("lagesbild:detail", code=municipality.code, picture_id=picture.pk)
    return None


@municipality_view("view_situation")
@require_GET
def download_pdf(request: HttpRequest, municipality, picture_id: int) -> HttpResponse:
    picture = _picture(municipality, picture_id)
    if refused := _refuse_export(request, municipality, picture):
        return refused
    return contract.response(exporters.render(exporters.report_for_picture(picture), "pdf"))


@municipality_view("view_situation")
@require_GET
def download_docx(request: HttpRequest, municipality, picture_id: int) -> HttpResponse:
    picture = _picture(municipality, picture_id)
    if refused := _refuse_export(request, municipality, picture):
        return refused
    return contract.response(exporters.render(exporters.report_for_picture(picture), "docx"))
