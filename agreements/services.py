"""Agreements (samverkansöverenskommelser): every write goes through here, is audited and saves
a new AgreementVersion with the complete content, so that no earlier text is ever lost."""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

import audit.log as audit
from agreements.models import Agreement, AgreementDecision, AgreementSection, AgreementVersion, Signatory
from samtrygg.dates import add_months, format_date
from tenancy.models import PoliceArea

LAW = "Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete"
LAW_FROM = datetime.date(2023, 7, 1)
FIELDS = [
    "kind",
    "title",
    "police_area",
    "valid_from",
    "valid_to",
    "status",
    "legal_basis",
    "case_number",
    "replaces",
    "replaces_text",
    "signed_place",
    "signed_on",
    "renewal_year",
]
SECTION_FIELDS = ["kind", "title", "body", "order"]
DECISION_FIELDS = ["party", "body", "decided_on", "reference"]
SIGNATORY_FIELDS = ["party", "name", "title", "order"]


class InvalidAgreement(ValueError):
    pass


# ---- defaults -------------------------------------------------------------------------------


def default_police_area(municipality) -> PoliceArea | None:
    return PoliceArea.objects.filter(municipalities=municipality).order_by("name").first()


def municipality_label(municipality) -> str:
    """'Lomma kommun', 'Höörs kommun': the genitive s after a consonant, as Swedish names take it."""
    name = municipality.name
    if name.endswith(("kommun", "stad")) or name.startswith("Region "):
        return name
    if name[-1].lower() not in "aeiouyåäösxz":
        name += "s"
    return f"{name} {_('kommun')}"


def police_area_label(police_area) -> str:
    """'lokalpolisområde Kävlinge' for 'LPO Kävlinge'."""
    name = police_area.name
    return _("lokalpolisområde %(name)s") % {"name": name.removeprefix("LPO ").strip()}


def years_label(valid_from: datetime.date, valid_to: datetime.date) -> str:
    return str(valid_from.year) if valid_from.year == valid_to.year else f"{valid_from.year}–{valid_to.year}"


def default_title(municipality, police_area, valid_from, valid_to) -> str:
    parties = municipality_label(municipality)
    if police_area is not None:
        parties = _("%(police)s och %(municipality)s") % {
            "police": police_area_label(police_area),
            "municipality": parties,
        }
    return _("Samverkansöverenskommelse mellan %(parties)s %(years)s") % {
        "parties": parties,
        "years": years_label(valid_from, valid_to),
    }


def default_legal_basis(valid_from: datetime.date) -> str:
    return LAW if valid_from >= LAW_FROM else ""


# ---- the content of one version -----------------------------------------------------------------


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def content(agreement: Agreement) -> dict:
    """The complete agreement as JSON: fields, sections, decisions, signatories and both annexes
    (forums with their members, focus areas) as they stand now. Stored in every AgreementVersion;
    the page, the versions and the Word and PDF documents are all rendered from it."""
    forums = agreement.forums.select_related("parent").prefetch_related("members__organisation").order_by("name")
    return {
        "municipality": {"code": agreement.municipality.code, "name": agreement.municipality.name},
        "police_area": agreement.police_area.name if agreement.police_area_id else None,
        "kind": agreement.kind,
        "title": agreement.title,
        "valid_from": _iso(agreement.valid_from),
        "valid_to": _iso(agreement.valid_to),
        "status": agreement.status,
        "legal_basis": agreement.legal_basis,
        "case_number": agreement.case_number,
        "replaces": {"id": agreement.replaces_id, "title": agreement.replaces.title} if agreement.replaces_id else None,
        "replaces_text": agreement.replaces_text,
        "signed_place": agreement.signed_place,
        "signed_on": _iso(agreement.signed_on),
        "renewal_year": agreement.renewal_year,
        "sections": [
            {"id": s.pk, "kind": s.kind, "title": s.title, "body": s.body, "order": s.order}
            for s in agreement.sections.all()
        ],
        "decisions": [
            {"id": d.pk, "party": d.party, "body": d.body, "decided_on": _iso(d.decided_on), "reference": d.reference}
            for d in agreement.decisions.all()
        ],
        "signatories": [
            {"id": s.pk, "party": s.party, "name": s.name, "title": s.title, "order": s.order}
            for s in agreement.signatories.all()
        ],
        "forums": [
            {
                "id": f.pk,
                "name": f.name,
                "level": f.level,
                "purpose": f.purpose,
                "parent": f.parent.name if f.parent_id else "",
                "cadence": f.cadence,
                "reports_to": f.reports_to,
                "reports_per_year": f.reports_per_year,
                "members": [
                    {
                        "role_title": m.role_title,
                        "organisation": m.organisation.name if m.organisation_id else "",
                        "kind": m.kind,
                    }
                    for m in f.members.all()
                ],
            }
            for f in forums
        ],
        "focus_areas": [
            {
                "id": f.pk,
                "year": f.year,
                "name": f.name,
                "description": f.description,
                "children_and_youth": f.children_and_youth,
            }
            for f in agreement.focus_areas.order_by("-year", "order", "name")
        ],
    }


def _new_version(agreement: Agreement, actor, comment: str = "") -> AgreementVersion:
    """Lock the agreement, bump its version and store the content. Called inside every write."""
    locked = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("municipality", "police_area")
        .get(pk=agreement.pk)
    )
    number = locked.version + 1 if locked.versions.exists() else locked.version
    Agreement.objects.filter(pk=agreement.pk).update(version=number)
    agreement.version = number
    version = AgreementVersion.objects.create(
        agreement=locked, number=number, content=content(locked), comment=comment.strip()[:250], created_by=actor
    )
    audit.record(
        actor,
        "create",
        version,
        municipality=agreement.municipality,
        object_repr=f"{agreement.title} v{number}",
    )
    return version


# ---- the agreement itself -------------------------------------------------------------------------


def _validate(municipality, data: dict, agreement: Agreement | None = None) -> None:
    if data["valid_to"] < data["valid_from"]:
        raise InvalidAgreement(_("Slutdatum kan inte vara före startdatum."))
    replaces = data.get("replaces")
    if replaces is not None:
        if replaces.municipality_id != municipality.pk:
            raise InvalidAgreement(_("Överenskommelsen som ersätts måste vara kommunens egen."))
        if agreement is not None and replaces.pk == agreement.pk:
            raise InvalidAgreement(_("En överenskommelse kan inte ersätta sig själv."))
    police_area = data.get("police_area")
    if police_area is not None and not police_area.municipalities.filter(pk=municipality.pk).exists():
        raise InvalidAgreement(_("Lokalpolisområdet omfattar inte kommunen."))


@transaction.atomic
def create_agreement(municipality, actor, *, valid_from, valid_to, comment: str = "", **data) -> Agreement:
    """data: any of FIELDS. Without police_area the police area covering the municipality is
    used; without title a title like the seeds' ("Samverkansöverenskommelse mellan lokalpolisområde
    Kävlinge och Lomma kommun 2023–2027"); without legal_basis Lag (2023:196) from 1 July 2023."""
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    if "police_area" not in data:
        data["police_area"] = default_police_area(municipality)
    data = {"valid_from": valid_from, "valid_to": valid_to, **data}
    _validate(municipality, data)
    if not data.get("title"):
        data["title"] = default_title(municipality, data["police_area"], valid_from, valid_to)
    if not data.get("legal_basis"):
        data["legal_basis"] = default_legal_basis(valid_from)
    agreement = Agreement.objects.create(municipality=municipality, created_by=actor, version=1, **data)
    audit.created(actor, agreement, FIELDS)
    _new_version(agreement, actor, comment)
    return agreement


@transaction.atomic
def update_agreement(agreement: Agreement, actor, *, comment: str = "", **data) -> Agreement:
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    merged = {"valid_from": agreement.valid_from, "valid_to": agreement.valid_to, **data}
    _validate(agreement.municipality, merged, agreement)
    before = audit.snapshot(agreement, FIELDS)
    for key, value in data.items():
        setattr(agreement, key, value)
    if not agreement.legal_basis:
        agreement.legal_basis = default_legal_basis(agreement.valid_from)
    if not agreement.title:
        agreement.title = default_title(
            agreement.municipality, agreement.police_area, agreement.valid_from, agreement.valid_to
        )
    agreement.save()
    if audit.updated(actor, agreement, before) is not None:
        _new_version(agreement, actor, comment)
    return agreement


def change_status(agreement: Agreement, actor, status: str, comment: str = "") -> Agreement:
    if status not in Agreement.Status.values:
        raise InvalidAgreement(_("Okänd status."))
    return update_agreement(agreement, actor, status=status, comment=comment)


@transaction.atomic
def set_annexes(agreement: Agreement, actor, *, forums, focus_areas, comment: str = "") -> Agreement:
    """Annex 1 (forums) and annex 2 (focus areas): only the municipality's own."""
    forums, focus_areas = list(forums), list(focus_areas)
    if any(f.municipality_id != agreement.municipality_id for f in forums + focus_areas):
        raise InvalidAgreement(_("Bilagorna kan bara innehålla kommunens egna forum och fokusområden."))
    before = {
        "forums": sorted(agreement.forums.values_list("pk", flat=True)),
        "focus_areas": sorted(agreement.focus_areas.values_list("pk", flat=True)),
    }
    after = {"forums": sorted(f.pk for f in forums), "focus_areas": sorted(f.pk for f in focus_areas)}
    if before == after:
        return agreement
    agreement.forums.set(forums)
    agreement.focus_areas.set(focus_areas)
    audit.record(actor, "update", agreement, changes=audit.diff(before, after))
    _new_version(agreement, actor, comment)
    return agreement


# ---- parts: sections, decisions, signatories ---------------------------------------------------------

PARTS = {
    AgreementSection: SECTION_FIELDS,
    AgreementDecision: DECISION_FIELDS,
    Signatory: SIGNATORY_FIELDS,
}


def _next_order(queryset) -> int:
    last = queryset.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def _add(model, agreement: Agreement, actor, comment: str, data: dict):
    fields = PARTS[model]
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    if "order" in fields and not data.get("order"):
        data["order"] = _next_order(model.objects.filter(agreement=agreement))
    obj = model.objects.create(agreement=agreement, **data)
    audit.created(actor, obj, fields, municipality=agreement.municipality)
    _new_version(agreement, actor, comment)
    return obj


@transaction.atomic
def _update(obj, actor, comment: str, data: dict):
    fields = PARTS[type(obj)]
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    before = audit.snapshot(obj, fields)
    for key, value in data.items():
        setattr(obj, key, value)
    obj.save()
    if audit.updated(actor, obj, before, municipality=obj.agreement.municipality) is not None:
        _new_version(obj.agreement, actor, comment)
    return obj


@transaction.atomic
def _delete(obj, actor, comment: str) -> None:
    agreement = obj.agreement
    audit.deleted(actor, obj, PARTS[type(obj)], municipality=agreement.municipality)
    obj.delete()
    _new_version(agreement, actor, comment)


def add_section(agreement: Agreement, actor, *, title: str, body: str = "", kind: str = "free", order=None, comment=""):
    return _add(
        AgreementSection, agreement, actor, comment, {"kind": kind, "title": title, "body": body, "order": order}
    )


def update_section(section: AgreementSection, actor, *, comment: str = "", **data) -> AgreementSection:
    return _update(section, actor, comment, data)


def delete_section(section: AgreementSection, actor, comment: str = "") -> None:
    _delete(section, actor, comment)


@transaction.atomic
def move_section(section: AgreementSection, actor, direction: int) -> None:
    """Swap with the neighbour above (direction -1) or below (+1); renumbers 1..n so equal
    orders from imported data stop mattering."""
    agreement = section.agreement
    sections = list(agreement.sections.all())
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    target = index + direction
    if not 0 <= target < len(sections):
        return
    sections[index], sections[target] = sections[target], sections[index]
    for order, s in enumerate(sections, start=1):
        if s.order != order:
            AgreementSection.objects.filter(pk=s.pk).update(order=order)
    audit.record(
        actor,
        "update",
        section,
        municipality=agreement.municipality,
        changes={"order": [index + 1, target + 1]},
    )
    _new_version(agreement, actor)


def add_decision(
    agreement: Agreement, actor, *, party: str, body: str, decided_on=None, reference: str = "", comment=""
):
    return _add(
        AgreementDecision,
        agreement,
        actor,
        comment,
        {"party": party, "body": body, "decided_on": decided_on, "reference": reference},
    )


def update_decision(decision: AgreementDecision, actor, *, comment: str = "", **data) -> AgreementDecision:
    return _update(decision, actor, comment, data)


def delete_decision(decision: AgreementDecision, actor, comment: str = "") -> None:
    _delete(decision, actor, comment)


def add_signatory(agreement: Agreement, actor, *, party: str, name: str, title: str, order=None, comment=""):
    return _add(Signatory, agreement, actor, comment, {"party": party, "name": name, "title": title, "order": order})


def update_signatory(signatory: Signatory, actor, *, comment: str = "", **data) -> Signatory:
    return _update(signatory, actor, comment, data)


def delete_signatory(signatory: Signatory, actor, comment: str = "") -> None:
    _delete(signatory, actor, comment)


# ---- warnings before an agreement runs out ---------------------------------------------------------


ACTIVE = [Agreement.Status.IN_FORCE, Agreement.Status.EXTENDED]


def warnings(municipality, today: datetime.date, agreement: Agreement | None = None) -> list[str]:
    """Swedish sentences for the agreements in force that run out within 12 months, whose
    renewal year has come, or that have run out but are still marked in force, unless a newer
    agreement (one that replaces it, or a later one of the same kind) exists. One query."""
    newer = Agreement.objects.filter(
        Q(replaces=OuterRef("pk")) | Q(kind=OuterRef("kind"), valid_from__gt=OuterRef("valid_from")),
        municipality=OuterRef("municipality"),
    ).exclude(pk=OuterRef("pk"))
    horizon = add_months(today, 12)
    agreements = (
        Agreement.objects.filter(municipality=municipality, status__in=ACTIVE)
        .filter(Q(valid_to__lte=horizon) | Q(renewal_year__lte=today.year))
        .annotate(has_newer=Exists(newer))
        # one that has run out but is still marked in force is always worth a warning
        .filter(Q(has_newer=False) | Q(valid_to__lt=today))
        .only("kind", "valid_from", "valid_to", "renewal_year")
        .order_by("valid_to", "pk")
    )
    if agreement is not None:  # only this agreement's warnings (its own page)
        agreements = agreements.filter(pk=agreement.pk)
    result = []
    for a in agreements:
        name = _("Samverkansöverenskommelsen %(years)s") % {"years": years_label(a.valid_from, a.valid_to)}
        if a.kind == Agreement.Kind.OPERATIVE:
            name = _("Den operativa samverkansöverenskommelsen %(years)s") % {
                "years": years_label(a.valid_from, a.valid_to)
            }
        if a.valid_to < today:
            result.append(
                _(
                    "%(name)s gick ut %(date)s men är fortfarande markerad som gällande. "
                    "Ändra status eller ta fram en ny samverkansöverenskommelse."
                )
                % {"name": name, "date": format_date(a.valid_to)}
            )
            continue
        year = a.renewal_year or a.valid_to.year
        result.append(
            _("%(name)s gäller till %(date)s. En ny samverkansöverenskommelse ska tas fram under %(year)d.")
            % {"name": name, "date": format_date(a.valid_to), "year": year}
        )
    return result
