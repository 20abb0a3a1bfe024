"""Major events (särskilda/större händelser): an acute event on which the municipality and the
police share information, its log of time-stamped entries (never changed nor deleted: a
correction is a new entry pointing at the old one), the e-mails that told the on-call list, and
the on-call list itself. Group level like the rest of Samtrygg: no individuals' names."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommunen")
    POLICE = "police", _("Polisen")


class OnCallContact(models.Model):
    """Who is told when a major event is opened: a user of the municipality or an e-mail address."""

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("användare"),
    )
    email = models.EmailField(_("e-postadress"), blank=True)
    label = models.CharField(_("funktion"), max_length=120, blank=True, help_text=_("t.ex. TIB, räddningschef"))

    class Meta:
        ordering = ["label", "email", "id"]
        verbose_name = _("mottagare i beredskapslistan")

    def __str__(self):
        return self.label or self.address

    @property
    def address(self) -> str:
        return self.email or (self.user.email if self.user_id else "")


class MajorEvent(models.Model):
    class Kind(models.TextChoices):
        FIRE = "fire", _("Brand")
        VIOLENCE = "violence", _("Våld")
        THREAT = "threat", _("Hot")
        GATHERING = "gathering", _("Demonstration eller stor folksamling")
        WEATHER = "weather", _("Väder")
        DISRUPTION = "disruption", _("Störning i samhällsviktig verksamhet")
        OTHER = "other", _("Annat")

    class Status(models.TextChoices):
        OPEN = "open", _("Pågår")
        CLOSED = "closed", _("Avslutad")

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("rubrik"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    place_name = models.CharField(_("plats eller område"), max_length=200, blank=True)
    lat = models.FloatField(_("latitud"), null=True, blank=True)
    lon = models.FloatField(_("longitud"), null=True, blank=True)
    started_at = models.DateTimeField(_("började"))
    municipality_lead = models.CharField(_("leds för kommunen av"), max_length=150, blank=True)
    police_lead = models.CharField(_("leds för polisen av"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("öppnad"), auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_by_side = models.CharField(_("öppnad av"), max_length=20, choices=Side.choices)
    first_contact_target_minutes = models.PositiveIntegerField(_("mål för första kontakt (minuter)"))
    acknowledged_at = models.DateTimeField(_("kvitterad"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_contact_missed_at = models.DateTimeField(_("målet för första kontakt missat"), null=True, blank=True)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evaluation_worked = models.TextField(_("vad fungerade"), blank=True)
    evaluation_did_not_work = models.TextField(_("vad fungerade inte"), blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("särskild händelse")
        verbose_name_plural = _("särskilda händelser")

    def __str__(self):
        return self.title

    @property
    def other_side(self) -> str:
        return Side.POLICE if self.opened_by_side == Side.MUNICIPALITY else Side.MUNICIPALITY

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ImmutableEntry(Exception):
    pass


class Entry(models.Model):
    """One line of the log. Saved once; never updated nor deleted (the log is the audit trail)."""

    class Kind(models.TextChoices):
        OBSERVATION = "observation", _("Iakttagelse")
        DECISION = "decision", _("Beslut")
        REQUEST = "request", _("Begäran")
        INFORMATION = "information", _("Information ut")
        ACKNOWLEDGEMENT = "acknowledgement", _("Kvittens")

    event = models.ForeignKey(MajorEvent, on_delete=models.PROTECT, related_name="entries")
    created_at = models.DateTimeField(_("tid"), auto_now_add=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(_("skriven av"), max_length=150)
    organisation = models.CharField(_("för organisation"), max_length=150, blank=True)
    side = models.CharField(_("part"), max_length=20, choices=Side.choices)
    tags = models.JSONField(_("taggar"), default=list, blank=True)
    internal_only = models.BooleanField(_("endast kommun och polis"), default=False)
    assignee = models.CharField(_("ansvarig"), max_length=150, blank=True)
    due_at = models.DateTimeField(_("senast"), null=True, blank=True)
    decided_by = models.CharField(_("beslutad av"), max_length=150, blank=True)
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("rättar"),
    )
    answers = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers_set",
        verbose_name=_("svar på"),
    )
    recipients = models.CharField(_("till vem"), max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("loggpost")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableEntry("log entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEntry("log entries are never deleted")


class Notification(models.Model):
    """One e-mail to one address of the on-call list about one event."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Köad")
        SENT = "sent", _("Skickad")
        FAILED = "failed", _("Misslyckades")

    event = models.ForeignKey(MajorEvent, on_delete=models.CASCADE, related_name="notifications")
    address = models.EmailField(_("adress"))
    label = models.CharField(_("funktion"), max_length=120, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
