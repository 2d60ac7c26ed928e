"""An article's time limit: ArticleTimeout raised by SIGALRM, and work run under it (a process's first
article tried once more)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional


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



WARM: set[str] = set()     # stages of an audit this process has completed (or timed out) once


def limited(work: Callable[[], Any], seconds: float, notify: Callable[[str], None], stage: str) -> Any:
    """work() under the time limit. The first article a process audits also pays for loading
    what every later one shares (dictionaries, language models, tables: seconds); stopped
    then, it is tried once more, so that a one-time load never makes a timeout."""
    for attempt in (0, 1):
        first = stage not in WARM
        try:
            with time_limit(seconds):
                return work()
        except ArticleTimeout:
            if attempt or not first or not seconds:
                raise
            notify(f"the first article of this process ran past the time limit ({seconds:g} s) while "
                   f"loading shared resources; trying it once more")
        finally:
            WARM.add(stage)
