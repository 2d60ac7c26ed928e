"""What every multi-article report shares: records, verdicts and totals.

A *record* is the JSON form of one article's outcome, exactly what the JSONL
journal of `auditor feed` holds, one per line:

* a result record: `contract.to_dict(result)` (auditor/contract.py) plus `"record": "result"`,
  `"id"` (the feed item) and `"item"` (where it came from);
* an error record: `{"schema_version", "record": "error", "id", "item",
  "source": {"path", "lang"}, "translation": {"path", "lang"},
  "error": {"kind", "message"}}` for an item that could not be audited.

Renderers take records (an `AuditResult` is turned into one first), so a report
can be written from a journal without auditing anything again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from ..contract import Record, to_dict
from ..types import SCHEMA_VERSION, SEVERITIES, SEVERITY_RANK, AuditResult, at_or_above

COUNTED = ("critical", "major", "minor", "info")


def as_record(x: Union[AuditResult, Record]) -> Record:
    if isinstance(x, AuditResult):
        rec = to_dict(x)
        rec.setdefault("record", "result")
        return rec
    return x


def as_records(x: Union[AuditResult, Record, Iterable[Union[AuditResult, Record]]]) -> list[Record]:
    if isinstance(x, (AuditResult, dict)):
        return [as_record(x)]
    return [as_record(r) for r in x]


def is_error(rec: Record) -> bool:
    return rec.get("record") == "error"


def article_id(rec: Record) -> str:
    return str(rec.get("id") or rec.get("translation", {}).get("path") or "?")


def lang_of(rec: Record) -> str:
    return rec.get("translation", {}).get("lang") or "?"


def display_path(path: str) -> str:
    """A path as CI tools want it: relative to the working folder where it lies inside it."""
    if not path or path.startswith("<"):
        return path
    try:
        p = Path(path).resolve()
        rel = p.relative_to(Path.cwd().resolve())
        return rel.as_posix()
    except (ValueError, OSError):
        return Path(path).as_posix()


def annotated_file(rec: Record) -> tuple[Optional[str], bool]:
    """(the file a tool should annotate, whether line/column point into it).

    Articles read from RSS items or inline manifest text have no file of their
    own: reports point at the feed or manifest file, without a region."""
    item = rec.get("item") or {}
    path = rec.get("translation", {}).get("path") or item.get("translation")
    if item.get("container"):
        return display_path(item["container"]), False
    if not path:
        return None, False
    return display_path(path), not is_error(rec)


@dataclass
class Policy:
    """When an article fails: a finding at or above its language's fail-on severity (info
    never fails), or an MQM score under the language's minimum. Per-language values come
    from the configuration (`[tool.auditor.thresholds.fr] fail-on = "critical"`,
    `min-mqm = 80`); a --fail-on given on the command line wins over all of them."""
    fail_on: str = "major"
    min_mqm: dict[str, float] = field(default_factory=dict)   # lang or "*" -> minimum MQM
    fail_on_lang: dict[str, str] = field(default_factory=dict)  # lang -> severity

    @classmethod
    def from_config(cls, fail_on: Optional[str], config: Any = None) -> "Policy":
        """fail_on: the command line's --fail-on (None if not given)."""
        fo = fail_on or (getattr(config, "fail_on", None) if config is not None else None) or "major"
        mins: dict[str, float] = {}
        per_lang: dict[str, str] = {}
        for lang, table in (getattr(config, "thresholds", None) or {}).items():
            for key in ("min_mqm", "min-mqm"):
                if key in table:
                    mins[lang] = float(table[key])
            for key in ("fail_on", "fail-on"):
                if key in table and fail_on is None:
                    value = str(table[key]).strip().lower()
                    if value not in SEVERITIES:
                        raise ValueError(f"thresholds.{lang}.{key} must be one of {', '.join(SEVERITIES)}")
                    per_lang[lang] = value
        return cls(fail_on=fo, min_mqm=mins, fail_on_lang=per_lang)

    def describe(self) -> str:
        """'major', or 'major (fr: critical)' where languages have their own."""
        extra = ", ".join(f"{k}: {v}" for k, v in sorted(self.fail_on_lang.items()))
        return f"{self.fail_on} ({extra})" if extra else self.fail_on

    def threshold(self, lang: str) -> str:
        return self.fail_on_lang.get(lang, self.fail_on_lang.get("*", self.fail_on))

    def failing_findings(self, rec: Record) -> list[dict[str, Any]]:
        if is_error(rec):
            return []
        threshold = self.threshold(lang_of(rec))
        return [f for f in rec.get("findings", []) if at_or_above(f["severity"], threshold)]

    def below_min(self, rec: Record) -> Optional[float]:
        if is_error(rec):
            return None
        lang = lang_of(rec)
        lim = self.min_mqm.get(lang, self.min_mqm.get("*"))
        mqm = rec.get("scores", {}).get("mqm")
        if lim is not None and mqm is not None and mqm < lim:
            return lim
        return None

    def status(self, rec: Record) -> str:
        """pass, fail or error."""
        if is_error(rec):
            return "error"
        return "fail" if self.failing_findings(rec) or self.below_min(rec) is not None else "pass"

    def reason(self, rec: Record) -> str:
        if is_error(rec):
            e = rec.get("error", {})
            return f"{e.get('kind', 'error')}: {e.get('message', '')}"
        bad = self.failing_findings(rec)
        parts = []
        if bad:
            parts.append(f"{len(bad)} finding{'s' if len(bad) != 1 else ''} at or above "
                         f"{self.threshold(lang_of(rec))}")
        lim = self.below_min(rec)
        if lim is not None:
            parts.append(f"MQM {rec['scores']['mqm']:.1f} under the {lang_of(rec)} minimum {lim:g}")
        return "; ".join(parts)


def counts(rec: Record) -> dict[str, int]:
    out = {s: 0 for s in COUNTED}
    for f in rec.get("findings", []):
        out[f["severity"]] = out.get(f["severity"], 0) + 1
    return out


def summarize(records: list[Record], policy: Policy) -> dict[str, Any]:
    """Per article and per language totals; what the summary table, markdown and HTML show."""
    articles = []
    langs: dict[str, dict[str, Any]] = {}
    for rec in records:
        st = policy.status(rec)
        c = counts(rec)
        mqm = None if is_error(rec) else rec.get("scores", {}).get("mqm")
        articles.append({"id": article_id(rec), "lang": lang_of(rec), "status": st, "mqm": mqm,
                         "chrf": None if is_error(rec) else rec.get("scores", {}).get("chrf"),
                         "findings": c, "reason": policy.reason(rec)})
        t = langs.setdefault(lang_of(rec), {"articles": 0, "passed": 0, "failed": 0, "errors": 0,
                                            "mqm_sum": 0.0, "mqm_n": 0,
                                            "findings": {s: 0 for s in COUNTED}})
        t["articles"] += 1
        t[{"pass": "passed", "fail": "failed", "error": "errors"}[st]] += 1
        if mqm is not None:
            t["mqm_sum"] += mqm
            t["mqm_n"] += 1
        for k, v in c.items():
            t["findings"][k] += v
    per_lang = {}
    for lang in sorted(langs):
        t = langs[lang]
        per_lang[lang] = {k: v for k, v in t.items() if not k.startswith("mqm_")}
        per_lang[lang]["mean_mqm"] = round(t["mqm_sum"] / t["mqm_n"], 2) if t["mqm_n"] else None
    total = {"articles": len(records),
             "passed": sum(1 for a in articles if a["status"] == "pass"),
             "failed": sum(1 for a in articles if a["status"] == "fail"),
             "errors": sum(1 for a in articles if a["status"] == "error"),
             "findings": {s: sum(a["findings"][s] for a in articles) for s in COUNTED}}
    return {"schema_version": SCHEMA_VERSION, "fail_on": policy.fail_on,
            "min_mqm": dict(policy.min_mqm), "articles": articles, "languages": per_lang, "total": total}


def rule_info() -> dict[str, dict[str, Any]]:
    """Metadata of every check code, from the registry (AUD001, which the pipeline reports
    itself, is registered like the others)."""
    from ..checks.base import load_all
    out: dict[str, dict[str, Any]] = {}
    for code, cls in load_all().items():
        i = cls.info
        out[code] = {"code": code, "name": i.name, "category": i.category, "severity": i.severity,
                     "summary": i.summary, "explanation": i.explanation,
                     "languages": list(i.languages), "needs": list(i.needs), "fix": i.fix}
    return out


def sorted_findings(rec: Record) -> list[dict[str, Any]]:
    return sorted(rec.get("findings", []),
                  key=lambda f: (-SEVERITY_RANK[f["severity"]], f.get("start", 0), f["code"]))


__all__ = ["Record", "Policy", "as_record", "as_records", "is_error", "article_id", "lang_of",
           "display_path", "annotated_file", "counts", "summarize", "rule_info", "sorted_findings",
           "SEVERITIES"]
