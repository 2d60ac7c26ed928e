"""Configuration: `[tool.auditor]` in pyproject.toml or an `auditor.toml` (its keys at the top,
or in a `[tool.auditor]` table), found upward from the input (or given with --config).
Command-line options win over the file. Unknown keys and codes that match no check are errors."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .types import InputError, SEVERITIES

# Seconds an article's own audit may take in a feed before it is stopped (`auditor feed --time-limit`).
DEFAULT_TIME_LIMIT = 300.0


@dataclass
class Config:
    select: list[str] = field(default_factory=list)      # code prefixes; empty = all
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "major"
    glossaries: list[str] = field(default_factory=list)  # CSV or TBX paths
    boilerplate: list[str] = field(default_factory=list)  # extra regexes
    models: dict[str, str] = field(default_factory=dict)  # direction -> model id/folder
    thresholds: dict[str, dict[str, float]] = field(default_factory=dict)  # lang -> name -> value
    suppress: list[dict[str, str]] = field(default_factory=list)  # {"code", "text", "article"?}
    path: Optional[str] = None

    def threshold(self, lang: str, name: str, default: float) -> float:
        return float(self.thresholds.get(lang, {}).get(name, self.thresholds.get("*", {}).get(name, default)))

    def enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)


def find_config(start: Path) -> Optional[Path]:
    start = start.resolve()
    for d in [start] + list(start.parents):
        for name in ("auditor.toml", "pyproject.toml"):
            p = d / name
            if p.is_file():
                if name == "pyproject.toml":
                    try:
                        if "auditor" not in tomllib.loads(p.read_text("utf-8")).get("tool", {}):
                            continue
                    except (tomllib.TOMLDecodeError, OSError):
                        continue
                return p
    return None


# The keys of [tool.auditor] (or of auditor.toml); any other is an error, as in ruff: a key
# misspelt ("selectt") would otherwise be ignored without a word and the run check nothing.
KEYS = ("select", "ignore", "fail-on", "glossaries", "boilerplate", "models", "thresholds", "suppress")
ALIASES = {"fail_on": "fail-on"}
SUPPRESS_KEYS = ("code", "text", "article")


def _unknown(key: str, known: tuple[str, ...], where: str) -> InputError:
    import difflib
    near = difflib.get_close_matches(key.replace("_", "-"), known, n=1, cutoff=0.6)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    return InputError(f"{where}: unknown key {key!r}{hint} (known: {', '.join(known)})")


def severity(value: object, where: str) -> str:
    """A severity as the user may write it ('Major', ' critical'): lower case, checked."""
    v = str(value).strip().lower()
    if v not in SEVERITIES:
        raise InputError(f"{where} must be one of {', '.join(SEVERITIES)} (got {value!r})")
    return v


def check_selectors(codes: list[str], where: str) -> list[str]:
    """Codes or prefixes of --select/--ignore (or the configuration's), each matching at least
    one check: `--select AUD999` would otherwise check nothing and pass."""
    from .checks.base import load_all
    known = list(load_all())
    out = []
    for c in codes:
        code = c.strip().upper()
        if not code:
            continue
        if not any(k.startswith(code) for k in known):
            import difflib
            near = difflib.get_close_matches(code, known, n=1, cutoff=0.6)
            hint = f"; did you mean {near[0]}?" if near else ""
            raise InputError(f"{where}: {c!r} matches no check{hint} (`auditor checks` lists them)")
        out.append(code)
    return out


def load_config(path: Optional[str] = None, start: Optional[Path] = None) -> Config:
    p: Optional[Path]
    if path:
        p = Path(path)
        if not p.is_file():
            raise InputError(f"{path}: configuration file not found")
    else:
        p = find_config(start or Path.cwd())
    if p is None:
        return Config()
    try:
        data = tomllib.loads(p.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{p}: invalid TOML: {e}") from None
    where = f"{p}: [tool.auditor]"
    if p.name == "pyproject.toml":
        data = data.get("tool", {}).get("auditor", {})
    elif "tool" in data:
        # auditor.toml with the [tool.auditor] table of the README copied in: read it, not ignore it
        tool = data.get("tool")
        if not isinstance(tool, dict) or set(tool) != {"auditor"} or set(data) != {"tool"}:
            raise InputError(f"{p}: put the settings at the top of auditor.toml, or all of them in a "
                             f"[tool.auditor] table (found {', '.join(sorted(data))})")
        data = tool["auditor"]
    else:
        where = str(p)
    if not isinstance(data, dict):
        raise InputError(f"{where} must be a table")
    for key in data:
        if key not in KEYS and key not in ALIASES:
            raise _unknown(key, KEYS, where)
    for k, s in enumerate(data.get("suppress", []) if isinstance(data.get("suppress"), list) else [], 1):
        for key in (s if isinstance(s, dict) else {}):
            if key not in SUPPRESS_KEYS:
                raise _unknown(key, SUPPRESS_KEYS, f"{p}: suppress entry {k}")
    cfg = Config(path=str(p))
    base = p.parent
    for key in ("select", "ignore", "boilerplate"):
        if key in data:
            setattr(cfg, key, [str(x) for x in data[key]])
    if "fail-on" in data or "fail_on" in data:
        cfg.fail_on = severity(data.get("fail-on", data.get("fail_on")), f"{p}: fail-on")
    cfg.glossaries = [str((base / g).resolve()) for g in data.get("glossaries", [])]
    cfg.models = {str(k): str(v) for k, v in data.get("models", {}).items()}
    cfg.thresholds = {str(k): dict(v) for k, v in data.get("thresholds", {}).items()}
    cfg.suppress = [dict(x) for x in data.get("suppress", [])]
    cfg.select = check_selectors(cfg.select, f"{p}: select")
    cfg.ignore = check_selectors(cfg.ignore, f"{p}: ignore")
    return cfg
