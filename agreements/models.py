import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agreement(models.Model):
    """A samverkansöverenskommelse between a municipality and its police area. Strategic ones run
    several years and are decided by KF; operative ones are yearly and decided by KS (seed 001).
    Its text lives in ordered `AgreementSection`s; every saved revision is an `AgreementVersion`."""

    class Kind(models.TextChoices):
        STRATEGIC = "strategic", _("Strategisk")
        OPERATIVE = "operative", _("Operativ")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        DECIDED = "decided", _("Beslutad")
        IN_FORCE = "in_force", _("Gäller")
        EXTENDED = "extended", _("Förlängd")
        REPLACED = "replaced", _("Ersatt")
        EXPIRED = "expired", _("Upphört")

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="agreements")
    police_area = models.ForeignKey(
        "tenancy.PoliceArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="agreements"
    )
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices, default=Kind.STRATEGIC)
    title = models.CharField(_("rubrik"), max_length=250)
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till och med"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    legal_basis = models.CharField(_("rättslig grund"), max_length=250, blank=True)
    case_number = models.CharField(_("diarienummer"), max_length=60, blank=True)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        verbose_name=_("ersätter"),
    )
    # free text for what it replaces when that is not in the system ("förlängd överenskommelse från 23 januari 2019")
    replaces_text = models.CharField(_("ersätter (text)"), max_length=250, blank=True)
    signed_place = models.CharField(_("ort för undertecknande"), max_length=100, blank=True)
    signed_on = models.DateField(_("undertecknad"), null=True, blank=True)
    # When a new agreement must be ready ("En ny samverkansöverenskommelse ska tas fram under 2027").
    renewal_year = models.PositiveIntegerField(_("ny överenskommelse tas fram under år"), null=True, blank=True)
    forums = models.ManyToManyField("forums.Forum", blank=True, related_name="agreements", verbose_name=_("forum"))
    focus_areas = models.ManyToManyField(
        "focusareas.FocusArea", blank=True, related_name="agreements", verbose_name=_("fokusområden")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("samverkansöverenskommelse")
        verbose_name_plural = _("samverkansöverenskommelser")

    def __str__(self) -> str:
        return self.title

    def is_current(self, on: datetime.date) -> bool:
        return self.valid_from <= on <= self.valid_to and self.status in (
            self.Status.DECIDED,
            self.Status.IN_FORCE,
            self.Status.EXTENDED,
        )


class AgreementDecision(models.Model):
    """Who decided the agreement for one party, and when (KF, KS, lokalpolisområdeschef …)."""

    class Party(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommunen")
        POLICE = "police", _("Polisen")
        OTHER = "other", _("Annan part")

    class Body(models.TextChoices):
        COUNCIL = "council", _("Kommunfullmäktige (KF)")
        EXECUTIVE_BOARD = "executive_board", _("Kommunstyrelsen (KS)")
        EXECUTIVE_COMMITTEE = "executive_committee", _("Kommunstyrelsens arbetsutskott (KSAU)")
        BOARD_CHAIR = "board_chair", _("Kommunstyrelsens ordförande (KSO)")
        POLICE_AREA_CHIEF = "police_area_chief", _("Lokalpolisområdeschef")
        OTHER = "other", _("Annat organ")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="decisions")
    party = models.CharField(_("part"), max_length=15, choices=Party.choices)
    body = models.CharField(_("beslutande organ"), max_length=20, choices=Body.choices)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    reference = models.CharField(_("paragraf eller diarienummer"), max_length=100, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("beslut")

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.decided_on or ''}".strip()


class Signatory(models.Model):
    """A signatory of a public agreement, by name and title, as the document itself shows them."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    party = models.CharField(_("part"), max_length=15, choices=AgreementDecision.Party.choices)
    name = models.CharField(_("namn"), max_length=150)
    title = models.CharField(_("titel"), max_length=150)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("undertecknare")

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"


class AgreementSection(models.Model):
    """One structured part of the agreement's text."""

    class Kind(models.TextChoices):
        PURPOSE = "purpose", _("Syfte och mål")
        RESPONSIBILITIES = "responsibilities", _("Former och ansvar för samverkan")
        FORUMS = "forums", _("Forum för samverkan (bilaga 1)")
        FOCUS_AREAS = "focus_areas", _("Fokusområden (bilaga 2)")
        FOLLOW_UP = "follow_up", _("Uppföljning")
        VALIDITY = "validity", _("Giltighet")
        FREE = "free", _("Eget avsnitt")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(_("typ av avsnitt"), max_length=20, choices=Kind.choices, default=Kind.FREE)
    title = models.CharField(_("rubrik"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("avsnitt")

    def __str__(self) -> str:
        return self.title


class AgreementVersion(models.Model):
    """The whole agreement (fields, decisions, signatories, sections, annex names) as it stood at
    one revision. Written on every change, so that no earlier text is ever lost."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("innehåll"))
    comment = models.CharField(_("kommentar"), max_length=250, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        unique_together = [("agreement", "number")]
        verbose_name = _("version")

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"
