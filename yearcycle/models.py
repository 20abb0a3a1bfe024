import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CycleItem(models.Model):
    """One step of a municipality's årshjul: kartläggning, joint lägesbild, focus areas, action
    plans, decisions, the reports to KSAU, the yearly follow-up, next year's promises …"""

    class Phase(models.TextChoices):
        MAPPING = "mapping", _("Kartläggning")
        SITUATION = "situation", _("Gemensam lägesbild")
        FOCUS_AREAS = "focus_areas", _("Fokusområden")
        ACTION_PLANS = "action_plans", _("Handlingsplaner")
        DECISION = "decision", _("Beslut")
        REPORT = "report", _("Återrapportering")
        FOLLOW_UP = "follow_up", _("Uppföljning")
        PROMISES = "promises", _("Medborgarlöften")
        SURVEY = "survey", _("Trygghetsmätning")
        AGREEMENT = "agreement", _("Överenskommelse")
        OTHER = "other", _("Övrigt")

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="cycle_items")
    year = models.PositiveIntegerField(_("år"))
    phase = models.CharField(_("del av processen"), max_length=15, choices=Phase.choices, default=Phase.OTHER)
    title = models.CharField(_("vad"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    owner = models.CharField(_("ansvarig"), max_length=150)
    forum = models.ForeignKey(
        "forums.Forum", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("forum")
    )
    due_date = models.DateField(_("klart senast"))
    done_at = models.DateField(_("klart"), null=True, blank=True)
    # the template step it was generated from, so that generating a year twice adds nothing
    template_key = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        # a template step once per municipality and year, also when two users generate at once
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "template_key"],
                condition=~models.Q(template_key=""),
                name="cycleitem_template_step_once",
            )
        ]
        verbose_name = _("punkt i årshjulet")
        verbose_name_plural = _("årshjul")

    def __str__(self) -> str:
        return self.title

    def is_late(self, today: datetime.date) -> bool:
        return self.done_at is None and self.due_date < today
