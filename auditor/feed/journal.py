"""The JSONL journal of a feed run: every record appended as soon as it is complete, an index for
--resume, compaction in feed order."""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any, Iterator, NamedTuple, Optional

from ..contract import Record
from ..types import InputError
from .discover import FeedItem


class JournalEntry(NamedTuple):
    """What the journal keeps in memory of a record: enough to decide resume, and where the
    record lies in the file (a feed of a million articles must not hold a million records)."""
    record: str                 # "result" or "error"
    fingerprint: Optional[str]
    offset: int
    length: int


class Journal:
    """The JSONL file every record is appended to as soon as it is complete."""

    def __init__(self, path: Path, resume: bool = False):
        self.path = Path(path)
        self.latest: dict[str, JournalEntry] = {}
        self.resumed = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if resume and self.path.exists():
                self._load()
                mode = "ab"
            else:
                mode = "wb"
            # unbuffered: a record is on disk (or refused) when write() returns, never half in a buffer
            self.fh = open(self.path, mode, buffering=0)
            self.end = self.fh.seek(0, os.SEEK_END)
        except OSError as e:
            raise InputError(f"{self.path}: cannot write the journal: {e.strerror or e}") from None
        self.written = 0

    @staticmethod
    def _entry(rec: Any, offset: int, length: int) -> Optional[tuple[str, JournalEntry]]:
        if not isinstance(rec, dict) or rec.get("id") is None:
            return None
        return str(rec["id"]), JournalEntry(str(rec.get("record")), (rec.get("item") or {}).get("fingerprint"),
                                            offset, length)

    def _load(self) -> None:
        """Index the records of an earlier run, line by line (never the whole file at once)."""
        good_end = pos = 0
        with open(self.path, "rb") as fh:
            for line in fh:
                start, pos = pos, pos + len(line)
                if not line.endswith(b"\n"):
                    break                       # a line cut short by a crash: dropped
                try:
                    rec = json.loads(line)
                except (ValueError, RecursionError):
                    good_end = pos              # a damaged line: skipped, kept
                    continue
                hit = self._entry(rec, start, len(line))
                if hit:
                    self.latest[hit[0]] = hit[1]
                good_end = pos
        if good_end < pos:
            with open(self.path, "r+b") as fh:
                fh.truncate(good_end)

    def done(self, item: FeedItem) -> bool:
        e = self.latest.get(item.id)
        return bool(e and e.record == "result" and e.fingerprint == item.fingerprint)

    def write(self, rec: Record) -> None:
        from ..report.safe import json_safe
        line = (json_safe(json.dumps(rec, ensure_ascii=False, separators=(",", ":"))) + "\n") \
            .encode("utf-8", "surrogatepass")
        offset = self.end
        try:
            view = memoryview(line)
            while view:
                view = view[self.fh.write(view):]
        except OSError as e:
            # a full disk, a lost device: take back the part of the line that got out, so the
            # journal stays whole lines, and stop the run with one line (exit 2)
            try:
                self.fh.truncate(offset)
                self.fh.seek(offset)
            except OSError:
                pass           # a cut line is dropped when the journal is read back (--resume)
            raise InputError(f"{self.path}: cannot write the journal: {e.strerror or e}; the "
                             f"{self.written} records written before are kept: free the space and run "
                             f"the same command with --resume") from None
        self.end = offset + len(line)
        self.written += 1
        hit = self._entry(rec, offset, len(line))
        if hit:
            self.latest[hit[0]] = hit[1]

    def read(self, item_id: str) -> Optional[Record]:
        """The latest record of an item, read back from the file."""
        e = self.latest.get(item_id)
        if e is None:
            return None
        with open(self.path, "rb") as fh:
            fh.seek(e.offset)
            return json.loads(fh.read(e.length))

    def close(self) -> None:
        if not self.fh.closed:
            try:
                self.fh.close()
            except OSError:
                pass

    def compact(self, items: list[FeedItem]) -> "JournalRecords":
        """Rewrite the journal with one record per item, in feed order, copying each record's
        bytes from where it lies (streamed); returns the records as a re-readable sequence."""
        self.close()
        tmp = self.path.with_name(self.path.name + ".tmp")
        latest: dict[str, JournalEntry] = {}
        n = 0
        try:
            with open(self.path, "rb") as src, open(tmp, "wb") as out:
                for it in items:
                    e = self.latest.get(it.id)
                    if e is None:
                        continue
                    src.seek(e.offset)
                    latest[it.id] = e._replace(offset=out.tell())
                    out.write(src.read(e.length))
                    n += 1
            os.replace(tmp, self.path)
        except OSError as e:
            # the journal itself is whole (every record in it, in completion order): only the
            # compacted copy is lost
            try:
                tmp.unlink()
            except OSError:
                pass
            raise InputError(f"{self.path}: cannot rewrite the journal in feed order: {e.strerror or e}; "
                             f"every record is kept in it: free the space and run the same command "
                             f"with --resume") from None
        self.latest = latest
        return JournalRecords(self.path, n)


class JournalRecords:
    """The records of a compacted journal, read from the file each time they are iterated:
    reports that need them all load them then, one report at a time."""

    def __init__(self, path: Path, count: int):
        self.path, self.count = Path(path), count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Record]:
        with open(self.path, "rb") as fh:
            for line in fh:
                yield json.loads(line)


def default_journal(inputs: list[Path], cache_dir: Optional[str]) -> Path:
    from ..evidence.cache import default_cache_dir
    key = hashlib.sha256("\x1f".join(str(p.resolve()) for p in inputs).encode()).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", inputs[0].resolve().name or "feed")[:40]
    return Path(cache_dir or default_cache_dir()) / "feeds" / f"{name}-{key}.jsonl"
