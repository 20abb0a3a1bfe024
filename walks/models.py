"""Safety walks (trygghetsvandringar): the walk and its participants, the observations made on it,
the proposals (åtgärdsförslag) routed to their owners and the owners' answers.

The public side (the feedback report, the map, residents' tips) builds on these models: a walk is
published when `published_at` is set, and a proposal's public status is its `status`."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# How long an observation's unmasked text is kept at most (as for EST reports).
ORIGINAL_KEPT_DAYS = 30

# The default walk categories from practice; each municipality gets its own copy on first use.
DEFAULT_CATEGORIES = [
    ("belysning", _("Belysning")),
    ("vaxtlighet", _("Växtlighet/skymd sikt")),
    ("nedskrapning", _("Nedskräpning")),
    ("klotter-skadegorelse", _("Klotter/skadegörelse")),
    ("trafik", _("Trafik")),
    ("gangvag", _("Gångväg")),
    ("overgivet-odsligt", _("Övergivet/ödsligt")),
    ("annat", _("Annat")),
]

# Safetipin's nine audit parameters, each rated 0–3 on the spot.
RATING_FIELDS = [
    ("lighting", _("Belysning")),
    ("openness", _("Öppenhet")),
    ("visibility", _("Synlighet")),
    ("people", _("Människor")),
    ("security", _("Bevakning")),
    ("walk_path", _("Gångväg")),
    ("transport", _("Kollektivtrafik")),
    ("gender_usage", _("Könsfördelning")),
    ("feeling", _("Känsla")),
]


def _rating(label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(3)]
    )


class Walk(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        DONE = "done", _("Genomförd")
        CANCELLED = "cancelled", _("Inställd")

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="walks")
    title = models.CharField(_("rubrik"), max_length=200)
    area = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="walks", verbose_name=_("område")
    )
    # The route as GeoJSON (a LineString drawn on the map) or as stops: {"stops": [{"name", "lat", "lon"}]}.
    route = models.JSONField(_("rutt"), null=True, blank=True)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("slut"), null=True, blank=True)
    meeting_point = models.CharField(_("samlingsplats"), max_length=200, blank=True)
    purpose = models.TextField(_("syfte"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    # Grows on every change of time or place, so calendars replace their copy of the invitation.
    sequence = models.PositiveIntegerField(default=0)
    # The public feedback report (återkopplingsrapport): published when set.
    feedback_summary = models.TextField(_("sammanfattning för återkoppling"), blank=True)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["municipality", "starts_at"])]
        verbose_name = _("trygghetsvandring")
        verbose_name_plural = _("trygghetsvandringar")

    def __str__(self) -> str:
        return self.title


class WalkParticipant(models.Model):
    """A user, an organisation or a named external person (politician, housing company, pupils'
    representative …) invited to a walk, as a walker or as an owner who must answer proposals."""

    class Kind(models.TextChoices):
        WALKER = "walker", _("Deltagare")
        OWNER = "owner", _("Ansvarig ägare")

    walk = models.ForeignKey(Walk, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey("tenancy.Organisation", null=True, blank=True, on_delete=models.CASCADE)
    name = models.CharField(_("namn"), max_length=150, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    kind = models.CharField(_("roll på vandringen"), max_length=10, choices=Kind.choices, default=Kind.WALKER)
    invitation_sent_at = models.DateTimeField(_("inbjudan skickad"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("deltagare")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.organisation.name if self.organisation_id else ""

    @property
    def address(self) -> str:
        return self.email or (self.user.email if self.user_id else "")


class WalkCategory(models.Model):
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="walk_categories")
    slug = models.SlugField(_("kortnamn"), max_length=50)
    name = models.CharField(_("namn"), max_length=100)
    active = models.BooleanField(_("används"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        unique_together = [("municipality", "slug")]
        verbose_name = _("kategori för trygghetsvandring")
        verbose_name_plural = _("kategorier för trygghetsvandring")

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """A finding on the walk at a point. The text is masked as an EST report's description is."""

    walk = models.ForeignKey(Walk, on_delete=models.CASCADE, related_name="observations")
    lat = models.FloatField(_("latitud"))
    lon = models.FloatField(_("longitud"))
    category = models.ForeignKey(WalkCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("kategori"))
    # As stored and shown: every personal-data finding replaced by its token unless confirmed.
    text = models.TextField(_("beskrivning"), blank=True)
    # The text as written while anything was masked in it: coordinators only, cleared when the
    # observation becomes part of a proposal and after ORIGINAL_KEPT_DAYS.
    text_original = models.TextField(_("originaltext med personuppgifter"), blank=True)
    # The findings, shaped as Incident.pii.
    pii = models.JSONField(_("personuppgifter i texten"), default=list, blank=True)
    lighting = _rating(_("belysning"))
    openness = _rating(_("öppenhet"))
    visibility = _rating(_("synlighet"))
    people = _rating(_("människor"))
    security = _rating(_("bevakning"))
    walk_path = _rating(_("gångväg"))
    transport = _rating(_("kollektivtrafik"))
    gender_usage = _rating(_("könsfördelning"))
    feeling = _rating(_("känsla"))
    # Made on the phone; a retried upload of the same observation finds it instead of adding another.
    client_id = models.CharField(_("klient-id"), max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["walk", "client_id"], name="walk_observation_client_id")]
        verbose_name = _("observation")
        verbose_name_plural = _("observationer")

    def __str__(self) -> str:
        return f"#{self.pk} {self.category.name if self.category_id else ''}"

    @property
    def ratings(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name, _label in RATING_FIELDS}


def photo_path(instance, filename):
    return f"walks/photos/{secrets.token_hex(8)}.jpg"


class ObservationPhoto(models.Model):
    """A photo re-encoded without EXIF (GPS included) and resized; served through a permission check."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("bild"), upload_to=photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    approved_for_publication = models.BooleanField(_("godkänd för publicering"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("foto")


class Proposal(models.Model):
    """An åtgärdsförslag routed to the organisation that owns the problem."""

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        SENT = "sent", _("Skickad")
        ACCEPTED = "accepted", _("Planerad")
        DONE = "done", _("Åtgärdad")
        DECLINED = "declined", _("Avböjd")
        REROUTED = "rerouted", _("Skickad vidare")

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="walk_proposals")
    # Empty for a proposal that came from a resident's tip rather than a walk.
    walk = models.ForeignKey(Walk, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    observations = models.ManyToManyField(Observation, blank=True, related_name="proposals")
    owner_organisation = models.ForeignKey(
        "tenancy.Organisation", on_delete=models.PROTECT, related_name="walk_proposals", verbose_name=_("ansvarig")
    )
    owner_name = models.CharField(_("kontaktperson"), max_length=150, blank=True)
    owner_email = models.EmailField(_("kontaktpersonens e-post"), blank=True)
    answer_by = models.DateField(_("svar senast"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    planned_date = models.DateField(_("planerat datum"), null=True, blank=True)
    # The proposal this one continues after its owner declined and named another owner.
    rerouted_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rerouted_to"
    )
    focus_area = models.ForeignKey(
        "focusareas.FocusArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="walk_proposals"
    )
    activity = models.ForeignKey(
        "actionplans.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="walk_proposals"
    )
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["answer_by", "id"]
        indexes = [models.Index(fields=["municipality", "status"]), models.Index(fields=["owner_organisation"])]
        verbose_name = _("åtgärdsförslag")
        verbose_name_plural = _("åtgärdsförslag")

    def __str__(self) -> str:
        return self.title

    @property
    def answer(self) -> "ProposalAnswer | None":
        """The latest answer (prefetch `answers` to avoid a query per proposal)."""
        answers = list(self.answers.all())
        return max(answers, key=lambda a: (a.answered_at, a.pk)) if answers else None


class ProposalAnswer(models.Model):
    class Decision(models.TextChoices):
        ACCEPT = "accept", _("Vi åtgärdar")
        DONE = "done", _("Åtgärdat")
        DECLINE = "decline", _("Vi åtgärdar inte")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    decision = models.CharField(_("beslut"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("motivering"), blank=True)
    planned_date = models.DateField(_("planerat datum"), null=True, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    photo = models.FileField(_("bild"), upload_to=photo_path, blank=True)
    answered_at = models.DateTimeField(_("besvarad"), auto_now_add=True)
    # A user with an account, or the owner's contact through the e-mailed link.
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by_name = models.CharField(_("besvarad av"), max_length=150, blank=True)
    via_link = models.BooleanField(default=False)
    # On a decline: the organisation that owns the problem instead, and its contact.
    rerouted_to = models.ForeignKey(
        "tenancy.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rerouted_contact_name = models.CharField(max_length=150, blank=True)
    rerouted_contact_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["answered_at", "id"]
        verbose_name = _("svar på åtgärdsförslag")


class OwnerLink(models.Model):
    """The personal link an owner answers through without an account. Only a hash of the secret is
    stored; the link opens the proposals of its organisation in its municipality and nothing else."""

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.CASCADE, related_name="owner_links")
    name = models.CharField(_("namn"), max_length=150, blank=True)
    email = models.EmailField(_("e-post"))
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("giltig till"))
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("svarslänk")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.email}"


class OwnerReminder(models.Model):
    """One reminder e-mail to an owner (organisation + address); at most one a week each."""

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    sent_at = models.DateTimeField()
    proposals = models.ManyToManyField(Proposal, related_name="reminders")

    class Meta:
        indexes = [models.Index(fields=["organisation", "email", "sent_at"])]
