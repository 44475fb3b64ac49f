"""Every upload on the platform goes through here (SECURITY 27).

A `Use` (a signed agreement, a case's evidence files, a collection photo, an import table …) declares
the types it accepts and its size cap. `accept` reads the type from the file's own bytes: puremagic
names it by its signature, then its structure is checked (a PDF has a PDF header and trailer and no
script; an image opens in Pillow as what it claims; an xlsx is a workbook without macros; a table is
plain UTF-8 or GB18030 text), and markup (HTML, SVG, script) is refused whatever the name or the type
the browser sent, neither of which is ever trusted. What passes is stored under a random name in
private storage (outside static and media: only a view that checks scope serves it), with its
SHA-256, size and detected type. `file_response` serves a stored file with that detected type: JPEG,
PNG and WebP inline, everything else as an attachment, never sniffed, in a sandbox.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
import re
import struct
import uuid
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingwang.core.errors import ServiceError

logger = logging.getLogger(__name__)

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
HEIC = "image/heic"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The stored name's suffix comes from the detected type, never from the uploader's file name.
SUFFIXES = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", WEBP: ".webp", HEIC: ".heic", CSV: ".csv", XLSX: ".xlsx"}
# Shown in the browser; every other type is a download.
INLINE = frozenset({JPEG, PNG, WEBP})
FILE_CSP = "sandbox; default-src 'none'"

MB = 1024 * 1024


@dataclass(frozen=True)
class Use:
    """What one kind of upload accepts: detected types, a size cap, where it is kept, and the
    message (naming what is accepted) that refuses anything else."""

    code: str
    folder: str
    types: frozenset[str]
    max_bytes: int
    refusal: Any


AGREEMENT = Use(
    "agreement",
    "disputes",
    frozenset({PDF, JPEG, PNG}),
    20 * MB,
    gettext_lazy("Upload the signed agreement as a PDF, JPEG or PNG file."),
)
EVIDENCE = Use(
    "evidence",
    "cases",
    frozenset({JPEG, PNG, WEBP, HEIC, PDF}),
    15 * MB,
    gettext_lazy("Attach photos (JPEG, PNG, WebP, HEIC) or PDF files."),
)
COLLECTION_PHOTO = Use(
    "collection_photo",
    "collections",
    frozenset({JPEG, PNG, WEBP, HEIC}),
    15 * MB,
    gettext_lazy("Attach photos (JPEG, PNG, WebP or HEIC)."),
)
IMPORT_TABLE = Use(
    "import_table", "imports", frozenset({CSV, XLSX}), 200 * MB, gettext_lazy("Upload a .csv or .xlsx file.")
)
WATCHLIST_TABLE = Use(
    "watchlist_table", "imports", frozenset({CSV}), 50 * MB, gettext_lazy("Upload a CSV file (UTF-8 or GB18030 text).")
)
USES = (AGREEMENT, EVIDENCE, COLLECTION_PHOTO, IMPORT_TABLE, WATCHLIST_TABLE)


@dataclass(frozen=True)
class Checked:
    """An upload that passed its use's checks."""

    content_type: str  # detected from the bytes
    size: int
    sha256: str
    original_name: str  # the uploader's name, kept for display only (it may hold a person's name)


@dataclass(frozen=True)
class StoredFile(Checked):
    """A checked upload kept in private storage."""

    name: str  # the random name in private storage


class PrivateStorage(FileSystemStorage):
    """Uploads live under DATA_DIR/uploads, outside static and media URLs, readable by the service
    account only. The folder follows the setting (tests move it)."""

    def __init__(self) -> None:
        super().__init__(base_url=None, file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(Path(settings.DATA_DIR) / "uploads")

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)


_PRIVATE = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _PRIVATE


def random_name(folder: str, content_type: str = "") -> str:
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{SUFFIXES.get(content_type, '')}"


# -- checking ---------------------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, message: Any, reason: str) -> None:
        super().__init__(reason)
        self.message = message
        self.reason = reason


# puremagic's names for the types accepted anywhere; HEIC photos are also reported as HEIF.
_NAMED = {
    "application/pdf": PDF,
    "image/jpeg": JPEG,
    "image/png": PNG,
    "image/webp": WEBP,
    "image/heic": HEIC,
    "image/heif": HEIC,
    XLSX: XLSX,
}
_BYTE_ORDER_MARKS = {"UTF8 file", "UTF-16|UCS-2 file", "UTF-32|UCS-4 file"}
HEAD = 64 * 1024
_MARKUP_HEAD = 8 * 1024
# Markup a browser would run, wherever it sits in a text and in the first bytes of any file.
_MARKUP = re.compile(
    rb"<(?:script|html|svg|iframe|frame|body|object|embed|meta|base|form|!doctype|\?php|\?xml-stylesheet)\b"
    rb"|javascript:|vbscript:",
    re.IGNORECASE,
)
_PDF_HEADER = re.compile(rb"%PDF-[12]\.[0-9]")
# Names long enough never to turn up by chance in compressed streams (a bare /JS would, about once
# in 20 MB); a script action always carries /S /JavaScript.
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|Launch|EmbeddedFiles?|RichMedia)\b")
# Control characters that never occur in a table typed by a person (tab, CR, LF and FF do).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}


def _stream(upload: UploadedFile) -> IO[bytes]:
    stream = upload.file
    if stream is None:
        raise _Refused(None, "no file")
    stream.seek(0)
    return stream


def _detect(upload: UploadedFile) -> str | None:
    """The accepted type whose signature the bytes carry; None when no signature matches (plain
    text, perhaps); otherwise what puremagic calls the file (an executable, HTML, SVG …)."""
    import puremagic  # imported on first upload: most processes never take one

    stream = _stream(upload)
    try:
        matches = puremagic.magic_stream(stream)
    except (puremagic.PureError, ValueError):
        return None
    finally:
        stream.seek(0)
    if not matches or all(m.name in _BYTE_ORDER_MARKS for m in matches):
        return None
    best = matches[0].confidence
    for match in matches:
        if match.confidence < best:
            break
        if match.mime_type in _NAMED:
            return _NAMED[match.mime_type]
    return matches[0].mime_type or matches[0].name or "application/octet-stream"


def _is_text(head: bytes, *, complete: bool) -> bool:
    """UTF-8 or GB18030 text a person could have typed: no NUL or control bytes, not markup, not a
    shebang script. (Markup further in is found by the full pass.)"""
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(head, final=complete)
        except UnicodeDecodeError:
            continue
        start = text.lstrip(" \t\r\n")
        return not _CONTROL.search(text) and not start.startswith(("<", "#!"))
    return False


def _check_pdf(upload: UploadedFile, size: int) -> None:
    stream = _stream(upload)
    head = stream.read(1024)
    stream.seek(max(0, size - 4096))
    tail = stream.read()
    if not _PDF_HEADER.match(head) or b"%%EOF" not in tail or b"startxref" not in tail:
        raise _Refused(None, "not a PDF")


def _check_image(upload: UploadedFile, content_type: str) -> None:
    from PIL import Image  # imported on first upload: most processes never take one

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(_stream(upload), formats=[_PILLOW_FORMATS[content_type]]) as image:
                width, height = image.size
                image.verify()
    except (
        OSError,  # includes UnidentifiedImageError
        SyntaxError,
        ValueError,
        EOFError,
        struct.error,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise _Refused(None, f"not a {content_type}")
    if width < 1 or height < 1:
        raise _Refused(None, "empty image")


def _check_heic(upload: UploadedFile, size: int) -> None:
    head = _stream(upload).read(32)
    box = int.from_bytes(head[:4], "big")
    if head[4:8] != b"ftyp" or head[8:12] not in _HEIC_BRANDS or not 16 <= box <= min(size, 4096):
        raise _Refused(None, "not a HEIC photo")


def _check_xlsx(upload: UploadedFile) -> None:
    try:
        with zipfile.ZipFile(_stream(upload)) as book:
            names = set(book.namelist())
            types = b""
            if "[Content_Types].xml" in names and book.getinfo("[Content_Types].xml").file_size < MB:
                types = book.read("[Content_Types].xml")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        raise _Refused(None, "not a zip file")
    macros = any(n.lower().endswith("vbaproject.bin") for n in names)
    if "xl/workbook.xml" not in names or b"spreadsheetml.sheet.main+xml" not in types or macros:
        raise _Refused(None, "not an xlsx workbook")


def _digest(upload: UploadedFile, content_type: str, use: Use) -> str:
    """SHA-256 over the whole file; on the way, texts are scanned for markup and PDFs for scripts."""
    scan: tuple[re.Pattern[bytes], Any] | None = None
    if content_type == CSV:
        scan = (_MARKUP, use.refusal)
    elif content_type == PDF:
        scan = (_PDF_ACTIVE, _("PDF files with scripts or embedded programs are not accepted."))
    digest = hashlib.sha256()
    tail = b""
    _stream(upload)
    for chunk in upload.chunks():
        digest.update(chunk)
        if scan is not None:
            window = tail + chunk
            if scan[0].search(window):
                raise _Refused(scan[1], "active content")
            tail = window[-64:]
    return digest.hexdigest()


def _check(upload: UploadedFile, use: Use) -> Checked:
    size = int(upload.size or 0)
    if size <= 0 or size > use.max_bytes:
        message = _("The file is empty or larger than %(mb)d MB.") % {"mb": use.max_bytes // MB}
        raise _Refused(message, "size")
    head = _stream(upload).read(HEAD)
    detected = _detect(upload) or "unrecognised"
    if detected not in use.types and CSV in use.types and _is_text(head, complete=size <= len(head)):
        # Text is text, whatever a two-byte signature at its start suggests: "BM,地址" is no bitmap.
        detected = CSV
    if detected not in use.types:
        raise _Refused(use.refusal, f"type {detected}")
    if detected != CSV and _MARKUP.search(head[:_MARKUP_HEAD]):
        raise _Refused(use.refusal, "markup")
    structure: dict[str, Callable[[], None]] = {
        PDF: lambda: _check_pdf(upload, size),
        JPEG: lambda: _check_image(upload, JPEG),
        PNG: lambda: _check_image(upload, PNG),
        WEBP: lambda: _check_image(upload, WEBP),
        HEIC: lambda: _check_heic(upload, size),
        XLSX: lambda: _check_xlsx(upload),
        CSV: lambda: None,
    }
    try:
        structure[detected]()
    except _Refused as refused:
        raise _Refused(use.refusal, refused.reason)
    sha256 = _digest(upload, detected, use)
    _stream(upload)
    return Checked(content_type=detected, size=size, sha256=sha256, original_name=Path(upload.name or "").name[:200])


def check(upload: UploadedFile, *, use: Use, field: str = "file") -> Checked:
    """Check an upload against its use without keeping it (a table read at once); a refusal is a
    ServiceError naming `field`, in the user's language."""
    try:
        return _check(upload, use)
    except _Refused as refused:
        # No file name in the log: it may name a person.
        logger.info("upload refused: use=%s reason=%s size=%s", use.code, refused.reason, upload.size)
        message = str(refused.message or use.refusal)
        raise ServiceError("invalid", _("Some fields are invalid."), fields={field: [message]})


def accept(upload: UploadedFile, *, use: Use, field: str = "file") -> StoredFile:
    """Check an upload against its use and keep it in private storage under a random name."""
    checked = check(upload, use=use, field=field)
    name = private_storage().save(random_name(use.folder, checked.content_type), upload)
    return StoredFile(**asdict(checked), name=name)


def accept_all(uploads: Sequence[UploadedFile], *, use: Use, field: str = "file") -> list[StoredFile]:
    """Several uploads: every one is checked before any is kept, so a refusal keeps none."""
    checked = [check(upload, use=use, field=field) for upload in uploads]
    stored: list[StoredFile] = []
    with removed_on_failure(stored):
        for upload, ok in zip(uploads, checked, strict=True):
            name = private_storage().save(random_name(use.folder, ok.content_type), upload)
            stored.append(StoredFile(**asdict(ok), name=name))
    return stored


def discard(stored: Iterable[StoredFile | str]) -> None:
    for item in stored:
        private_storage().delete(item if isinstance(item, str) else item.name)


@contextmanager
def removed_on_failure(stored: Sequence[StoredFile]) -> Iterator[None]:
    """Files kept before a transaction are removed again when it fails."""
    try:
        yield
    except BaseException:
        discard(stored)
        raise


def local_path(stored: StoredFile) -> Path:
    return Path(private_storage().path(stored.name))


# -- serving ----------------------------------------------------------------------------------------


def file_response(name: str, *, content_type: str, filename: str) -> FileResponse:
    """A stored upload for the browser, after the caller has checked scope: the detected type (a
    type this module did not detect is served as bytes), inline only for JPEG, PNG and WebP, never
    sniffed, sandboxed (no script, no same-origin access), never cached."""
    served = content_type if content_type in SUFFIXES else "application/octet-stream"
    try:
        handle = private_storage().open(name, "rb")
    except (OSError, ValueError):  # the row outlived its file
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=served not in INLINE, filename=filename or "file", content_type=served
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = "no-store, private"
    return response
