"""`POST /api/v1/imports/police-report-counts`: monthly police report counts, CSV or Excel."""

from django.core.exceptions import PermissionDenied
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from accounts.api import API_AUTH
from policedata import counts
from policedata.api import RowError
from tenancy.scoping import municipality_ids

router = Router(tags=["policedata"], auth=API_AUTH)


class CountsImportOut(Schema):
    """The answer of the counts import, for a stored file (200) and a refused one (422, every
    count 0 and `errors` {row, message} in Swedish; row 0 is the file as a whole)."""

    created: int
    updated: int
    unchanged: int
    county_level: int
    errors: list[RowError]


def failed(errors: list[dict]) -> dict:
    return {"created": 0, "updated": 0, "unchanged": 0, "county_level": 0, "errors": errors}


@router.post(
    "/imports/police-report-counts",
    response={200: CountsImportOut, 422: CountsImportOut},
    summary="Import monthly police report counts (CSV or Excel)",
)
def import_police_report_counts(request, file: File[UploadedFile]):
    """Multipart upload in the field `file`. All or nothing: any bad row answers 422 with every
    error ({row, message}, in Swedish) and nothing is imported. Rows for municipalities where the
    caller may not import police data are errors. Bounded (422 past a bound): the file's size,
    its rows and the time (COUNTS_IMPORT_MAX_BYTES, _ROWS, _SECONDS); a damaged or unsafe .xlsx
    (broken XML, no sheet, a DTD entity) is a 422 too."""
    allowed = municipality_ids(request.user, "import_police")
    if not allowed:
        raise PermissionDenied
    try:
        result = counts.import_report_counts(counts.read_upload(file), request.user, allowed_municipality_ids=allowed)
    except counts.ImportFailed as e:
        return Status(422, failed(e.errors))
    return Status(200, result)
