"""SQLite cache of model outputs (back-translations, scores), keyed by model,
revision, direction, decoding parameters and text. A corrupt cache file is moved
aside and rebuilt; a locked one is skipped with a notice, never fatal."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Iterable, Optional

from platformdirs import user_cache_dir

SCHEMA = 1


def default_cache_dir() -> Path:
    return Path(os.environ.get("AUDITOR_CACHE_DIR") or user_cache_dir("auditor"))


def make_key(kind: str, model: str, revision: str, direction: str, params: dict, text: str) -> str:
    blob = json.dumps([kind, model, revision, direction, params, text], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class Cache:
    def __init__(self, folder: Optional[Path | str] = None):
        self.folder = Path(folder) if folder else default_cache_dir()
        self.path = self.folder / "cache.sqlite3"
        self.hits = 0
        self.misses = 0
        self.problem: Optional[str] = None
        self._db: Optional[sqlite3.Connection] = None
        self._open()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, kind TEXT, model TEXT, "
                   "revision TEXT, direction TEXT, value TEXT, created REAL)")
        db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        db.execute("SELECT count(*) FROM entries").fetchone()
        return db

    def _open(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            self.problem = f"cache folder {self.folder} not usable ({e.strerror}); running without cache"
            return
        try:
            self._db = self._connect()
        except sqlite3.OperationalError as e:
            if "locked" in str(e):
                self.problem = f"cache {self.path} is locked by another process; running without cache"
                return
            if not self.path.exists() or any(w in str(e) for w in ("readonly", "read-only", "unable to open")):
                # a read-only file system, a folder without write permission: nothing is corrupt
                self.problem = (f"cache folder {self.folder} cannot be written ({e}); running without cache: "
                                f"nothing is kept for the next run (give a writable --cache-dir)")
                return
            self._rebuild(str(e))
        except sqlite3.DatabaseError as e:
            self._rebuild(str(e))

    def _rebuild(self, why: str) -> None:
        aside = self.path.with_name(f"cache.corrupt-{int(time.time())}.sqlite3")
        try:
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                p = Path(str(self.path) + suffix)
                if p.exists():
                    p.unlink()
            self._db = self._connect()
            self.problem = f"cache {self.path} was corrupt ({why}); moved to {aside.name} and rebuilt"
        except (OSError, sqlite3.DatabaseError) as e:
            self._db = None
            self.problem = f"cache {self.path} is unusable ({e}); running without cache"

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        keys = list(keys)
        if self._db is None or not keys:
            self.misses += len(keys)
            return {}
        out: dict[str, str] = {}
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                q = "SELECT key, value FROM entries WHERE key IN (%s)" % ",".join("?" * len(chunk))
                out.update(dict(self._db.execute(q, chunk).fetchall()))
        except sqlite3.DatabaseError as e:
            self.problem = f"cache read failed ({e}); continuing without it"
            self._db = None
        self.hits += len(out)
        self.misses += len(keys) - len(out)
        return out

    def put_many(self, rows: Iterable[tuple[str, str, str, str, str, str]]) -> None:
        """rows: (key, kind, model, revision, direction, value)."""
        if self._db is None:
            return
        now = time.time()
        try:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?,?,?,?,?,?,?)",
                                 [(*r, now) for r in rows])
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            self.problem = f"cache write failed ({e}); continuing without it"
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
