"""Configuration: `[tool.auditor]` in pyproject.toml or an `auditor.toml` (its keys at the top,
or in a `[tool.auditor]` table), found upward from the input (or given with --config).
Command-line options win over the file. Unknown keys and codes that match no check are errors."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

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


def _parse_toml(p: Path) -> dict[str, Any]:
    """The TOML of `p`, or InputError in one line (bad TOML, not UTF-8, nested too deep)."""
    try:
        return tomllib.loads(p.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{p}: invalid TOML: {e}") from None
    except RecursionError:   # tomllib recurses per nesting level: 100,000 nested arrays
        raise InputError(f"{p}: invalid TOML: nested too deeply") from None
    except OSError as e:
        raise InputError(f"{p}: cannot read: {e.strerror or e}") from None


def find_config(start: Path) -> Optional[Path]:
    start = start.resolve()
    for d in [start] + list(start.parents):
        for name in ("auditor.toml", "pyproject.toml"):
            p = d / name
            if p.is_file():
                if name == "pyproject.toml":
                    try:
                        tool = _parse_toml(p).get("tool", {})
                        if not isinstance(tool, dict) or "auditor" not in tool:
                            continue
                    except InputError:
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


_KIND = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list",
         dict: "a table"}


def _kind(v: Any) -> str:
    return _KIND.get(type(v), type(v).__name__)


def _str_list(v: Any, where: str) -> list[str]:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        got = _kind(v) if not isinstance(v, list) else \
            f"a list holding {_kind(next(x for x in v if not isinstance(x, str)))}"
        raise InputError(f"{where} must be a list of strings (got {got})")
    return list(v)


def _table(v: Any, where: str) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise InputError(f"{where} must be a table (got {_kind(v)})")
    return v


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _settings(p: Path) -> dict[str, Any]:
    """The settings table of a configuration file (pyproject.toml's [tool.auditor], or auditor.toml's
    top level or its [tool.auditor]), every key known."""
    data = _parse_toml(p)
    where = f"{p}: [tool.auditor]"
    if p.name == "pyproject.toml":
        data = _table(data.get("tool", {}), f"{p}: [tool]").get("auditor", {})
    elif "tool" in data:
        # auditor.toml with the [tool.auditor] table of the README copied in: read it, not ignore it
        tool = data.get("tool")
        if not isinstance(tool, dict) or set(tool) != {"auditor"} or set(data) != {"tool"}:
            raise InputError(f"{p}: put the settings at the top of auditor.toml, or all of them in a "
                             f"[tool.auditor] table (found {', '.join(sorted(data))})")
        data = tool["auditor"]
    else:
        where = str(p)
    data = _table(data, where)
    for key in data:
        if key not in KEYS and key not in ALIASES:
            raise _unknown(key, KEYS, where)
    for k, s in enumerate(data.get("suppress", []) if isinstance(data.get("suppress"), list) else [], 1):
        for key in (s if isinstance(s, dict) else {}):
            if key not in SUPPRESS_KEYS:
                raise _unknown(key, SUPPRESS_KEYS, f"{p}: suppress entry {k}")
    return data


def _models(data: dict[str, Any], p: Path) -> dict[str, str]:
    models = _table(data.get("models", {}), f"{p}: models")
    for k, v in models.items():
        if not isinstance(v, str):
            raise InputError(f"{p}: models.{k} must be a string: a hub id or a folder (got {_kind(v)})")
    return dict(models)


def _thresholds(data: dict[str, Any], p: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for lang, table in _table(data.get("thresholds", {}), f"{p}: thresholds").items():
        table = _table(table, f"{p}: thresholds.{lang}")
        for name, v in table.items():
            if name in ("fail-on", "fail_on"):
                if not isinstance(v, str):
                    raise InputError(f"{p}: thresholds.{lang}.{name} must be a string (got {_kind(v)})")
            elif not _number(v):
                raise InputError(f"{p}: thresholds.{lang}.{name} must be a number (got {_kind(v)})")
        out[str(lang)] = dict(table)
    return out


def _suppressions(data: dict[str, Any], p: Path) -> list[dict[str, str]]:
    sup = data.get("suppress", [])
    if not isinstance(sup, list):
        raise InputError(f"{p}: suppress must be a list of tables (got {_kind(sup)})")
    for k, s in enumerate(sup, 1):
        if not isinstance(s, dict):
            raise InputError(f"{p}: suppress entry {k} must be a table such as "
                             f"{{code = \"AUD101\", text = \"...\"}} (got {_kind(s)})")
        for name, v in s.items():
            if not isinstance(v, str):
                raise InputError(f"{p}: suppress entry {k}: {name} must be a string (got {_kind(v)})")
    return [dict(x) for x in sup]


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
    data = _settings(p)
    cfg = Config(path=str(p))
    base = p.parent
    for key in ("select", "ignore", "boilerplate"):
        if key in data:
            setattr(cfg, key, _str_list(data[key], f"{p}: {key}"))
    if "fail-on" in data or "fail_on" in data:
        fo = data.get("fail-on", data.get("fail_on"))
        if not isinstance(fo, str):
            raise InputError(f"{p}: fail-on must be a string, one of {', '.join(SEVERITIES)} (got {_kind(fo)})")
        cfg.fail_on = severity(fo, f"{p}: fail-on")
    cfg.glossaries = [str((base / g).resolve()) for g in _str_list(data.get("glossaries", []), f"{p}: glossaries")]
    cfg.models = _models(data, p)
    cfg.thresholds = _thresholds(data, p)
    cfg.suppress = _suppressions(data, p)
    cfg.select = check_selectors(cfg.select, f"{p}: select")
    cfg.ignore = check_selectors(cfg.ignore, f"{p}: ignore")
    return cfg
