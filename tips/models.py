"""Residents' tips (the public channel) and residents' subscriptions to a walk's feedback.

A tip's text is masked before it is stored for anyone but the coordinator to read (the original is
kept for the coordinator until the tip is closed); the tipper's address is deleted when the tip is
closed. A subscription is confirmed by a link (double opt-in) and ended by the link in every mail."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def tip_photo_path(instance, filename):
    return f"tips/photos/{secrets.token_hex(8)}.jpg"


class Tip(models.Model):
    class Kind(models.TextChoices):
        PLACE = "place", _("En otrygg plats")
        PROBLEM = "problem", _("Ett problem")

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        ROUTED = "routed", _("Skickad till ansvarig")
        REJECTED = "rejected", _("Avvisad")
        DONE = "done", _("Åtgärdad")
        REOPENED = "reopened", _("Inte åtgärdat enligt tipsaren")
        CLOSED = "closed", _("Avslutad")

    # Closed tips: the address is deleted when a tip reaches one of these.
    CLOSED_STATUSES = (Status.REJECTED, Status.DONE, Status.CLOSED)

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="tips")
    kind = models.CharField(_("gäller"), max_length=10, choices=Kind.choices, default=Kind.PLACE)
    category = models.ForeignKey(
        "walks.WalkCategory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kategori"),
    )
    lat = models.FloatField(_("latitud"))
    lon = models.FloatField(_("longitud"))
    # As shown to everyone but the coordinator: every personal-data finding replaced by its token.
    text = models.TextField(_("beskrivning"))
    # The text as written while anything was masked in it: coordinators only, cleared on close.
    text_original = models.TextField(_("originaltext med personuppgifter"), blank=True)
    pii = models.JSONField(_("personuppgifter i texten"), default=list, blank=True)
    photo = models.FileField(_("bild"), upload_to=tip_photo_path, blank=True)
    # For updates only; deleted when the tip is closed.
    email = models.EmailField(_("e-post för återkoppling"), blank=True)
    # SHA-256 of the secret in the tipper's "inte åtgärdat" link.
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    reject_reason = models.TextField(_("skäl"), blank=True)
    proposal = models.ForeignKey(
        "walks.Proposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tips",
        verbose_name=_("åtgärdsförslag"),
    )
    reopened_at = models.DateTimeField(_("återöppnad av tipsaren"), null=True, blank=True)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "status"])]
        verbose_name = _("tips")
        verbose_name_plural = _("tips")

    def __str__(self) -> str:
        return f"Tips #{self.pk}"


class Subscription(models.Model):
    """A resident's subscription to the feedback of one walk, or of every walk in a municipality."""

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="+")
    walk = models.ForeignKey("walks.Walk", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("e-post"))
    token = models.CharField(max_length=64, unique=True)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("prenumeration på återkoppling")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "walk", "email"], name="tips_subscription_once"),
        ]

    def __str__(self) -> str:
        return self.email
