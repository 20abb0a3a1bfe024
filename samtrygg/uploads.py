"""Uploaded files and the rows that point at them (the meeting papers, the walks' and tips'
photos): a file is written to storage before its row is inserted, so a row that cannot be
written (a too long name, a failing audit entry) used to leave the file on disk with no row.

- `fitting_name` shortens a user's file name to fit its column, keeping the extension (a long
  name is no reason to refuse a paper; the title keeps the full name up to its own limit);
- `removed_on_error` deletes the files stored inside the block when the block raises, through
  Django's storage API, so the rolled-back row leaves nothing behind.
"""

import os
from contextlib import contextmanager

MAX_EXTENSION = 16  # ".docx", ".xlsx", ".jpeg"; anything longer is not an extension worth keeping


def fitting_name(name: str, max_length: int) -> str:
    """The base name of an uploaded file, at most `max_length` characters, extension kept:
    'a-very-long…-name.pdf' → 'a-very-lo.pdf'."""
    name = os.path.basename((name or "").replace("\\", "/")).strip() or "fil"
    if len(name) <= max_length:
        return name
    root, ext = os.path.splitext(name)
    if len(ext) > MAX_EXTENSION or len(ext) >= max_length:
        root, ext = name, ""  # not an extension: the name is cut as a whole
    return root[: max_length - len(ext)].rstrip() + ext


@contextmanager
def removed_on_error(*fieldfiles):
    """Deletes each of `fieldfiles` (FieldFile, e.g. `paper.file`) that was written to storage
    inside the block if the block raises; the exception goes on. Files written before the block
    are the caller's: only a file that was not yet committed when the block began is removed."""
    pending = [f for f in fieldfiles if not f._committed or not f.name]
    try:
        yield
    except BaseException:
        for fieldfile in pending:
            if fieldfile._committed and fieldfile.name:
                fieldfile.storage.delete(fieldfile.name)
        raise
