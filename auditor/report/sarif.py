"""SARIF 2.1.0, for code-scanning tools (GitHub code scanning, VS Code SARIF viewer...).

One run; one result per finding with its rule (metadata from the check registry),
level, message and physical location (file, line, column, character offsets in
code points, snippet). Items that could not be audited become tool execution
notifications, so the run is not reported as clean when it was not.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import quote
from typing import Any

from .. import __version__
from .safe import json_safe
from .summary import Policy, Record, annotated_file, article_id, is_error, rule_info

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"critical": "error", "major": "error", "minor": "warning", "info": "note"}


def _rule(meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": meta["code"],
        "name": meta["name"],
        "shortDescription": {"text": meta["summary"]},
        "fullDescription": {"text": meta["explanation"] or meta["summary"]},
        "help": {"text": f"{meta['summary']}\n\n{meta['explanation']}\n\nSee `auditor explain {meta['code']}`.",
                 "markdown": f"**{meta['summary']}**\n\n{meta['explanation']}\n\n"
                             f"See `auditor explain {meta['code']}`."},
        "defaultConfiguration": {"level": LEVEL[meta["severity"]]},
        "properties": {"category": meta["category"], "tags": ["translation", meta["category"]],
                       "languages": meta["languages"], "needs": meta["needs"],
                       "problem.severity": {"critical": "error", "major": "error", "minor": "warning",
                                            "info": "recommendation"}[meta["severity"]]},
    }


def _fingerprint(rec: Record, f: dict[str, Any]) -> str:
    blob = "\x1f".join([article_id(rec), f["code"], f.get("text", ""), f.get("segment") or ""])
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def _artifact(path: str) -> dict[str, Any]:
    """A relative path is resolved against SRCROOT (the working folder); an absolute one is a file URI."""
    uri = _uri(path)
    return {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": "SRCROOT"}


def _location(rec: Record, f: dict[str, Any]) -> dict[str, Any]:
    path, located = annotated_file(rec)
    phys: dict[str, Any] = {"artifactLocation": _artifact(path or "unknown")}
    if located:
        text = f.get("text", "")
        phys["region"] = {
            "startLine": f["line"], "startColumn": f["column"],
            "endLine": f.get("end_line", f["line"]), "endColumn": f.get("end_column", f["column"]),
            "charOffset": f["start"], "charLength": f["end"] - f["start"],
            "snippet": {"text": text},
        }
    loc: dict[str, Any] = {"physicalLocation": phys}
    if not located:
        loc["logicalLocations"] = [{"name": article_id(rec), "kind": "module"}]
    return loc


def _uri(path: str) -> str:
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix())


def _sentence(text: str) -> str:
    """A message as a sentence: it ends with a full stop (SARIF messages are shown as prose)."""
    text = text.rstrip()
    return text if not text or text.endswith((".", "!", "?", "…")) else text + "."


def to_sarif(records: list[Record], policy: Policy) -> dict[str, Any]:
    rules_meta = rule_info()
    used = {f["code"] for r in records for f in r.get("findings", [])}
    for code in sorted(used - set(rules_meta)):
        rules_meta[code] = {"code": code, "name": code.lower(), "category": "internal", "severity": "major",
                            "summary": f"{code} (not in this version's registry)", "explanation": "",
                            "languages": [], "needs": []}
    codes = sorted(rules_meta)
    index = {c: i for i, c in enumerate(codes)}
    results = []
    notifications = []
    artifacts: dict[str, dict[str, Any]] = {}
    for rec in records:
        path, _ = annotated_file(rec)
        if path and path not in artifacts:
            artifacts[path] = {"location": _artifact(path),
                               "encoding": "utf-8",
                               "properties": {"lang": rec.get("translation", {}).get("lang") or ""}}
        if is_error(rec):
            e = rec.get("error", {})
            notifications.append({
                "level": "error",
                "message": {"text": f"{article_id(rec)}: not audited ({e.get('kind')}): {e.get('message')}"},
                "locations": [{"physicalLocation": {"artifactLocation": _artifact(path or "unknown")}}],
                "descriptor": {"id": f"input/{e.get('kind', 'error')}"},
            })
            continue
        for f in rec.get("findings", []):
            msg = _sentence(f["message"])
            fx = f.get("fix") or {}
            reps = fx.get("replacements") or ([f["suggestion"]] if f.get("suggestion") else [])
            if len(reps) > 1:
                msg += " Suggestions: " + "; ".join(f"“{r}”" for r in reps) + "."
            elif reps:
                msg += f" Suggestion: “{reps[0]}”."
            text = f.get("text", "")
            if text and len(text) <= 120 and text not in msg:
                msg = f"“{text}”: {msg}"
            res: dict[str, Any] = {
                "ruleId": f["code"], "ruleIndex": index[f["code"]],
                "level": LEVEL[f["severity"]],
                "message": {"text": msg},
                "locations": [_location(rec, f)],
                "partialFingerprints": {"auditorFinding/v1": _fingerprint(rec, f)},
                "properties": {"severity": f["severity"], "category": f["category"],
                               "confidence": f.get("confidence"), "article": article_id(rec),
                               "failsRun": bool(policy.failing_findings({"findings": [f]}))},
            }
            if fx.get("replacements") and annotated_file(rec)[1] and f["end"] > f["start"]:
                # one fix per alternative: a consumer applies one of them, never all joined
                res["fixes"] = [{
                    "description": {"text": f"Replace “{text}” with “{r}”" + (
                        f" (alternative {k + 1} of {len(fx['replacements'])})." if len(fx["replacements"]) > 1
                        else ".")},
                    "artifactChanges": [{
                        "artifactLocation": _artifact(path or "unknown"),
                        "replacements": [{"deletedRegion": {"charOffset": f["start"],
                                                            "charLength": f["end"] - f["start"]},
                                          "insertedContent": {"text": r}}],
                    }],
                    "properties": {"applicability": fx.get("applicability")},
                } for k, r in enumerate(fx["replacements"])]
            places = [p for p in (f.get("evidence") or {}).get("places") or []
                      if isinstance(p, dict) and p.get("line") and p.get("start") is not None]
            if places and path and annotated_file(rec)[1]:   # a finding about several places (AUD503)
                res["relatedLocations"] = [{
                    "id": k, "message": {"text": p.get("text") or "(rendering not located)"},
                    "physicalLocation": {"artifactLocation": _artifact(path), "region": {
                        "startLine": p["line"], "startColumn": p.get("column") or 1,
                        "charOffset": p["start"], "charLength": max(0, p["end"] - p["start"])}},
                } for k, p in enumerate(places)]
            results.append(res)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "auditor", "version": __version__, "semanticVersion": __version__,
            "rules": [_rule(rules_meta[c]) for c in codes],
        }},
        "originalUriBaseIds": {"SRCROOT": {"uri": Path.cwd().resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "artifacts": list(artifacts.values()),
        "results": results,
        "invocations": [{"executionSuccessful": not notifications,
                         "toolExecutionNotifications": notifications}],
        "properties": {"failOn": policy.fail_on, "failOnByLanguage": dict(policy.fail_on_lang),
                       "articles": len(records),
                       "articlesFailed": sum(1 for r in records if policy.status(r) == "fail")},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(records: list[Record], policy: Policy, **_: Any) -> str:
    return json_safe(json.dumps(to_sarif(records, policy), ensure_ascii=False, indent=2)) + "\n"
