"""The one way Samtrygg makes a PDF (WeasyPrint): the lägesbild, the agreement, the follow-up
reports and the meeting papers all call `render_pdf` with their HTML, whose <style> includes the
shared page rules (templates/pdf/page.css: Swedish A4, "Sida X av Y"). The beside-module for Word
files is samtrygg/wordfile.py.

What makes it cheaper than a bare `HTML(string=…).write_pdf()`:

- one WeasyPrint FontConfiguration per thread, kept between documents: building it reads
  fontconfig's font list and it otherwise starts over for every file;
- a rendered PDF is kept in the cache for PDF_CACHE_S seconds under the hash of its HTML: the
  same HTML gives the same PDF, so a report several people download (the KSAU report before a
  meeting, a fastställd lägesbild) is laid out once. Anything that changes the document changes
  its HTML (a draft lägesbild prints the minute it was written), hence the key."""

import hashlib
import threading

from django.core.cache import cache

from samtrygg.exporters import clean_text

PDF_CACHE_S = 600
PDF_CACHE_MAX_BYTES = 2_000_000  # larger files are rendered each time rather than fill the cache
_local = threading.local()


def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    if getattr(_local, "font_config", None) is None:
        _local.font_config = FontConfiguration()
    return _local.font_config


def cache_key(html: str, base_url: str | None = None) -> str:
    return "pdf:" + hashlib.sha256(f"{base_url}\n{html}".encode()).hexdigest()


def render_pdf(html: str, *, base_url: str | None = None, use_cache: bool = True) -> bytes:
    """The PDF of a complete HTML document (title and language from its <title> and lang)."""
    html = clean_text(html)  # a stored control character would print as a box (.notdef)
    use_cache = use_cache and PDF_CACHE_S > 0  # 0 turns the cache off (bench/exports.py measures cold)
    key = cache_key(html, base_url)
    if use_cache and (cached := cache.get(key)) is not None:
        return cached
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=base_url).write_pdf(font_config=_font_config())
    if use_cache and len(pdf) <= PDF_CACHE_MAX_BYTES:
        cache.set(key, pdf, PDF_CACHE_S)
    return pdf
