"""`POST /api/v1/imports/police-report-counts`: monthly police report counts, CSV or Excel."""

from django.core.exceptions import PermissionDenied
from ninja import File, Router, Status
from ninja.files import UploadedFile

from accounts.api import API_AUTH
from policedata import counts, events
from policedata.api import ImportOut
from tenancy.scoping import municipality_ids

router = Router(tags=["policedata"], auth=API_AUTH)


@router.post(
    "/imports/police-report-counts",
    response={200: ImportOut, 422: ImportOut},
    summary="Import monthly police report counts (CSV or Excel)",
)
def import_police_report_counts(request, file: File[UploadedFile]):
    """Multipart upload in the field `file`. All or nothing: any bad row answers 422 with every
    error ({row, message}, in Swedish) and nothing is imported. Rows for municipalities where the
    caller may not import police data are errors."""
    allowed = municipality_ids(request.user, "import_police")
    if not allowed:
        raise PermissionDenied
    try:
        result = counts.import_report_counts(file.read(), request.user, allowed_municipality_ids=allowed)
    except counts.ImportFailed as e:
        return Status(422, events.failed(e.errors))
    return Status(200, result)
