"""No cyclic garbage collection while one article is read, audited or written out.

Each of these builds many small objects that live until it ends (paragraphs and their offsets,
tokens, features, findings, the report's dicts: millions on a 100 KB article of 50,000 one-line
paragraphs) and makes little cyclic garbage. The collector's thresholds count allocations, so it
ran a full collection, which walks every live object, again and again as that heap grew: 1.3 s of
7.8 on that article, the same answers. Reference counting still frees what it can meanwhile; the
collector runs again, on its usual thresholds, once the step is over. Where the caller has turned
it off, it is left off."""
from __future__ import annotations

import functools
import gc
from typing import Any, Callable, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def paused_gc(fn: F) -> F:
    """Run `fn` with the cyclic garbage collector paused (see above)."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kw: Any) -> Any:
        if not gc.isenabled():
            return fn(*args, **kw)
        gc.disable()
        try:
            return fn(*args, **kw)
        finally:
            gc.enable()
    return wrapper  # type: ignore[return-value]
