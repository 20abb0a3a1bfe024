"""The one place that says whether the free texts of an object may be frozen, published, exported
or mailed: every finding of privacy.pii in them must be masked away or confirmed, finding by
finding, as not personal data (a place called Berga). Confirmations are kept per object and field
(privacy.models.Confirmation) so nobody is asked twice; every app calls these functions.

CHECKED is the registry of the texts that are checked: for each model the fields, the permission
needed to confirm a finding through the API, and how to reach the municipality."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from audit import log as audit
from audit.models import AuditEntry
from privacy import pii
from privacy.models import Confirmation


@dataclass(frozen=True)
class Checked:
    fields: tuple[str, ...]
    permission: str
    municipality: str  # attribute path from the object to its municipality, "forum.municipality"


CHECKED: dict[str, Checked] = {
    "lagesbild.situationpicture": Checked(
        ("current_situation", "mapping", "other_information", "analysis"), "edit_situation", "municipality"
    ),
    "promises.citizenpromise": Checked(
        ("title", "situation_today", "what_we_do", "what_we_achieve", "follow_along"),
        "edit_collaboration",
        "municipality",
    ),
    "promises.promiseupdate": Checked(("text",), "edit_collaboration", "promise.municipality"),
    "statusreports.statusreport": Checked(
        ("situation", "observations", "measures", "needs"), "edit_collaboration", "meeting.forum.municipality"
    ),
    "forums.meeting": Checked(("minutes",), "edit_collaboration", "forum.municipality"),
    "forums.decision": Checked(("text",), "edit_collaboration", "meeting.forum.municipality"),
    "focusareas.focusarea": Checked(("description",), "edit_collaboration", "municipality"),
    "focusareas.evidence": Checked(("description",), "edit_collaboration", "focus_area.municipality"),
    "focusareas.causeanalysis": Checked(("problem",), "edit_collaboration", "focus_area.municipality"),
    "focusareas.cause": Checked(("text",), "edit_collaboration", "analysis.focus_area.municipality"),
    "actionplans.activity": Checked(("status_comment",), "edit_collaboration", "plan.municipality"),
    "actionplans.followup": Checked(("comment",), "edit_collaboration", "plan.municipality"),
    "actionplans.evaluation": Checked(
        ("production", "process", "effect", "conclusion"), "edit_collaboration", "plan.municipality"
    ),
    # the texts of a walk's public feedback report (walks.feedback.SHOWN_FIELDS)
    "walks.walk": Checked(("title", "purpose", "feedback_summary"), "edit_walks", "municipality"),
    "walks.proposal": Checked(("title", "description"), "edit_walks", "municipality"),
    "walks.proposalanswer": Checked(("reason", "comment"), "edit_walks", "proposal.municipality"),
    # a major event's log entries (checked before the entry is saved: it is never changed) and its
    # evaluation, which the yearly follow-up lists
    "majorevents.entry": Checked(("text",), "edit_major_events", "event.municipality"),
    "majorevents.majorevent": Checked(
        ("title", "evaluation_worked", "evaluation_did_not_work"), "edit_major_events", "municipality"
    ),
}


@dataclass(frozen=True)
class FieldFinding:
    """One finding in one field of one object, with what the user needs to find it again."""

    field: str
    field_label: str
    kind: str
    kind_label: str
    text: str
    where: str = ""

    def as_dict(self) -> dict:
        return {
            "field": self.field,
            "field_label": self.field_label,
            "kind": self.kind,
            "label": self.kind_label,
            "text": self.text,
        }


class UnresolvedPersonalData(Exception):
    """Refused: a text to be frozen, published, exported or mailed holds unresolved findings."""

    def __init__(self, findings: list[FieldFinding]):
        self.findings = findings
        super().__init__(refusal_message(findings))

    @property
    def message(self) -> str:
        return str(self)


def checked_fields(obj: models.Model) -> tuple[str, ...]:
    return CHECKED[obj._meta.label_lower].fields


def field_label(obj_or_model, name: str) -> str:
    label = str(obj_or_model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def municipality_of(obj: models.Model):
    target = obj
    for part in CHECKED[obj._meta.label_lower].municipality.split("."):
        target = getattr(target, part)
    return target


def findings(text: str) -> list[tuple[pii.Finding, str]]:
    """privacy.pii's findings with the text each one covers."""
    return [(f, text[f.start : f.end]) for f in pii.find_pii(text or "")]


def confirmed(obj: models.Model) -> dict[str, set[str]]:
    """{field: the finding texts confirmed as not personal data} for a saved object."""
    if obj is None or obj.pk is None:
        return {}
    out: dict[str, set[str]] = {}
    rows = Confirmation.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).values_list("field", "text")
    for name, text in rows:
        out.setdefault(name, set()).add(text)
    return out


def unresolved(
    *,
    obj: models.Model,
    fields: Iterable[str] | None = None,
    texts: dict[str, str] | None = None,
    also_confirmed: dict[str, Iterable[str]] | None = None,
    where: str = "",
) -> list[FieldFinding]:
    """The findings in these fields of this object (default: all its checked fields) that are
    neither masked nor confirmed. `texts` overrides the object's values (a form not yet saved),
    `also_confirmed` adds confirmations not yet stored."""
    names = tuple(fields) if fields is not None else checked_fields(obj)
    done = confirmed(obj)
    for name, values in (also_confirmed or {}).items():
        done.setdefault(name, set()).update(values)
    out = []
    for name in names:
        text = texts[name] if texts is not None and name in texts else getattr(obj, name, "")
        for finding, covered in findings(text or ""):
            if covered in done.get(name, ()):
                continue
            out.append(FieldFinding(name, field_label(obj, name), finding.kind, finding.label, covered, where))
    return out


def unresolved_in(objects: Iterable[tuple[models.Model, str]]) -> list[FieldFinding]:
    """The unresolved findings of several objects, each given with a short description of where
    it is ("uppföljningen av Trygg hamn, kvartal 2") that the refusal names."""
    out: list[FieldFinding] = []
    for obj, where in objects:
        out += unresolved(obj=obj, where=where)
    return out


def refusal_message(found: list[FieldFinding]) -> str:
    """The Swedish refusal, one sentence per field, naming the field and what was found."""
    by_field: dict[tuple[str, str], list[FieldFinding]] = {}
    for f in found:
        by_field.setdefault((f.where, f.field_label), []).append(f)
    sentences = []
    for (where, label), items in by_field.items():
        listed = ", ".join(f"{f.kind_label}: {f.text}" for f in items)
        place = f"”{label}”" + (f" ({where})" if where else "")
        if len(items) == 1:
            sentence = _(
                "Texten i fältet %(field)s innehåller något som ser ut som en personuppgift (%(found)s). "
                "Maskera det eller bekräfta att det inte är en personuppgift."
            )
        else:
            sentence = _(
                "Texten i fältet %(field)s innehåller något som ser ut som personuppgifter (%(found)s). "
                "Maskera dem eller bekräfta att de inte är personuppgifter."
            )
        sentences.append(sentence % {"field": place, "found": listed})
    return " ".join(sentences)


def ensure_resolved(*, obj: models.Model, fields: Iterable[str] | None = None, where: str = "") -> None:
    """Raise UnresolvedPersonalData unless every finding in these fields is masked or confirmed."""
    found = unresolved(obj=obj, fields=fields, where=where)
    if found:
        raise UnresolvedPersonalData(found)


def ensure_all_resolved(*, objects: Iterable[tuple[models.Model, str]]) -> None:
    found = unresolved_in(objects)
    if found:
        raise UnresolvedPersonalData(found)


@transaction.atomic
def confirm(*, obj: models.Model, confirmations: dict[str, Iterable[str]], actor) -> list[FieldFinding]:
    """Store that these finding texts of these fields are not personal data. Only texts that are
    findings in the field now are kept (a stale checkbox confirms nothing). Returns what was
    confirmed now; records it in the audit log."""
    allowed = set(checked_fields(obj))
    content_type = ContentType.objects.get_for_model(obj)
    done = confirmed(obj)
    stored: list[FieldFinding] = []
    for name, wanted in confirmations.items():
        if name not in allowed:
            raise ValueError(f"{name} is not a checked field of {obj._meta.label_lower}")
        wanted = {w for w in wanted if w}
        for finding, covered in findings(getattr(obj, name) or ""):
            if covered not in wanted or covered in done.get(name, ()) or len(covered) > 200:
                continue
            try:
                with transaction.atomic():
                    Confirmation.objects.create(
                        content_type=content_type,
                        object_id=obj.pk,
                        field=name,
                        text=covered,
                        kind=finding.kind,
                        confirmed_by=actor if actor is not None and actor.is_authenticated else None,
                    )
            except IntegrityError:  # confirmed at the same moment by someone else
                continue
            done.setdefault(name, set()).add(covered)
            stored.append(FieldFinding(name, field_label(obj, name), finding.kind, finding.label, covered))
    if stored:
        audit.record(
            actor,
            AuditEntry.Action.UPDATE,
            obj,
            changes={"pii_confirmed": [[f.field, f.kind, f.text] for f in stored]},
            municipality=municipality_of(obj),
        )
    return stored


# ---- the live check's reference to the object being edited -------------------------------------

_SALT = "privacy.live-check"


def reference(obj: models.Model, name: str, user) -> str:
    """A signed token naming the object and field for the live check: it shows which findings are
    already confirmed, and only to the user the form was rendered for."""
    if obj is None or obj.pk is None:
        return ""
    return signing.dumps([obj._meta.label_lower, obj.pk, name, getattr(user, "pk", None)], salt=_SALT)


def resolve_reference(token: str, user) -> tuple[models.Model, str] | None:
    from django.apps import apps

    if not token:
        return None
    try:
        label, pk, name, user_id = signing.loads(token, salt=_SALT, max_age=60 * 60 * 24)
    except signing.BadSignature:
        return None
    if user_id != getattr(user, "pk", None) or label not in CHECKED or name not in CHECKED[label].fields:
        return None
    model = apps.get_model(label)
    obj = model._default_manager.filter(pk=pk).first()
    return (obj, name) if obj is not None else None
