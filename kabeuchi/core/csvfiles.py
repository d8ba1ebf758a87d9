"""Reading a file exported from Excel: its size, its encoding and its rows.

Japanese Excel saves "CSV (comma delimited)" in Shift_JIS (Windows code page 932) and
"CSV UTF-8" with a byte order mark; HR systems usually write UTF-8 without one.  Every upload
of rows (the organisation's directory, programmes) is decoded here, so they accept the same
files and refuse the same ones with the same sentences.
"""

from __future__ import annotations

import codecs

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 5_000_000


def upload_text(upload, *, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """The text of an uploaded file, or ``ValidationError`` with a whole sentence.

    The size is checked from what the upload handler already counted, before anything is read:
    a file over the limit is refused, never imported cut short.  The encoding is UTF-8 (with or
    without a byte order mark) when the bytes are valid UTF-8, and CP932 (Microsoft's
    Shift_JIS, which Excel writes: it has ①, ㈱ and the NEC/IBM kanji that plain Shift_JIS
    lacks) otherwise.  A file that is neither is refused rather than guessed at.
    """
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(mb)d MB. Please split it and upload the parts.") % {"mb": max_bytes // 1_000_000},
            code="too_large",
        )
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:  # a handler that did not report the size
        raise ValidationError(
            _("The file is larger than %(mb)d MB. Please split it and upload the parts.") % {"mb": max_bytes // 1_000_000},
            code="too_large",
        )
    return bytes_text(data)


def bytes_text(data: bytes) -> str:
    """Decode as :func:`upload_text` does (UTF-8 with or without BOM, else CP932)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValidationError(
            _("This file is saved as Unicode text (UTF-16). In Excel, choose \"CSV UTF-8 (comma delimited)\" "
              "or \"CSV (comma delimited)\" when saving, and upload that file."),
            code="encoding",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp932")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The file could not be read as UTF-8 or Shift_JIS. Please save it from Excel as "
                  "\"CSV UTF-8 (comma delimited)\" and upload it again."),
                code="encoding",
            ) from None
    if "\x00" in text:
        raise ValidationError(
            _("This does not look like a CSV file. Please save it from Excel as \"CSV UTF-8 (comma delimited)\"."),
            code="encoding",
        )
    return text
