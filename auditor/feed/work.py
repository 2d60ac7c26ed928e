"""The work of one process: read and prepare the articles of a chunk, back-translate them batched per
language, audit each."""
from __future__ import annotations

import dataclasses
import time
import traceback
from typing import Any, Callable, Optional

from ..config import Config
from ..contract import Record
from ..evidence.models import reverse_model_name
from ..types import InputError
from .discover import FeedItem
from .providers import Prefetched, back_translator_for, named_model, process_cache, state
from .records import error_kind, error_record, result_record, timeout_record
from .settings import FeedSettings
from .timelimit import ArticleTimeout, limited

# a text detected in another language at or above this confidence is a bad item, not an audit
WRONG_LANGUAGE_CONFIDENCE = 0.9


def _read_docs(item: FeedItem, settings: FeedSettings) -> tuple[Any, Any]:
    from ..reader import read_file, read_text
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
    from ..boilerplate import boilerplate_sentences
    from ..pipeline import AuditOptions, prepare

    src, tgt = _read_docs(item, settings)
    cfg = _item_config(item, settings.config, tgt.path)
    opts = AuditOptions(src_lang=settings.src_lang, tgt_lang=item.tgt_lang, config=cfg,
                        select=list(settings.select), ignore=list(settings.ignore))
    opts.extra.update({"glossaries": list(settings.glossaries) + list(cfg.glossaries),
                       "risky_terms": list(settings.risky_terms)})
    opts.embed = settings.embed
    if settings.embed:
        opts.cache = process_cache(settings)
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
    from ..evidence.supplied import SuppliedBackTranslation
    fmt = item.back_translation_fmt or settings.input_format
    if item.back_translation_text is not None:
        bt = SuppliedBackTranslation.from_text(item.back_translation_text,
                                               f"{item.container}#{item.id}:back_translation", fmt or None,
                                               settings.src_lang)
    else:
        assert item.back_translation_path is not None     # has_back_translation: a path or a text
        bt = SuppliedBackTranslation.read(item.back_translation_path, fmt=fmt, encoding=settings.encoding,
                                          src_lang=settings.src_lang)
    bt.check(tgt)
    return bt



def process_chunk(items: list[FeedItem], settings: FeedSettings,
                  emit: Optional[Callable[[Record], None]] = None,
                  notify: Callable[[str], None] = lambda m: None) -> list[Record]:
    """Audit a few articles, their back-translations batched per language."""
    out: list[Record] = []

    def done(rec: Record) -> None:
        out.append(rec)
        if emit is not None:
            emit(rec)

    ready: list[dict[str, Any]] = []
    for item in items:
        got = _prepare_one(item, settings, notify)
        if "record" in got:
            done(got["record"])
        else:
            ready.append(got)
    tables = _back_translate_chunk(ready, settings, notify)
    if settings.embed and ready:
        _prefetch_embeddings(ready, settings)
    for r in ready:
        done(_audit_one(r, tables[r["tgt"].lang], settings, notify))
    return out


def _prepare_one(item: FeedItem, settings: FeedSettings, notify: Callable[[str], None]) -> dict[str, Any]:
    """An article read and prepared under its time limit (see _prepare_item), or {"record": …}: the
    error record of an item that stops here."""
    limit = settings.time_limit or 0.0
    t0 = time.perf_counter()
    if item.problem:
        return {"record": error_record(item, item.problem[0], item.problem[1], settings.src_lang, 0.0)}
    try:
        got = limited(lambda: _prepare_item(item, settings, t0), limit, notify, "prepare")
    except ArticleTimeout:
        return {"record": timeout_record(item, limit, settings.src_lang, time.perf_counter() - t0)}
    except InputError as e:
        msg = str(e)
        return {"record": error_record(item, error_kind(msg), msg, settings.src_lang, time.perf_counter() - t0)}
    except Exception as e:   # a bug: recorded, the run goes on
        return {"record": error_record(item, "internal", f"{type(e).__name__}: {e}", settings.src_lang,
                                       time.perf_counter() - t0)}
    if "record" not in got:
        got["own"] = got["seconds"] = time.perf_counter() - t0
    return got


def _back_translate_chunk(ready: list[dict[str, Any]], settings: FeedSettings,
                          notify: Callable[[str], None]) -> dict[str, tuple[Any, dict[str, str], list[str]]]:
    """One batched back-translation per language over the whole chunk: by language, the chain (or
    None), its translations by sentence, and its notes. The time spent is shared out among the
    articles by their sentences."""
    tables: dict[str, tuple[Any, dict[str, str], list[str]]] = {}
    for lang in dict.fromkeys(r["tgt"].lang for r in ready):
        group = [r for r in ready if r["tgt"].lang == lang and r["supplied"] is None]
        # an article with its own back-translation needs a model only where the user names one
        # (cross-attention placement, forced decoding), never to translate
        if not group and not (named_model(lang, settings) and not settings.no_mt):
            tables[lang] = (None, {}, [])
            continue
        chain, notes = back_translator_for(lang, settings, notify)
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
            st = state(settings)["stats"]
            for k in st:
                st[k] += chain.stats[k] - before.get(k, 0)
        tables[lang] = (chain, table, notes)
    return tables


def _back_translator_of(r: dict[str, Any], table_entry: tuple[Any, dict[str, str], list[str]],
                        settings: FeedSettings) -> tuple[Any, list[str]]:
    """The back-translator of one prepared article (its supplied one, or the chunk's batched
    translations in front of the chain) and its notes; sets the article's reverse model."""
    chain, table, notes = table_entry
    lang = r["tgt"].lang
    if r["supplied"] is None:
        r["opts"].reverse_model = state(settings).get("reverse", {}).get(lang)
        return (Prefetched(chain, table) if chain is not None else None), notes
    back: Any = r["supplied"]
    if named_model(lang, settings) and not settings.no_mt:
        back.with_model(chain)
        notes = [n.replace("back-translation skipped", "the model for the supplied back-translation "
                           "(cross-attention placement, forced decoding) skipped", 1) for n in notes]
    else:
        notes = []
    r["opts"].reverse_model = None if settings.no_mt else \
        reverse_model_name(settings.src_lang, lang, settings.reverse_model, settings.config.models, default=False)
    return back, notes


def _audit_one(r: dict[str, Any], table_entry: tuple[Any, dict[str, str], list[str]], settings: FeedSettings,
               notify: Callable[[str], None]) -> Record:
    """The record of one prepared article: its result, or the error that stopped it."""
    from ..pipeline import audit_documents

    item = r["item"]
    limit = settings.time_limit or 0.0
    t0 = time.perf_counter()
    back, notes = _back_translator_of(r, table_entry, settings)
    try:
        # the article's own work counts against its limit; the chunk's batched model work
        # and embeddings, shared by its articles, do not
        result = limited(lambda: audit_documents(
            r["src"], r["tgt"], r["opts"], back_translator=back,
            notices=list(notes) + list(state(settings)["cache_notes"])),
            max(0.001, limit - r["own"]) if limit else 0.0, notify, "audit")
    except ArticleTimeout:
        return timeout_record(item, limit, settings.src_lang, r["seconds"] + time.perf_counter() - t0)
    except InputError as e:
        return error_record(item, error_kind(str(e)), str(e), settings.src_lang, r["seconds"])
    except Exception as e:
        tb = traceback.format_exc(limit=3).strip().splitlines()[-1]
        return error_record(item, "internal", f"{type(e).__name__}: {e} ({tb})", settings.src_lang,
                            r["seconds"] + time.perf_counter() - t0)
    return result_record(item, result, r["seconds"] + time.perf_counter() - t0)


def _prefetch_embeddings(ready: list[dict[str, Any]], settings: FeedSettings) -> None:
    """Embed the sentences of the whole chunk in one call: the pipeline then finds them in the
    encoder's per-process memo (about a quarter faster than one call per article on CPU)."""
    try:
        from ..evidence.similarity import EmbedderUnavailable, get_encoder
    except ImportError:
        return
    t0 = time.perf_counter()
    try:
        enc = get_encoder(None, process_cache(settings))
        enc.encode(list(dict.fromkeys(t for r in ready for t in r["src_texts"] + r["texts"])))
    except EmbedderUnavailable:
        return          # the pipeline says so in each article's notices
    except Exception:   # the pipeline will meet the same problem, and record it per article
        return
    spent = time.perf_counter() - t0
    n = max(1, sum(len(r["src_texts"]) + len(r["texts"]) for r in ready))
    for r in ready:
        r["seconds"] += spent * (len(r["src_texts"]) + len(r["texts"])) / n



def chunk_in_worker(items: list[FeedItem], settings: FeedSettings,
                    notify: Callable[[str], None] = lambda m: None) -> tuple[list[Record], dict[str, int]]:
    """The records of a chunk audited in a worker process, and the back-translation counts it added."""
    before = dict(state(settings)["stats"])
    recs = process_chunk(items, settings, notify=notify)
    after = state(settings)["stats"]
    return recs, {k: after[k] - before.get(k, 0) for k in after}
