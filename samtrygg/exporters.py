"""The one contract every download follows (the incident list as CSV/Excel, the lägesbild, the
agreement and the follow-up reports as PDF/Word, the meeting papers): an exporter renders an
`Export`, the file name, content type and bytes (pretix's `render() -> (filename, content_type,
data)`), and `response` turns it into the HttpResponse, so that every view and API operation
sends a file the same way (Content-Disposition with an ASCII fallback name).

`clean_text` and `cell` are what every writer passes stored text through: text stored before the
input boundary (samtrygg/inputs.py) existed, or arriving by a way around it, may hold characters
that XML (so Word and Excel) cannot hold, and a single one must not break a file for everyone."""

import re
from typing import NamedTuple, Protocol

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
CONTENT_TYPES = {"pdf": PDF, "docx": DOCX, "xlsx": XLSX, "csv": CSV}


# What XML 1.0 cannot hold: C0 controls except tab, LF and CR; lone surrogates; U+FFFE/U+FFFF.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Vertical tab and form feed are line and page breaks (Word puts a VT for Shift+Enter into pasted
# text): they become a line break; every other illegal character is dropped.
LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
# A spreadsheet cell starting with one of these runs as a formula (CSV/formula injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value):
    """`value` with what XML cannot hold removed (VT/FF as line breaks); non-strings unchanged.
    For Word, Excel, CSV, ICS and PDF alike."""
    if isinstance(value, str) and XML_ILLEGAL.search(value):
        return XML_ILLEGAL.sub("", value.translate(LINE_BREAKS))
    return value


def cell(value):
    """A spreadsheet cell (Excel or CSV): `clean_text`, and text that would start a formula gets a
    leading apostrophe, so that Excel shows it as text."""
    value = clean_text(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


ICS_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


def clean_ics(content: bytes) -> bytes:
    """An iCalendar file (icalendar's `to_ical()`) without the control characters RFC 5545 does not
    allow in a value (icalendar passes them through): VT/FF as an escaped line break, others
    dropped; the folding's CRLF and tabs stay."""
    if ICS_CONTROL.search(content) or b"\x0b" in content or b"\x0c" in content:
        content = ICS_CONTROL.sub(b"", content.replace(b"\x0b", b"\\n").replace(b"\x0c", b"\\n"))
    return content


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
