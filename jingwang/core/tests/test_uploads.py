"""The upload module itself: type from the bytes, allowlist and cap per use, random private names,
checksums, all-or-nothing batches, and the one file response."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import override_settings
from django.utils import translation

from jingwang import upload_testing as files
from jingwang.core import uploads
from jingwang.core.errors import ServiceError


@pytest.fixture(autouse=True)
def _chinese() -> Iterator[None]:
    """Messages are read in the default language, whatever an earlier test left active."""
    with translation.override("zh-hans"):
        yield


def _file(body: bytes, name: str = "any.bin", content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type=content_type)


def _refusal(body: bytes, use: uploads.Use) -> str:
    with pytest.raises(ServiceError) as refused:
        uploads.accept(_file(body), use=use)
    assert refused.value.status == 400 and refused.value.code == "invalid"
    return str(refused.value.fields["file"][0])


def _kept(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize("use", uploads.USES, ids=[u.code for u in uploads.USES])
def test_every_allowed_type_is_kept_under_a_random_name_with_its_checksum(use: uploads.Use, tmp_path: Path) -> None:
    with override_settings(DATA_DIR=tmp_path):
        for content_type in sorted(use.types):
            body = files.sample(content_type)
            # The name and the claimed type say otherwise: neither is believed.
            stored = uploads.accept(_file(body, "王芳的材料.exe", "text/html"), use=use)
            assert stored.content_type == content_type
            assert stored.original_name == "王芳的材料.exe" and stored.size == len(body)
            assert stored.sha256 == hashlib.sha256(body).hexdigest()
            assert stored.name.startswith(f"{use.folder}/") and "王芳" not in stored.name
            assert stored.name.endswith(uploads.SUFFIXES[content_type])
            assert uploads.local_path(stored).read_bytes() == body
            assert uploads.local_path(stored).is_relative_to(tmp_path / "uploads")


def test_each_use_refuses_what_it_does_not_list_with_its_own_message() -> None:
    assert _refusal(files.pdf(), uploads.COLLECTION_PHOTO) == "请附上照片（JPEG、PNG、WebP 或 HEIC）。"
    assert _refusal(files.webp(), uploads.AGREEMENT) == "请以 PDF、JPEG 或 PNG 文件上传已签署的协议。"
    assert _refusal(files.xlsx(), uploads.WATCHLIST_TABLE) == "请上传 CSV 文件（UTF-8 或 GB18030 编码的文本）。"
    assert _refusal(files.png(), uploads.IMPORT_TABLE) == "请上传 .csv 或 .xlsx 文件。"


@pytest.mark.parametrize("use", uploads.USES, ids=[u.code for u in uploads.USES])
def test_markup_programs_and_polyglots_are_refused_for_every_use(use: uploads.Use, tmp_path: Path) -> None:
    with override_settings(DATA_DIR=tmp_path):
        for hostile in files.hostile_files(sorted(use.types)):
            if hostile.label == "bare javascript" and uploads.CSV in use.types:
                continue  # plain text: the table's own reader refuses it (see test_hostile_uploads)
            with pytest.raises(ServiceError):
                uploads.accept(hostile.upload(), use=use, field="file")
        assert _kept(tmp_path) == []


def test_a_file_over_the_cap_or_empty_is_refused_with_the_limit_named() -> None:
    big = files.png() + b"\x00" * (uploads.EVIDENCE.max_bytes)
    assert _refusal(big, uploads.EVIDENCE) == "文件为空或超过 15 MB。"
    assert _refusal(b"", uploads.AGREEMENT) == "文件为空或超过 20 MB。"


def test_a_pdf_with_a_script_or_an_embedded_program_is_refused() -> None:
    script = files.pdf(extra=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ")
    launch = files.pdf(extra=b"/OpenAction << /S /Launch /F (cmd.exe) >> ")
    for body in (script, launch):
        assert _refusal(body, uploads.AGREEMENT) == "不接受含有脚本或嵌入程序的 PDF 文件。"


def test_only_well_formed_files_of_the_detected_type_pass() -> None:
    png = files.png()
    assert _refusal(png[: len(png) // 2], uploads.EVIDENCE)  # truncated: the chunk checksums fail
    assert _refusal(b"\xff\xd8\xff" + b"1" * 64, uploads.EVIDENCE)  # a JPEG signature, then nothing
    assert _refusal(b"\x89PNG\r\n\x1a\n" + b"0" * 64, uploads.EVIDENCE)
    assert _refusal(b"%PDF-1.4\n1 0 obj <<>> endobj\n", uploads.AGREEMENT)  # no cross-reference, no end
    assert _refusal(b"GIF89a" + b"\x00" * 64, uploads.EVIDENCE)
    document = io.BytesIO()
    with zipfile.ZipFile(document, "w") as docx:  # a Word document: a zip, but no workbook
        docx.writestr("[Content_Types].xml", b"<Types/>")
        docx.writestr("word/document.xml", b"<w:document/>")
    assert _refusal(document.getvalue(), uploads.IMPORT_TABLE)
    macros = files.xlsx(first_entry=("xl/vbaProject.bin", b"\x00" * 64))
    assert _refusal(macros, uploads.IMPORT_TABLE)


def test_tables_are_utf8_or_gb18030_text_without_markup_anywhere(tmp_path: Path) -> None:
    rows = "姓名,身份证号,地址\r\n" + "".join(f"张三{i},110101199003077777,鼓楼区宁海路{i}号\r\n" for i in range(5000))
    with override_settings(DATA_DIR=tmp_path):
        for body in (rows.encode(), b"\xef\xbb\xbf" + rows.encode(), rows.encode("gb18030")):
            assert uploads.check(_file(body), use=uploads.WATCHLIST_TABLE).content_type == "text/csv"
    assert _refusal(rows.encode("utf-16"), uploads.WATCHLIST_TABLE)
    assert _refusal(b"#!/bin/sh\nrm -rf /\n", uploads.WATCHLIST_TABLE)
    with override_settings(DATA_DIR=tmp_path):  # a short signature at the start of a text means nothing
        bitmap_like = "BM,地址\n1,鼓楼区宁海路1号\n".encode()
        assert uploads.check(_file(bitmap_like), use=uploads.IMPORT_TABLE).content_type == "text/csv"
    deep = (rows + "李四,<img src=x onerror=alert(1)><script>alert(1)</script>,鼓楼区\r\n").encode()
    assert len(deep) > uploads.HEAD  # past the first bytes
    assert _refusal(deep, uploads.WATCHLIST_TABLE)


def test_a_batch_with_one_bad_file_keeps_none(tmp_path: Path) -> None:
    batch = [_file(files.png()), _file(files.pdf()), _file(files.HTML, "x.pdf", "application/pdf")]
    with override_settings(DATA_DIR=tmp_path), pytest.raises(ServiceError) as refused:
        uploads.accept_all(batch, use=uploads.EVIDENCE, field="files")
    assert "files" in refused.value.fields
    assert _kept(tmp_path) == []


def test_files_kept_before_a_failed_transaction_are_removed(tmp_path: Path) -> None:
    with override_settings(DATA_DIR=tmp_path):
        stored = uploads.accept_all([_file(files.png()), _file(files.jpeg())], use=uploads.EVIDENCE)
        assert len(_kept(tmp_path)) == 2
        with pytest.raises(RuntimeError), uploads.removed_on_failure(stored):
            raise RuntimeError("the transaction failed")
        assert _kept(tmp_path) == []


def test_the_file_response_serves_only_types_it_detected_and_never_inline_otherwise(tmp_path: Path) -> None:
    with override_settings(DATA_DIR=tmp_path):
        stored = uploads.accept(_file(files.png()), use=uploads.EVIDENCE)
        shown = uploads.file_response(stored.name, content_type=stored.content_type, filename="现场.png")
        assert shown["Content-Type"] == "image/png" and shown["Content-Disposition"].startswith("inline")
        claimed = uploads.file_response(stored.name, content_type="text/html", filename="x.html")
        assert claimed["Content-Type"] == "application/octet-stream"
        assert claimed["Content-Disposition"].startswith("attachment")
        for response in (shown, claimed):
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Content-Security-Policy"] == uploads.FILE_CSP
            assert response["Cache-Control"] == "no-store, private"
            stream = response.file_to_stream  # closed directly: close() would signal the end of a request
            assert stream is not None
            stream.close()
        with pytest.raises(Http404):
            uploads.file_response("workorders/2026/01/gone.png", content_type="image/png", filename="gone.png")
