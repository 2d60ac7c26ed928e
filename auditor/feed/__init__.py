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

# The package's modules, in the order of a run:
#   discover   the items of a feed (folders, manifests, RSS/Atom)
#   settings   FeedSettings and the fingerprints of resume
#   journal    the JSONL journal (append, resume index, compaction)
#   records    result and error records (the JSON contract plus the item)
#   timelimit  an article's time limit
#   providers  the back-translators, reverse model and cache of a process
#   work       one process's chunk: read, batch-back-translate, audit
#   runner     FeedRunner: here, in a local pool, or on another engine
#   ray        the Ray engine (`--engine ray`), imported only when used
from ..contract import Record
from .discover import (
                       ARTICLE_EXTS,
                       FEED_EXTS,
                       MANIFEST_EXTS,
                       FeedItem,
                       discover,
                       discover_feeds,
                       discover_files,
                       discover_folder,
                       discover_manifest,
)
from .journal import Journal, JournalEntry, JournalRecords, default_journal
from .records import error_kind, error_record, result_record, timeout_record
from .runner import FeedRunner, RunReport, can_fork_warm, warm_up, worker_env
from .settings import FeedSettings, item_fingerprint
from .timelimit import ArticleTimeout, time_limit
from .work import WRONG_LANGUAGE_CONFIDENCE, chunk_in_worker, process_chunk

__all__ = [
    "ARTICLE_EXTS", "FEED_EXTS", "MANIFEST_EXTS", "WRONG_LANGUAGE_CONFIDENCE", "ArticleTimeout", "FeedItem",
    "FeedRunner", "FeedSettings", "Journal", "JournalEntry", "JournalRecords", "Record", "RunReport",
    "can_fork_warm", "chunk_in_worker", "default_journal", "discover", "discover_feeds", "discover_files",
    "discover_folder", "discover_manifest", "error_kind", "error_record", "item_fingerprint", "process_chunk",
    "result_record", "time_limit", "timeout_record", "warm_up", "worker_env",
]
