from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionPlan(models.Model):
    """The handlingsplan of a focus area, after Brå's template: cause → measure → operational goal
    → when → who → follow-up. Drawn up by the samverkansgrupp and approved by the styrgrupp
    (seed 003); it moves through `Status` one recorded step at a time (actionplans.workflow)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PROPOSED = "proposed", _("Föreslagen")
        APPROVED = "approved", _("Godkänd")
        IN_PROGRESS = "in_progress", _("Pågår")
        COMPLETED = "completed", _("Avslutad")
        EVALUATED = "evaluated", _("Utvärderad")

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="action_plans")
    focus_area = models.OneToOneField(
        "focusareas.FocusArea", on_delete=models.CASCADE, related_name="action_plan", verbose_name=_("fokusområde")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    starts_on = models.DateField(_("från"))
    ends_on = models.DateField(_("till och med"))
    approved_by = models.CharField(_("godkänd av"), max_length=150, blank=True)
    approved_on = models.DateField(_("godkänd"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")

    def __str__(self) -> str:
        return self.title


class Transition(models.Model):
    """One step of a plan's workflow: who moved it, when, from where to where."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=ActionPlan.Status.choices)
    to_status = models.CharField(max_length=12, choices=ActionPlan.Status.choices)
    comment = models.CharField(_("kommentar"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("statusändring")


class Goal(models.Model):
    """An operational SMART goal: indicator, baseline, target value, target date and data source.
    When the indicator is a series Samtrygg holds (`indicator_source` other than manual), the
    baseline and the current value are computed from it (actionplans.indicators), not typed."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Annan källa (anges för hand)")
        EST = "est", _("EST-rapporter i en kategori")
        POLICE_EVENTS = "police_events", _("Polisens händelser av en typ")
        POLICE_REPORTS = "police_reports", _("Polisanmälda brott i en kategori")

    class Direction(models.TextChoices):
        DECREASE = "decrease", _("Minska")
        INCREASE = "increase", _("Öka")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals")
    cause = models.ForeignKey(
        "focusareas.Cause", null=True, blank=True, on_delete=models.SET_NULL, related_name="goals"
    )
    description = models.TextField(_("mål"))
    indicator = models.CharField(_("indikator"), max_length=200, blank=True)
    indicator_source = models.CharField(_("indikatorns serie"), max_length=15, choices=Source.choices, default="manual")
    # the series: {"category": slug} / {"police_type": "Stöld"}, optionally {"areas": [ids]};
    # values are counts per month, averaged over the baseline period
    indicator_params = models.JSONField(default=dict, blank=True)
    baseline = models.DecimalField(_("utgångsvärde"), max_digits=12, decimal_places=2, null=True, blank=True)
    baseline_from = models.DateField(_("utgångsvärde från"), null=True, blank=True)
    baseline_to = models.DateField(_("utgångsvärde till"), null=True, blank=True)
    target = models.DecimalField(_("målvärde"), max_digits=12, decimal_places=2, null=True, blank=True)
    direction = models.CharField(_("riktning"), max_length=10, choices=Direction.choices, default=Direction.DECREASE)
    target_date = models.DateField(_("måldatum"), null=True, blank=True)
    data_source = models.CharField(_("datakälla"), max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("mål")

    def __str__(self) -> str:
        return self.description[:80]


class Activity(models.Model):
    """A measure: what, who (organisation and person), when, one-off or part of regular work,
    its status (green, yellow, red) with a comment, and its cost if any."""

    class Kind(models.TextChoices):
        ONE_OFF = "one_off", _("Engångsinsats")
        REGULAR = "regular", _("Del av ordinarie arbete")

    class Status(models.TextChoices):
        GREEN = "green", _("Grön – enligt plan")
        YELLOW = "yellow", _("Gul – risk för försening")
        RED = "red", _("Röd – försenad eller stoppad")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="activities")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities")
    cause = models.ForeignKey(
        "focusareas.Cause", null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    what = models.CharField(_("aktivitet"), max_length=300)
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices, default=Kind.ONE_OFF)
    organisation = models.ForeignKey(
        "tenancy.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responsible = models.CharField(_("ansvarig"), max_length=150)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("ansvarig användare"),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("klart senast"))
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.GREEN)
    status_comment = models.CharField(_("kommentar till status"), max_length=300, blank=True)
    cost = models.DecimalField(_("kostnad (kr)"), max_digits=12, decimal_places=0, null=True, blank=True)
    done_at = models.DateField(_("genomförd"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # personal data found in the status comment: [{"kind", "label"}] (privacy.pii), shown as a warning
    pii = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["ends_on", "id"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")

    def __str__(self) -> str:
        return self.what


class ChildImpactAssessment(models.Model):
    """The barnkonsekvensanalys required before a plan can be approved (seed 003:
    "Barnkonsekvensanalyser ska göras innan beslut om åtgärder fattas")."""

    plan = models.OneToOneField(ActionPlan, on_delete=models.CASCADE, related_name="child_impact")
    affected_children = models.TextField(_("Vilka barn berörs"))
    views_heard = models.TextField(_("Hur barnens åsikter har inhämtats"))
    best_interest = models.TextField(_("Bedömning av barnets bästa"))
    alternatives = models.TextField(_("Alternativ som övervägts"), blank=True)
    compensating_measures = models.TextField(_("Kompenserande åtgärder"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("barnkonsekvensanalys")


class FollowUp(models.Model):
    """A quarter's follow-up of an activity or a goal; for a goal with a series the measured value
    is computed when the follow-up is recorded."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="follow_ups")
    year = models.PositiveIntegerField(_("år"))
    quarter = models.PositiveSmallIntegerField(_("kvartal"))
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups")
    status = models.CharField(_("status"), max_length=6, choices=Activity.Status.choices, blank=True)
    measured_value = models.DecimalField(_("uppmätt värde"), max_digits=12, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    pii = models.JSONField(default=list, blank=True)  # personal data found in the comment (privacy.pii)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "quarter", "id"]
        verbose_name = _("uppföljning")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(activity__isnull=False, goal__isnull=True)
                | models.Q(activity__isnull=True, goal__isnull=False),
                name="followup_activity_or_goal",
            ),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="followup_quarter"),
        ]


class Evaluation(models.Model):
    """The evaluation after a plan ends: production (was it done), process (how it went), effect
    (did the indicators move), and the coordinator's conclusion."""

    plan = models.OneToOneField(ActionPlan, on_delete=models.CASCADE, related_name="evaluation")
    production = models.TextField(_("Genomförande – blev det gjort?"))
    process = models.TextField(_("Process – hur gick arbetet?"))
    effect = models.TextField(_("Effekt – rörde sig indikatorerna?"))
    conclusion = models.TextField(_("Slutsats och förslag till nästa år"))
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    evaluated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("utvärdering")
