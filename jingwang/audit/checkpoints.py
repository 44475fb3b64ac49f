"""Signed checkpoints of the chain's head, kept outside the database (SECURITY 16).

The chain alone cannot show that its newest rows were deleted: what remains still links up. So
the head (count, seq, hash, time) is written, signed with a key derived from the data key, to an
append-only file in the application's own folder (`AUDIT_CHECKPOINT_DIR`, one file per database),
which the database's owner cannot rewrite. `audit verify` checks that the chain still reaches
the latest checkpoint with the same hash. The sealer adds one at most every
`AUDIT_CHECKPOINT_SECONDS`, and only when the stored chain still agrees with the last one.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import connection

from jingwang.core.crypto import derived_key

_TAIL_BYTES = 4096  # a checkpoint line is about 250 bytes


class CheckpointError(Exception):
    """The checkpoint file cannot be trusted (unreadable, signature wrong, another database's)."""


@dataclass(frozen=True)
class Checkpoint:
    db: str
    count: int
    seq: int
    hash: str
    time: str

    def signed_line(self) -> bytes:
        body = asdict(self)
        return json.dumps({**body, "sig": _sign(body)}, sort_keys=True).encode() + b"\n"


def _sign(body: dict[str, object]) -> str:
    message = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.digest(derived_key("audit-checkpoint"), message, "sha256").hex()


def database_identity() -> str:
    """Which database a checkpoint belongs to: vendor and name (for SQLite, the file's path)."""
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and "memory" not in name:
        name = str(Path(name).resolve())
    return f"{connection.vendor}:{name}"


def checkpoint_path() -> Path:
    identity = database_identity()
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(identity.split(":", 1)[1]).name)[:40] or "db"
    digest = hashlib.sha256(identity.encode()).hexdigest()[:12]
    return Path(settings.AUDIT_CHECKPOINT_DIR) / f"{connection.vendor}-{stem}-{digest}.jsonl"


def _parse(line: bytes, identity: str, path: Path) -> Checkpoint:
    try:
        data = json.loads(line)
        sig = data.pop("sig")
        checkpoint = Checkpoint(
            db=str(data["db"]),
            count=int(data["count"]),
            seq=int(data["seq"]),
            hash=str(data["hash"]),
            time=str(data["time"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        raise CheckpointError(f"the last checkpoint in {path} is unreadable") from None
    if set(data) != set(asdict(checkpoint)) or not hmac.compare_digest(_sign(asdict(checkpoint)), str(sig)):
        raise CheckpointError(f"the last checkpoint in {path} is not signed with this installation's key")
    if checkpoint.db != identity:
        raise CheckpointError(f"the last checkpoint in {path} belongs to another database ({checkpoint.db})")
    return checkpoint


def _last_line(handle: IO[bytes]) -> bytes:
    """The last complete line. A fragment after it (a write cut short by a crash) is not a
    checkpoint: the next append starts on a new line, and the fragment stays behind."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(max(0, size - _TAIL_BYTES))
    lines = handle.read().split(b"\n")[:-1]
    lines = [line for line in lines if line.strip()]
    return lines[-1] if lines else b""


def latest() -> Checkpoint | None:
    """The newest checkpoint of this database, or None when none was ever written."""
    path = checkpoint_path()
    try:
        with path.open("rb") as handle:
            line = _last_line(handle)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CheckpointError(f"cannot read {path}: {exc.strerror}") from None
    return _parse(line, database_identity(), path) if line else None


@contextlib.contextmanager
def _locked_for_append(path: Path) -> Iterator[IO[bytes]]:
    fresh_folder = not path.parent.exists()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "r+b", buffering=0) as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # writers in several processes append one after another
        try:
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    if fresh_folder:
        _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write(*, count: int, seq: int, head_hash: str) -> Checkpoint | None:
    """Append a signed checkpoint of the head, fsynced. A checkpoint never goes backwards: when a
    newer one is already there (another process sealed further meanwhile), nothing is written."""
    path = checkpoint_path()
    identity = database_identity()
    checkpoint = Checkpoint(identity, count, seq, head_hash, datetime.now(UTC).isoformat(timespec="seconds"))
    with _locked_for_append(path) as handle:
        last = _last_line(handle)
        if last:
            previous = _parse(last, identity, path)
            if previous.seq >= seq:
                return None
        created = handle.tell() == 0
        if not created:
            handle.seek(-1, os.SEEK_END)
            if handle.read(1) != b"\n":
                handle.write(b"\n")
        handle.write(checkpoint.signed_line())
        os.fsync(handle.fileno())
    if created:
        _fsync_folder(path.parent)
    return checkpoint


def age_seconds(checkpoint: Checkpoint) -> float:
    return (datetime.now(UTC) - datetime.fromisoformat(checkpoint.time)).total_seconds()


def retire() -> Path | None:
    """Set this database's checkpoints aside (the demo does so when it starts a new database
    under the same name). Never called on a database whose trail is being kept."""
    path = checkpoint_path()
    if not path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.retired-{stamp}")
    path.rename(target)
    return target
