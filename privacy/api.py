"""The personal-data check over the API: what a text holds, what is unresolved in an object's
checked texts, and confirming a finding as not personal data (as the forms' checkboxes do)."""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from accounts.api import API_AUTH
from privacy import pii, services
from samtrygg.openapi import DetailOut
from tenancy.scoping import has_permission, municipality_ids

router = Router(tags=["privacy"], auth=API_AUTH)


class TextIn(Schema):
    text: str = Field(..., max_length=20_000)


class FindingOut(Schema):
    kind: str
    label: str
    text: str
    start: int
    end: int


class CheckOut(Schema):
    findings: list[FindingOut]
    masked: str


class ObjectIn(Schema):
    object_type: str = Field(..., examples=["lagesbild.situationpicture"])
    object_id: int


class ConfirmIn(ObjectIn):
    field: str = Field(..., examples=["current_situation"])
    text: str = Field(..., examples=["Berga"])


class UnresolvedOut(Schema):
    field: str
    field_label: str
    kind: str
    label: str
    text: str


class ObjectOut(Schema):
    unresolved: list[UnresolvedOut]
    detail: str


@router.post("/privacy/check", response=CheckOut, summary="Find personal data in a text")
def check(request, payload: TextIn):
    found = services.findings(payload.text)
    return {
        "findings": [{**f.as_dict(), "text": covered} for f, covered in found],
        "masked": pii.mask(payload.text)[0],
    }


def _object(request, payload: ObjectIn, permission: str | None = None):
    label = payload.object_type.lower()
    if label not in services.CHECKED:
        raise Http404
    obj = apps.get_model(label)._default_manager.filter(pk=payload.object_id).first()
    if obj is None:
        raise Http404
    municipality = services.municipality_of(obj)
    if municipality.id not in municipality_ids(request.user):
        raise Http404
    if not has_permission(request.user, municipality, permission or services.CHECKED[label].permission):
        raise PermissionDenied
    return obj


def _state(obj) -> dict:
    found = services.unresolved(obj=obj)
    return {"unresolved": [f.as_dict() for f in found], "detail": services.refusal_message(found)}


@router.post(
    "/privacy/unresolved",
    response=ObjectOut,
    summary="The personal data in an object's checked texts that is neither masked nor confirmed",
)
def unresolved(request, payload: ObjectIn):
    edit = services.CHECKED.get(payload.object_type.lower())
    read = "view_situation" if edit and edit.permission == "edit_situation" else "view_collaboration"
    return _state(_object(request, payload, read))


@router.post(
    "/privacy/confirmations",
    response={200: ObjectOut, 422: DetailOut},
    summary="Confirm that a finding in a field is not personal data (a place called Berga)",
)
def confirm(request, payload: ConfirmIn):
    obj = _object(request, payload)
    if payload.field not in services.checked_fields(obj):
        return Status(422, {"detail": _("Fältet kontrolleras inte för personuppgifter.")})
    if payload.text not in {covered for _f, covered in services.findings(getattr(obj, payload.field) or "")}:
        return Status(422, {"detail": _("Texten finns inte bland det som hittades i fältet.")})
    services.confirm(obj=obj, confirmations={payload.field: [payload.text]}, actor=request.user)
    return _state(obj)
