"""Report files written whole or not at all, and a lock that keeps two feeds off one journal.

`write_report(path, text)`: the text goes to a temporary file beside `path`, is flushed to
disk, then renamed over `path` (atomic on one file system). A full disk, a read-only file
system or a missing permission leaves the earlier file, if any, untouched and no partial
file behind; the caller gets an InputError in one line. A path that exists and is no
regular file (/dev/stdout, a FIFO, a terminal) is written in place: renaming over a device
would replace it.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Optional, Union

from .types import InputError

PathLike = Union[str, Path]


def _why(e: OSError) -> str:
    return e.strerror or str(e)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def write_report(path: PathLike, text: str, what: str = "cannot write") -> None:
    """Write `text` (UTF-8) to `path` atomically; InputError "PATH: cannot write: WHY"."""
    p = Path(path)
    data = text.encode("utf-8", "surrogatepass")
    try:
        st: Optional[os.stat_result] = p.stat()
    except FileNotFoundError:
        st = None
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: {what}: {_why(e) if isinstance(e, OSError) else e}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: {what}: is a folder (give a file name)")
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:            # a device, a FIFO: written in place
            with open(p, "wb") as fh:
                fh.write(data)
        except OSError as e:
            raise InputError(f"{path}: {what}: {_why(e)}") from None
        return
    tmp: Optional[str] = None
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name[:80]}.", suffix=".tmp", dir=p.parent)
        try:
            _write_all(fd, data)
            os.fsync(fd)
            # mkstemp makes the file 0600: give it the mode a plain open() would (or the old file's)
            mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
            os.fchmod(fd, mode)
        finally:
            os.close(fd)
        os.replace(tmp, p)
        tmp = None
    except OSError as e:
        raise InputError(f"{path}: {what}: {_why(e)}") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class FileLock:
    """An exclusive advisory lock (flock) on `PATH.lock`, taken without waiting.

    Held for as long as the owner runs; the lock file is removed on release. The kernel
    drops the lock when the process ends, however it ends, so a crashed run never leaves
    a stale lock behind (the file may stay; it is reused)."""

    def __init__(self, target: PathLike):
        self.path = Path(str(target) + ".lock")
        self.fd: Optional[int] = None

    def acquire(self, busy_message: str) -> None:
        try:
            import fcntl
        except ImportError:        # no flock (Windows): no lock, as before
            return
        target = Path(str(self.path)[:-len(".lock")])
        try:
            if target.exists() and not target.is_file():
                return             # a device or a FIFO (/dev/stdout): nothing to share, no lock file
        except OSError:
            pass
        while True:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError as e:
                raise InputError(f"{self.path}: cannot create the lock file: {_why(e)}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = ""
                try:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                except OSError:
                    pass
                os.close(fd)
                raise InputError(busy_message + (f" (process {holder})" if holder.isdigit() else "")) from None
            # the holder before us may have removed the file after we opened it: then lock anew
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except OSError:
                same = False
            if not same:
                os.close(fd)
                continue
            try:                    # who holds it, for the message of the next one (best effort)
                os.ftruncate(fd, 0)
                os.pwrite(fd, str(os.getpid()).encode(), 0)
            except OSError:
                pass
            self.fd = fd
            return

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.unlink(self.path)
        except OSError:
            pass
        os.close(self.fd)       # closing drops the flock
        self.fd = None

    def __enter__(self) -> "FileLock":
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
