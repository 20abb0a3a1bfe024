from django.core.exceptions import PermissionDenied
from ninja import Router, Schema, Status

from accounts.api import API_AUTH
from policedata import events, feed
from tenancy.scoping import municipality_ids

router = Router(tags=["policedata"], auth=API_AUTH)


class RowError(Schema):
    row: int
    message: str


class SkippedMunicipality(Schema):
    municipality: str  # SCB code
    name: str
    events: int


class ImportOut(Schema):
    created: int
    updated: int
    unchanged: int
    county_level: int
    skipped_foreign: int
    skipped_county_level: int
    skipped: list[SkippedMunicipality]
    errors: list[RowError]


FEED_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "array", "items": {"type": "object"}},
                "example": [
                    {
                        "id": 480687,
                        "datetime": "2024-01-01 0:40:16 +01:00",
                        "name": "31 december 00.07, Brand, Nacka",
                        "summary": "En brand startade vid ett flerbostadshus i Eknäs.",
                        "url": "/aktuellt/handelser/2023/december/31/31-december-00.07-brand-nacka/",
                        "type": "Brand",
                        "location": {"name": "Nacka", "gps": "59.307903,18.156042"},
                    }
                ],
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
        },
    }
}


@router.post(
    "/imports/police-events",
    response={200: ImportOut, 422: ImportOut},
    summary="Import the police's public event feed (JSON array, or a gzip or JSON file upload)",
    openapi_extra=FEED_BODY,
)
def import_police_events(request):
    """All or nothing: a file with any bad row answers 422 with every error and imports nothing.
    Idempotent by the police's id.

    Owners: the caller writes only the events of the municipalities where they may import police
    data (a police liaison: each municipality of their police area). Events of other
    municipalities and county-level events (which only system imports write) are skipped, not
    refused: the answer counts them (`skipped_foreign`, `skipped_county_level`) and lists the
    skipped municipalities (`skipped`: SCB code, name, events), and nothing of them is written.

    Bounds (422 with a Swedish message): POLICE_IMPORT_MAX_BYTES unpacked, POLICE_IMPORT_MAX_EVENTS
    events, JSON at most 16 levels deep; ids are ASCII digits within 1..2^63-1, years within
    1990..next year, texts without control characters or lone surrogates."""
    if not municipality_ids(request.user, "import_police"):
        raise PermissionDenied
    limit = feed.max_bytes()
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            return Status(422, events.failed([{"row": 0, "message": events.missing_file_message()}]))
        if upload.size > limit:
            return Status(422, events.failed([{"row": 0, "message": feed.too_large_message()}]))
        data, source = upload.read(), upload.name
    else:
        # read the stream, not request.body: a whole year of the feed is larger than the limit
        # Django puts on request.body; one byte past the bound is enough to refuse it
        data, source = (request.body if hasattr(request, "_body") else request.read(limit + 1)), "API"
    try:
        result = events.import_file(data, request.user, source=source)
    except events.ImportFailed as e:
        return Status(422, events.failed(e.errors))
    return Status(200, result)
