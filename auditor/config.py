"""Configuration: `[tool.auditor]` in pyproject.toml or an `auditor.toml`, found upward
from the input (or given with --config). Command-line options win over the file."""
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
    if p.name == "pyproject.toml":
        data = data.get("tool", {}).get("auditor", {})
    cfg = Config(path=str(p))
    base = p.parent
    for key in ("select", "ignore", "boilerplate"):
        if key in data:
            setattr(cfg, key, [str(x) for x in data[key]])
    if "fail-on" in data or "fail_on" in data:
        cfg.fail_on = str(data.get("fail-on", data.get("fail_on")))
        if cfg.fail_on not in SEVERITIES:
            raise InputError(f"{p}: fail-on must be one of {', '.join(SEVERITIES)}")
    cfg.glossaries = [str((base / g).resolve()) for g in data.get("glossaries", [])]
    cfg.models = {str(k): str(v) for k, v in data.get("models", {}).items()}
    cfg.thresholds = {str(k): dict(v) for k, v in data.get("thresholds", {}).items()}
    cfg.suppress = [dict(x) for x in data.get("suppress", [])]
    return cfg
