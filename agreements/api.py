import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from accounts.api import API_AUTH
from agreements import exporters
from agreements.models import Agreement, AgreementDecision, AgreementSection
from agreements.services import content
from privacy import services as privacy
from samtrygg import exporters as contract
from samtrygg.openapi import DetailOut, choice
from tenancy.scoping import get_municipality, has_permission

router = Router(tags=["agreements"], auth=API_AUTH)


class AgreementQuery(Schema):
    municipality: str = Field(..., examples=["1262"])


class AgreementOut(Schema):
    id: int
    kind: choice(Agreement.Kind)
    title: str
    valid_from: datetime.date
    valid_to: datetime.date
    status: choice(Agreement.Status)
    case_number: str
    version: int
    police_area: str | None
    legal_basis: str
    renewal_year: int | None
    forums: list[str]
    focus_areas: list[str]


class SectionOut(Schema):
    id: int
    kind: choice(AgreementSection.Kind)
    title: str
    body: str
    order: int


class AgreementDecisionOut(Schema):
    id: int
    party: choice(AgreementDecision.Party)
    body: choice(AgreementDecision.Body)
    decided_on: datetime.date | None
    reference: str


class SignatoryOut(Schema):
    id: int
    party: choice(AgreementDecision.Party)
    name: str
    title: str
    order: int


class AgreementDetailOut(AgreementOut):
    municipality: str
    replaces: int | None
    replaces_text: str
    signed_place: str
    signed_on: datetime.date | None
    sections: list[SectionOut]
    decisions: list[AgreementDecisionOut]
    signatories: list[SignatoryOut]


def _row(agreement: Agreement) -> dict:
    return {
        "id": agreement.pk,
        "kind": agreement.kind,
        "title": agreement.title,
        "valid_from": agreement.valid_from,
        "valid_to": agreement.valid_to,
        "status": agreement.status,
        "case_number": agreement.case_number,
        "version": agreement.version,
        "police_area": agreement.police_area.name if agreement.police_area_id else None,
        "legal_basis": agreement.legal_basis,
        "renewal_year": agreement.renewal_year,
        "forums": [f.name for f in agreement.forums.all()],
        "focus_areas": [f.name for f in agreement.focus_areas.all()],
    }


@router.get(
    "/agreements", response=list[AgreementOut], summary="A municipality's agreements (samverkansöverenskommelser)"
)
def agreements(request, query: Query[AgreementQuery]):
    municipality = get_municipality(request.user, query.municipality, "view_collaboration")
    rows = (
        Agreement.objects.filter(municipality=municipality)
        .select_related("police_area")
        .prefetch_related("forums", "focus_areas")
    )
    return [_row(a) for a in rows]


def _agreement(request, agreement_id: int) -> Agreement:
    """404 for an unknown agreement or one of a municipality the user cannot see; 403 without
    view_collaboration there."""
    agreement = get_object_or_404(
        Agreement.objects.select_related("municipality", "police_area", "replaces"), pk=agreement_id
    )
    municipality = agreement.municipality
    if not has_permission(request.user, municipality, "view_collaboration"):
        get_municipality(request.user, municipality.code, "view_collaboration")  # raises 404 or 403
        raise Http404  # pragma: no cover - get_municipality always raises here
    return agreement


def _download(request, agreement_id: int, fmt: str):
    try:
        return contract.response(exporters.render(_agreement(request, agreement_id), fmt))
    except privacy.UnresolvedPersonalData as e:
        return Status(409, {"detail": str(e)})


@router.get(
    "/agreements/{agreement_id}.docx",
    response={200: None, 409: DetailOut},
    summary="The agreement document as Word (.docx)",
    openapi_extra={"responses": {200: {"description": "Word", "content": {exporters.DOCX_TYPE: {}}}}},
)
def agreement_docx(request, agreement_id: int):
    return _download(request, agreement_id, "docx")


@router.get(
    "/agreements/{agreement_id}.pdf",
    response={200: None, 409: DetailOut},
    summary="The agreement document as PDF",
    openapi_extra={"responses": {200: {"description": "PDF", "content": {"application/pdf": {}}}}},
)
def agreement_pdf(request, agreement_id: int):
    return _download(request, agreement_id, "pdf")


@router.get("/agreements/{agreement_id}", response=AgreementDetailOut, summary="One agreement with its sections")
def agreement(request, agreement_id: int):
    a = _agreement(request, agreement_id)
    c = content(a)
    return {
        **_row(a),
        "municipality": a.municipality.code,
        "replaces": a.replaces_id,
        "replaces_text": a.replaces_text,
        "signed_place": a.signed_place,
        "signed_on": a.signed_on,
        "sections": c["sections"],
        "decisions": c["decisions"],
        "signatories": c["signatories"],
    }
