import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Forum(models.Model):
    """A standing samverkansforum: trygghetsråd (with its samverkansgrupp and styrgrupp), lokala
    BRÅ, lägesbildsgrupp, KKL-möte, interaktionsmöte, veckolägesbild … Its cadence generates the
    year's meetings (forums.schedule)."""

    class Kind(models.TextChoices):
        SAFETY_COUNCIL = "safety_council", _("Trygghetsråd")
        COLLABORATION_GROUP = "collaboration_group", _("Samverkansgrupp")
        STEERING_GROUP = "steering_group", _("Styrgrupp")
        LOCAL_CRIME_COUNCIL = "local_crime_council", _("Lokala BRÅ")
        SITUATION_GROUP = "situation_group", _("Lägesbildsgrupp")
        PREVENTION_TEAM = "prevention_team", _("Förebyggande team")
        STRATEGIC_GROUP = "strategic_group", _("Strategisk grupp")
        KKL = "kkl", _("KKL-möte")
        INTERACTION = "interaction", _("Interaktionsmöte")
        WEEKLY_SITUATION = "weekly_situation", _("Veckolägesbild")
        WORKING_GROUP = "working_group", _("Arbetsgrupp")
        OTHER = "other", _("Annat forum")

    class Level(models.TextChoices):
        STRATEGIC = "strategic", _("Strategisk")
        OPERATIVE = "operative", _("Operativ")
        GROUP = "group", _("Gruppnivå")

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Varje vecka")
        WEEKLY_EXCEPT_SUMMER = "weekly_except_summer", _("Varje vecka utom sommar")
        MONTHLY = "monthly", _("Varje månad utom juli")
        FOUR_TIMES_A_YEAR = "four_times_a_year", _("Fyra gånger per år")
        TWICE_A_TERM = "twice_a_term", _("Två gånger per termin")
        TWICE_A_YEAR = "twice_a_year", _("Två gånger per år")
        AD_HOC = "ad_hoc", _("Vid behov")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("måndag")
        TUESDAY = 1, _("tisdag")
        WEDNESDAY = 2, _("onsdag")
        THURSDAY = 3, _("torsdag")
        FRIDAY = 4, _("fredag")

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="forums")
    name = models.CharField(_("namn"), max_length=150)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    level = models.CharField(_("nivå"), max_length=10, choices=Level.choices, default=Level.OPERATIVE)
    purpose = models.TextField(_("syfte"), blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("ingår i"),
    )
    reports_to = models.CharField(_("rapporterar till"), max_length=150, blank=True)
    reports_per_year = models.PositiveIntegerField(_("återrapporteringar per år"), null=True, blank=True)
    cadence = models.CharField(_("mötesfrekvens"), max_length=25, choices=Cadence.choices, default=Cadence.AD_HOC)
    weekday = models.PositiveSmallIntegerField(_("veckodag"), choices=Weekday.choices, default=Weekday.TUESDAY)
    start_time = models.TimeField(_("starttid"), default="09:00")
    duration_minutes = models.PositiveIntegerField(_("längd i minuter"), default=60)
    location = models.CharField(_("plats"), max_length=200, blank=True)
    # days before a meeting that status reports are due, and that reminders go out
    status_report_days = models.PositiveIntegerField(_("lägesrapporter senast dagar före möte"), default=3)
    reminder_days = models.PositiveIntegerField(_("påminnelse dagar före möte"), default=2)
    # the members get last week's lägesbild by e-mail every Monday morning (lagesbild.weekly)
    weekly_situation = models.BooleanField(_("veckans lägesbild med e-post"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        unique_together = [("municipality", "name")]
        verbose_name = _("forum")
        verbose_name_plural = _("forum")

    def __str__(self) -> str:
        return self.name


class ForumMember(models.Model):
    """A seat in a forum: a user or a named person with a role title, the organisation they
    represent, full or adjunct (adjungerad)."""

    class Kind(models.TextChoices):
        FULL = "full", _("Ordinarie")
        ADJUNCT = "adjunct", _("Adjungerad")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_seats",
        verbose_name=_("användare"),
    )
    name = models.CharField(_("namn"), max_length=150, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    role_title = models.CharField(_("roll"), max_length=150)
    organisation = models.ForeignKey(
        "tenancy.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_seats",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("medlemskap"), max_length=10, choices=Kind.choices, default=Kind.FULL)

    class Meta:
        ordering = ["kind", "role_title", "id"]
        verbose_name = _("forummedlem")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        # a seat held by a role of an organisation until a person is named
        if self.organisation_id:
            return self.organisation.name
        return self.role_title

    @property
    def address(self) -> str:
        return self.email or (self.user.email if self.user_id else "")


class Meeting(models.Model):
    """One meeting of a forum, generated from its cadence or added by hand, moved or cancelled
    one by one."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        CANCELLED = "cancelled", _("Inställt")
        HELD = "held", _("Genomfört")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("rubrik"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    location = models.CharField(_("plats"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.CharField(_("anledning till inställt"), max_length=250, blank=True)
    # the cadence slot it was generated for ("2026-W07", "2026-03"); regenerating skips taken slots
    slot = models.CharField(max_length=20, blank=True)
    moved_from = models.DateTimeField(_("ursprunglig tid"), null=True, blank=True)
    minutes = models.TextField(_("minnesanteckningar"), blank=True)
    # personal data found in the minutes at the last save ([{kind, label, start, end}]): shown as a warning
    minutes_pii = models.JSONField(_("personuppgifter i anteckningarna"), default=list, blank=True)
    situation_picture = models.ForeignKey(
        "lagesbild.SituationPicture",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("lägesbild"),
    )
    # bumped on every change of time or status, so calendar clients see the new version
    sequence = models.PositiveIntegerField(default=0)
    invited_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "slot"], condition=~models.Q(slot=""), name="meeting_unique_slot")
        ]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")

    def __str__(self) -> str:
        return self.title or self.forum.name


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveIntegerField(_("ordning"), default=0)
    title = models.CharField(_("punkt"), max_length=250)
    presenter = models.CharField(_("föredragande"), max_length=150, blank=True)
    notes = models.TextField(_("anteckning"), blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("dagordningspunkt")

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("beslut"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("beslut")

    def __str__(self) -> str:
        return self.text[:80]


class ActionItem(models.Model):
    """Something a meeting asked someone to do, with an owner and a due date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    text = models.CharField(_("vad"), max_length=300)
    owner = models.CharField(_("ansvarig"), max_length=150)
    organisation = models.ForeignKey(
        "tenancy.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(_("klart senast"))
    done_at = models.DateField(_("klart"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("uppdrag")

    def __str__(self) -> str:
        return self.text


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Närvarande")
        ABSENT = "absent", _("Frånvarande")
        EXCUSED = "excused", _("Anmält förhinder")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(ForumMember, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("närvaro"), max_length=10, choices=Status.choices)

    class Meta:
        unique_together = [("meeting", "member")]
        verbose_name = _("närvaro")


def paper_path(instance, filename):
    return f"meetings/{instance.meeting_id}/{secrets.token_hex(8)}/{filename}"


class MeetingPaper(models.Model):
    """An attached document (handling) for a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(_("rubrik"), max_length=200)
    file = models.FileField(_("fil"), upload_to=paper_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("möteshandling")

    def __str__(self) -> str:
        return self.title


class CalendarToken(models.Model):
    """The secret in a user's calendar subscription URL: calendar apps cannot send a bearer
    token, so the feed URL carries one. Only the calendar feeds accept it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    @classmethod
    def for_user(cls, user, *, rotate: bool = False) -> "CalendarToken":
        obj = cls.objects.filter(user=user).first()
        if obj is None:
            return cls.objects.create(user=user, token=secrets.token_urlsafe(32))
        if rotate:
            obj.token = secrets.token_urlsafe(32)
            obj.save(update_fields=["token"])
        return obj
