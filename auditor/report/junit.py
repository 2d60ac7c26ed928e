"""JUnit XML: a test case per article, failed when a finding is at or above --fail-on
(or the MQM score is under the language's minimum); an article that could not be
audited is an <error>. One test suite per language. CI systems (GitLab, Jenkins,
Azure, GitHub test reporters) show these as test results."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from .safe import xml_safe
from .summary import Policy, Record, annotated_file, article_id, lang_of, sorted_findings

# characters XML 1.0 cannot hold, even escaped
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _x(s: Any) -> str:
    return _BAD_XML.sub("\ufffd", "" if s is None else str(s))


def _finding_line(rec: Record, f: dict[str, Any]) -> str:
    path, located = annotated_file(rec)
    where = f"{path}:{f['line']}:{f['column']}" if located else f"{path} ({article_id(rec)})"
    s = f"{where}: {f['code']} [{f['severity']}, {f['category']}] “{f.get('text', '')}” {f['message']}"
    if f.get("suggestion"):
        s += f" -> {f['suggestion']}"
    return s


def render(records: list[Record], policy: Policy, **_: Any) -> str:
    suites: dict[str, list[Record]] = {}
    for rec in records:
        suites.setdefault(lang_of(rec), []).append(rec)
    root = ET.Element("testsuites", name="auditor")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for lang in sorted(suites):
        recs = suites[lang]
        suite = ET.SubElement(root, "testsuite", name=f"auditor.{lang}")
        n_fail = n_err = 0
        for rec in recs:
            case = ET.SubElement(suite, "testcase", classname=f"auditor.{lang}", name=_x(article_id(rec)))
            path, _ = annotated_file(rec)
            if path:
                case.set("file", _x(path))
            secs = rec.get("item", {}).get("seconds")
            case.set("time", f"{secs:.3f}" if isinstance(secs, (int, float)) else "0")
            st = policy.status(rec)
            if st == "error":
                n_err += 1
                e = rec.get("error", {})
                el = ET.SubElement(case, "error", type=_x(e.get("kind", "error")), message=_x(e.get("message", "")))
                el.text = _x(f"{article_id(rec)}: {e.get('message', '')}")
                continue
            lines = [_finding_line(rec, f) for f in sorted_findings(rec)]
            if st == "fail":
                n_fail += 1
                worst = sorted_findings(rec)[0]["severity"] if rec.get("findings") else policy.fail_on
                el = ET.SubElement(case, "failure", type=_x(worst), message=_x(policy.reason(rec)))
                el.text = _x("\n".join(lines))
            elif lines:
                ET.SubElement(case, "system-out").text = _x("\n".join(lines))
            props = ET.SubElement(case, "properties")
            sc = rec.get("scores", {})
            for k in ("mqm", "chrf", "bleu", "words"):
                if sc.get(k) is not None:
                    ET.SubElement(props, "property", name=k, value=_x(sc[k]))
        suite.set("tests", str(len(recs)))
        suite.set("failures", str(n_fail))
        suite.set("errors", str(n_err))
        suite.set("skipped", "0")
        totals["tests"] += len(recs)
        totals["failures"] += n_fail
        totals["errors"] += n_err
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml_safe(ET.tostring(root, encoding="unicode")) + "\n"
