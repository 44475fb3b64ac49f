"""Kinds of file that other apps import through `jingwang import KIND FILE` (incidents …).

The registry's own kinds (persons, houses, units, addresses) run through `importer.import_file`;
an app above the registry declares its kind here from its AppConfig.ready(), so the one command
imports every kind without the registry importing the app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class FileImportSummary:
    """What another app's import did, as the command prints it."""

    rows: int
    created: int
    present: int
    bad: int
    problems: list[str] = field(default_factory=list)  # "line N: field: message"
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # further counts worth a line (e.g. "12 on no grid")


# kind → run(path, dry_run); raises ImportFileError when the file cannot be imported at all.
FileImport = Callable[[Path, bool], FileImportSummary]
OTHER_KINDS: dict[str, FileImport] = {}


def declare_file_import(kind: str, run: FileImport) -> None:
    OTHER_KINDS[kind] = run
