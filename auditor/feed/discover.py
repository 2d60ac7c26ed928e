"""Find the pairs of a feed: a folder of pairs, a manifest (JSONL or CSV), RSS/Atom files; each becomes
a FeedItem."""
from __future__ import annotations

import csv
import html
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..lang import KNOWN_LANGS, TARGET_LANGS
from ..types import InputError

ARTICLE_EXTS = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".json")
MANIFEST_EXTS = (".jsonl", ".ndjson", ".csv")
FEED_EXTS = (".xml", ".rss", ".atom")
_PAIR_NAME = re.compile(r"^(?P<name>.+)\.(?P<lang>[A-Za-z]{2}(?:[-_][A-Za-z0-9]{2,4})?)(?P<ext>\.[A-Za-z]+)$")



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
