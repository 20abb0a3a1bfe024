"""The one contract every download follows (the incident list as CSV/Excel, the lägesbild, the
agreement and the follow-up reports as PDF/Word, the meeting papers): an exporter renders an
`Export`, the file name, content type and bytes (pretix's `render() -> (filename, content_type,
data)`), and `response` turns it into the HttpResponse, so that every view and API operation
sends a file the same way (Content-Disposition with an ASCII fallback name)."""

from typing import NamedTuple, Protocol

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
CONTENT_TYPES = {"pdf": PDF, "docx": DOCX, "xlsx": XLSX, "csv": CSV}


class Export(NamedTuple):
    """A rendered file; unpacks as (filename, content_type, content)."""

    filename: str
    content_type: str
    content: bytes


class Exporter(Protocol):
    """Anything that renders one file: `render()` does all the work (queries, layout)."""

    def render(self) -> Export: ...


def filename(title: str, ext: str, *, default: str = "export") -> str:
    """'lagesbild-lomma-mars-2026.pdf' from a Swedish title: ASCII (å, ä, ö → a, a, o), so that
    every mail client and file system keeps it."""
    ascii_title = title.translate(str.maketrans("åäöÅÄÖéÉ", "aaoAAOeE"))
    return f"{slugify(ascii_title) or default}.{ext}"


def response(export: Export, *, inline: bool = False) -> HttpResponse:
    """The export as a download (or shown in the browser with inline=True)."""
    http = HttpResponse(export.content, content_type=export.content_type)
    http["Content-Disposition"] = content_disposition_header(not inline, export.filename)
    return http
