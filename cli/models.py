"""`auditor models list|path|pull`: the model table, the local cache, downloads (the only command
that downloads). `auditor models convert` is in models_ct2.py."""
from __future__ import annotations

import os
from typing import List, Optional

import typer
from rich.console import Console

from .app import clean, err, fail, models_app


@models_app.command("list")
def models_list():
    """The default model for each direction, with licences and whether it is cached here."""
    from rich.table import Table

    from auditor.evidence.models import BACK_TRANSLATION, FORWARD, MODELS
    t = Table()
    for col in ("direction", "chain", "licence", "cached"):
        t.add_column(col)
    for direction, chain in {**BACK_TRANSLATION, **FORWARD}.items():
        t.add_row(direction, " → ".join(chain), ", ".join(MODELS[m].licence for m in chain),
                  "yes" if all(_cached_path(m) for m in chain) else "no")
    t.add_row("(any)", "facebook/m2m100_418M (--model)", MODELS["facebook/m2m100_418M"].licence,
              "yes" if _cached_path("facebook/m2m100_418M") else "no")
    con = Console(highlight=False)
    con.print("default models")      # a title line of its own: a table's title is padded to the width
    con.print(t)


def _cached_path(model_id: str) -> Optional[str]:
    try:
        from huggingface_hub import snapshot_download
        return snapshot_download(model_id, local_files_only=True)
    except Exception:
        return None


@models_app.command("path")
def models_path(model: str = typer.Argument(..., help="Hub id.")):
    """Where a model lies in the local cache (exit 2 if it is not cached)."""
    p = _cached_path(model)
    if not p:
        raise fail(f"{model} is not in the local cache; `auditor models pull {model}` fetches it")
    typer.echo(p)


@models_app.command("pull")
def models_pull(models: List[str] = typer.Argument(..., help="Directions of the table (fr-id, id-fr...) or hub ids "
                                                             "(owner/name).")):
    """Download models into the local cache (the only command that downloads)."""
    import re

    from auditor.evidence.models import BACK_TRANSLATION, FORWARD, licence_of
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        raise fail("the MT extra is not installed: pip install 'auditor[mt]'")
    table = {**BACK_TRANSLATION, **FORWARD}
    ids: list[str] = []
    for m in models:
        key = m.strip().lower().replace("_", "-")
        if key in table:
            ids.extend(table[key])
        elif re.fullmatch(r"[a-z]{2,3}-[a-z]{2,3}", key):     # a direction, not a hub id (owner/name)
            raise fail(f"no default model for {m}: the table has {', '.join(table)} "
                        f"(`auditor models list`); for another pair give a hub id such as facebook/m2m100_418M")
        else:
            ids.append(m)
    bad = 0
    for m in dict.fromkeys(ids):
        err.print(clean(f"pulling {m} (licence {licence_of(m)})..."), highlight=False, soft_wrap=True)
        try:
            p = snapshot_download(m, allow_patterns=["*.json", "*.spm", "*.model", "*.safetensors",
                                                     "*.txt", "*.bin"])
            typer.echo(f"{m}\t{p}")
        except Exception as e:
            err.print(f"[red]auditor: error:[/] {clean(_pull_problem(m, e))}", highlight=False, soft_wrap=True)
            bad += 1
    raise typer.Exit(2 if bad else 0)


def _pull_problem(model: str, e: BaseException) -> str:
    """Why a download failed, in one line, with what to do: the hub out of reach (offline, no
    network, a proxy), a model that does not exist, or else the error's own first line."""
    chain: list[BaseException] = []
    x: Optional[BaseException] = e
    while x is not None and len(chain) < 8:
        chain.append(x)
        x = x.__cause__ or x.__context__
    names = " ".join(type(c).__name__ for c in chain)
    first = str(e).splitlines()[0][:160] if str(e) else type(e).__name__
    try:
        from huggingface_hub import constants
        cache = constants.HF_HUB_CACHE
    except Exception:       # pragma: no cover - huggingface_hub without constants
        cache = "~/.cache/huggingface/hub"
    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes")
    if offline or any(k in names for k in ("Connect", "Offline", "Timeout", "LocalEntryNotFound", "NameResolution",
                                           "ProxyError", "SSLError")):
        why = "HF_HUB_OFFLINE is set" if offline else "no network, or a proxy in the way"
        return (f"cannot download {model}: the Hugging Face hub cannot be reached ({why}). Where it can, run "
                f"`auditor models pull` there and copy the cache folder {cache} to this machine (or set HF_HOME), "
                f"or give --model a local model folder")
    if "RepositoryNotFound" in names or "GatedRepo" in names:
        return f"cannot download {model}: no such model on the hub, or it needs a login ({first})"
    return f"cannot download {model}: {type(e).__name__}: {first}"
