"""`auditor feed --engine ray`: the feed's chunks on a Ray cluster (or a local Ray instance).

The same work as the local engine, spread differently:

* N **model-holding actors** (`AuditWorker`), each with `--cpus-per-worker` CPUs and, with
  `--device cuda`, `--gpus-per-worker` GPUs. An actor audits a chunk with `feed.process_chunk`,
  exactly as a local worker process does: the sentences of the chunk's articles that share a
  language go to the model in one batch, and the models stay loaded in the actor between chunks.
* **Backpressure**: the driver draws chunks lazily from the pending items and keeps at most
  `in_flight` chunks submitted per actor (one running, one waiting by default, so an actor never
  idles and the object store never holds the feed). Each completed chunk's records go to the
  journal at once, so Ctrl-C or a crash keeps everything finished.
* **The same resume rule**: the runner's pending items are those the journal does not hold done
  (`Journal.done`); the actors never see the others.
* **Lost workers**: a chunk whose actor died (a node went away, the process was killed) is sent
  again, to a fresh actor, once; if it is lost again its articles become error records of kind
  `worker_lost` (not done: a `--resume` run tries them again).

Ray is an optional extra (`pip install 'auditor[ray]'`) and is imported only here, only when
this engine runs. docs/ray.md says how to run it on a real cluster.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import socket
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional

from .. import __version__
from ..contract import Record
from ..types import InputError
from .discover import FeedItem
from .records import error_record
from .runner import FeedRunner, worker_env
from .settings import FeedSettings
from .work import chunk_in_worker

RAY_MISSING = "Ray is not installed: pip install 'auditor[ray]'"


def import_ray() -> Any:
    """The ray module, or an InputError (exit 2) that says how to install it."""
    try:
        import ray
    except ImportError:
        raise InputError(RAY_MISSING) from None
    return ray


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """A cluster address that nothing answers at is an input error now: Ray itself would keep
    trying to reach it for many minutes."""
    if address in ("auto", "local"):
        return
    hostport = address.split("://", 1)[1] if "://" in address else address
    host, sep, port = hostport.rpartition(":")
    if not sep:
        host, port = hostport, "6379"
    host = host.strip("[]")
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except (OSError, ValueError) as e:
        raise InputError(f"Ray: nothing answers at {address} ({e.strerror or e if isinstance(e, OSError) else e}); "
                         f"is the head node started (`ray start --head`) and its port open?") from None


class AuditWorker:
    """A Ray actor that holds the models: `process_chunk` loads them on the first chunk of a
    language and keeps them in this process (`feed._state`) for every later chunk."""

    def __init__(self, settings: FeedSettings, threads: int):
        worker_env(threads)
        self.settings = settings

    def ready(self) -> dict[str, Any]:
        return {"pid": os.getpid(), "node": socket.gethostname(), "version": __version__}

    def audit(self, items: list[FeedItem]) -> tuple[list[Record], dict[str, int], list[str]]:
        """The records of a chunk, the back-translation counts it added, what it had to say."""
        notes: list[str] = []
        recs, stats = chunk_in_worker(items, self.settings, notes.append)
        return recs, stats, notes


@dataclass
class RayOptions:
    address: Optional[str] = None          # None: RAY_ADDRESS, else a local Ray instance
    workers: Optional[int] = None          # None: as many as the cluster holds
    cpus_per_worker: float = 1.0
    gpus_per_worker: Optional[float] = None   # None: 1 with a cuda device, else 0
    in_flight: int = 2                     # chunks submitted ahead per actor
    chunk_tries: int = 2                   # a chunk whose actor died is sent this many times in all
    startup_timeout: float = 600.0         # seconds to wait for the actors to be placed and started


class _Flight:
    """The chunks in flight on the actors (ref -> slot, actor, chunk, tries), the load of each
    actor, and the chunks of lost workers to send again."""

    def __init__(self, actors: list[Any], chunks: Iterator[list[FeedItem]]) -> None:
        self.actors = actors
        self.chunks = chunks
        self.load = [0] * len(actors)
        self.inflight: dict[Any, tuple[int, Any, list[FeedItem], int]] = {}
        self.again: deque[tuple[list[FeedItem], int]] = deque()


class RayEngine:
    """Runs a FeedRunner's pending items on Ray actors (`FeedRunner.run(engine=RayEngine(...))`).

    What it did is kept for callers and tests: `workers`, `nodes`, `chunks_submitted`,
    `max_in_flight` (never above workers x in_flight), `lost_chunks`, `submitted` (item ids),
    `start_seconds`, `audit_seconds` and `stop_seconds`, and, while it runs, `actors`."""

    def __init__(self, options: Optional[RayOptions] = None, notify: Callable[[str], None] = lambda m: None):
        self.opts = options or RayOptions()
        if self.opts.in_flight < 1 or self.opts.chunk_tries < 1:
            raise InputError("Ray engine: in_flight and chunk_tries must be at least 1")
        self.notify = notify
        self.workers = 0
        self.nodes: set[str] = set()
        self.chunks_submitted = 0
        self.max_in_flight = 0
        self.lost_chunks = 0
        self.submitted: list[str] = []
        self.actors: list[Any] = []            # the live actor handles, while a run lasts
        self.start_seconds = 0.0               # joining or starting Ray, and the actors up
        self.audit_seconds = 0.0               # from the first chunk sent to the last record
        self.stop_seconds = 0.0                # the actors let go, a local Ray instance stopped
        self._said: set[str] = set()

    # ------------------------------------------------------------------ setup

    def _init(self, ray: Any) -> bool:
        """Join the cluster or start a local instance; True when this call started Ray."""
        if ray.is_initialized():
            return False
        logging.getLogger("ray").setLevel(logging.WARNING)
        kw: dict[str, Any] = {"logging_level": logging.WARNING, "include_dashboard": False}
        # no address: a fresh local instance for this run, even where `ray start` left one running
        # (ray.init() would join that; --address auto asks for it)
        address = self.opts.address or os.environ.get("RAY_ADDRESS") or None
        if address is None:
            # a local instance, for this run only: Ray's note that it made a token for it is noise here
            logging.getLogger("ray._private.authentication").setLevel(logging.ERROR)
            if self.opts.workers:   # room for the workers asked for, even beyond this machine's CPUs
                kw["num_cpus"] = max(os.cpu_count() or 1,
                                     int(-(-self.opts.workers * self.opts.cpus_per_worker // 1)))
        if address is not None:
            _check_reachable(address)
        try:
            ray.init(address=address or "local", **kw)
        except Exception as e:   # no cluster there, a version mismatch, a refused token...
            where = address or "a local Ray instance"
            hint = ""
            if address and address != "auto" and not os.environ.get("RAY_AUTH_MODE"):
                hint = ("; if the cluster uses token authentication (Ray's default), set RAY_AUTH_MODE=token "
                        "and RAY_AUTH_TOKEN here (docs/ray.md)")
            raise InputError(f"Ray: cannot start or join {where}: {type(e).__name__}: {e}{hint}") from None
        return True

    def _gpus(self, settings: FeedSettings) -> float:
        if self.opts.gpus_per_worker is not None:
            return self.opts.gpus_per_worker
        return 1.0 if str(settings.device).startswith("cuda") else 0.0

    def _capacity(self, ray: Any, cpus: float, gpus: float) -> int:
        res = ray.cluster_resources()
        caps = []
        if cpus > 0:
            caps.append(int(res.get("CPU", 0) // cpus))
        if gpus > 0:
            caps.append(int(res.get("GPU", 0) // gpus))
        cap = min(caps) if caps else 1 << 20
        if cap < 1:
            raise InputError(f"Ray: the cluster has {res.get('CPU', 0):g} CPUs and {res.get('GPU', 0):g} GPUs, "
                             f"not enough for one worker ({cpus:g} CPUs, {gpus:g} GPUs each)")
        return cap

    def _start_actors(self, ray: Any, n: int, settings: FeedSettings, cpus: float, gpus: float,
                      threads: int) -> list[Any]:
        cls = ray.remote(AuditWorker).options(num_cpus=cpus, num_gpus=gpus, max_restarts=0, max_task_retries=0)
        self._new_actor = lambda: cls.remote(settings, threads)
        actors = [self._new_actor() for _ in range(n)]
        refs = {a.ready.remote(): a for a in actors}
        done, waiting = ray.wait(list(refs), num_returns=len(refs), timeout=self.opts.startup_timeout)
        ok, problem = [], None
        for ref in done:
            try:
                info = ray.get(ref)
            except Exception as e:   # the actor did not start: auditor missing on a node, a bad import
                problem = problem or f"{type(e).__name__}: {str(e).strip().splitlines()[-1] if str(e).strip() else e}"
                ray.kill(refs[ref])
                continue
            if info.get("version") != __version__:
                problem = problem or (f"a worker on {info.get('node')} runs auditor {info.get('version')}, "
                                      f"this driver {__version__}")
                ray.kill(refs[ref])
                continue
            self.nodes.add(str(info.get("node")))
            ok.append(refs[ref])
        for ref in waiting:
            ray.kill(refs[ref])
        if not ok:
            why = problem or f"none was placed within {self.opts.startup_timeout:g} s"
            raise InputError(f"Ray: no worker could start ({why}); auditor must be installed, at the "
                             f"driver's version, on every node (docs/ray.md)")
        if len(ok) < n:
            self.notify(f"Ray: {len(ok)} of {n} workers started" + (f" ({problem})" if problem else ""))
        # keep feed order among the actors as they were asked for
        order = {id(a): k for k, a in enumerate(actors)}
        return sorted(ok, key=lambda a: order[id(a)])

    # ------------------------------------------------------------------ the run

    @staticmethod
    def _chunks(pending: list[FeedItem], size: int) -> Iterator[list[FeedItem]]:
        for i in range(0, len(pending), size):
            yield pending[i:i + size]

    def _say(self, msg: str) -> None:
        if msg not in self._said:
            self._said.add(msg)
            self.notify(msg)

    def run(self, runner: FeedRunner, stats: dict[str, int]) -> None:
        ray = import_ray()
        if not runner.pending:
            return
        t0 = time.perf_counter()
        started = self._init(ray)
        actors: list[Any] = []
        try:
            settings = runner.settings
            cpus, gpus = self.opts.cpus_per_worker, self._gpus(settings)
            cap = self._capacity(ray, cpus, gpus)
            want = self.opts.workers or cap
            if want > cap:
                self.notify(f"Ray: the cluster holds {cap} workers of {cpus:g} CPUs"
                            + (f" and {gpus:g} GPUs" if gpus else "") + f", not {want}")
                want = cap
            size = runner.chunk_size(want)
            n = max(1, min(want, -(-len(runner.pending) // size)))
            threads = settings.threads or max(1, int(cpus))
            # inside an actor, Ray makes its GPUs the only visible ones: "cuda:3" would not exist there
            device = "cuda" if str(settings.device).startswith("cuda") else settings.device
            wsettings = dataclasses.replace(settings, threads=threads, device=device)
            actors = self._start_actors(ray, n, wsettings, cpus, gpus, threads)
            self.workers = len(actors)
            self.actors = actors
            t1 = time.perf_counter()
            self.start_seconds = t1 - t0
            self._loop(ray, runner, actors, self._chunks(runner.pending, size), stats)
            self.audit_seconds = time.perf_counter() - t1
        finally:
            t2 = time.perf_counter()
            for a in actors:
                try:
                    ray.kill(a)
                except Exception:
                    pass
            self.actors = []
            if started:
                ray.shutdown()
            self.stop_seconds = time.perf_counter() - t2

    def _loop(self, ray: Any, runner: FeedRunner, actors: list[Any], chunks: Iterator[list[FeedItem]],
              stats: dict[str, int]) -> None:
        from ray.exceptions import RayActorError, RayError, RayTaskError

        fl = _Flight(actors, chunks)
        src_lang = runner.settings.src_lang

        def lost(chunk: list[FeedItem], kind: str, message: str) -> None:
            for it in chunk:
                runner._record(error_record(it, kind, message, src_lang))

        self._fill(fl)
        while fl.inflight:
            ready, _ = ray.wait(list(fl.inflight), num_returns=1)
            ref = ready[0]
            slot, actor, chunk, tries = fl.inflight.pop(ref)
            fl.load[slot] -= 1
            try:
                recs, st, notes = ray.get(ref)
            except RayTaskError as e:   # process_chunk itself raised (it records item errors): a bug
                cause = getattr(e, "cause", None) or e
                lost(chunk, "internal", f"{type(cause).__name__}: {cause}")
            except (RayActorError, RayError) as e:   # the actor or its node is gone
                if self._worker_lost(ray, fl, slot, actor, chunk, tries):
                    msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
                    lost(chunk, "worker_lost", f"the Ray worker auditing this article was lost twice "
                                               f"({type(e).__name__}: {msg}); run again with --resume")
            else:
                for key, v in st.items():
                    stats[key] = stats.get(key, 0) + v
                for m in notes:
                    self._say(m)
                for rec in recs:
                    runner._record(rec)
            del ref
            self._fill(fl)

    def _fill(self, fl: "_Flight") -> None:
        """Submit chunks (those to send again first) until every actor has `in_flight` of them."""
        k = self.opts.in_flight
        while True:
            slot = min(range(len(fl.actors)), key=fl.load.__getitem__)
            if fl.load[slot] >= k:
                return                       # every actor has k chunks: wait for one
            if fl.again:
                chunk, tries = fl.again.popleft()
            else:
                chunk, tries = next(fl.chunks, None), 0   # type: ignore[arg-type]
                if chunk is None:
                    return
            ref = fl.actors[slot].audit.remote(chunk)
            fl.inflight[ref] = (slot, fl.actors[slot], chunk, tries)
            fl.load[slot] += 1
            self.chunks_submitted += 1
            self.submitted.extend(it.id for it in chunk)
            self.max_in_flight = max(self.max_in_flight, len(fl.inflight))

    def _worker_lost(self, ray: Any, fl: "_Flight", slot: int, actor: Any, chunk: list[FeedItem], tries: int) -> bool:
        """An actor (or its node) is gone: replace it once, whichever of its chunks says so, and
        queue the chunk again. True where the chunk has had all its tries (its items are lost)."""
        self.lost_chunks += 1
        if fl.actors[slot] is actor:
            try:
                ray.kill(actor)
            except Exception:
                pass
            fl.actors[slot] = self._new_actor()
            self._say("Ray: a worker was lost; a fresh one takes its place")
        if tries + 1 < self.opts.chunk_tries:
            fl.again.append((chunk, tries + 1))
            return False
        return True
