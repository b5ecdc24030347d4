"""The output folder of a clean: checks, a lock, staging inside it, and publishing one set.

The outputs are written into a staging folder inside ``--out`` itself (so every move is a
rename on one file system, never from /tmp), then moved into place; the record of inputs
(``inputs.json``) is removed first and written last, so a reader that finds it finds a
complete set. A lock file keeps a second clean out of the same folder; the lock of a process
that no longer runs is taken over.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from cdsanalysis.base.safe_io import atomic_replace_dir_files

LOCK_FILE = ".clean.lock"
_STAGING_PREFIX = ".staging-"


class CleanError(ValueError):
    """Input that cannot be used (a corrupt file, no raw files, an unusable output folder):
    nothing is written."""


def check_folders(raw: Path, out: Path) -> None:
    """Refuse an output folder that is a file, or that is, holds or lies inside the raw folder.

    Raises
    ------
    CleanError
    """
    if out.exists() and not out.is_dir():
        raise CleanError(f"--out {out}: exists and is not a folder")
    raw_abs, out_abs = raw.resolve(), out.resolve()
    if out_abs == raw_abs:
        raise CleanError(f"--out {out}: is the raw folder; write the outputs elsewhere")
    if raw_abs in out_abs.parents:
        raise CleanError(f"--out {out}: lies inside the raw folder {raw}; it would be read as raw")
    if out_abs in raw_abs.parents:
        raise CleanError(f"--out {out}: holds the raw folder {raw}; write the outputs elsewhere")


def output_error(exc: OSError, path: Path) -> CleanError:
    """A plain message for a folder that cannot be written (read-only, full, another device)."""
    if exc.errno == errno.EXDEV:
        why = "the staging folder and the outputs are on different devices"
    else:
        why = exc.strerror or str(exc)
    return CleanError(f"--out {path}: cannot write the outputs ({why})")


def writer_pid(out: Path) -> int | None:
    """The process holding the lock of ``out``, when it still runs; else None."""
    try:
        pid = int((out / LOCK_FILE).read_text(encoding="ascii").strip() or "0")
    except (OSError, ValueError):
        return None
    if pid <= 0:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid  # alive, another user's
    return pid


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the lock of ``out`` while the block runs; take over the lock of a dead process.

    Raises
    ------
    CleanError
        When another clean is writing ``out``, or ``out`` cannot be created or written.
    """
    lock = out / LOCK_FILE
    try:
        out.mkdir(parents=True, exist_ok=True)
        for _ in range(2):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
                break
            except FileExistsError:
                pid = writer_pid(out)
                if pid is not None and pid != os.getpid():
                    raise CleanError(
                        f"--out {out}: another clean is writing it (process {pid}); wait for it"
                        f" to finish, or remove {lock} if that process is not a clean"
                    ) from None
                lock.unlink(missing_ok=True)  # left by a run that was killed
        else:
            raise CleanError(f"--out {out}: cannot take the lock {lock}")
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(f"{os.getpid()}\n")
    except OSError as exc:
        raise output_error(exc, out) from None
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh staging folder inside ``out`` (the lock held); staging folders of killed runs
    are removed first."""
    for folder in out.glob(f"{_STAGING_PREFIX}*"):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        folder = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=out))
    except OSError as exc:
        raise output_error(exc, out) from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def publish(folder: Path, out: Path, names: list[str], record: str) -> None:
    """Move the finished files ``names`` from ``folder`` into ``out`` as one set: the
    ``record`` is removed first and moved last."""
    try:
        (out / record).unlink(missing_ok=True)
        atomic_replace_dir_files(folder, out, names)
        atomic_replace_dir_files(folder, out, [record])
    except OSError as exc:
        raise output_error(exc, out) from None
