"""The README's table of checks per language says what `auditor checks` says."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("fr", "en", "zh", "ja", "ar")


def readme_table() -> dict[str, set[str]]:
    text = (ROOT / "README.md").read_text("utf-8")
    block = text.split("<!-- checks-table: start -->", 1)[1].split("<!-- checks-table: end -->", 1)[0]
    rows = [r for r in block.strip().splitlines() if r.startswith("| `AUD")]
    out = {}
    for r in rows:
        cells = [c.strip() for c in r.strip("|").split("|")]
        code = cells[0].strip("`")
        out[code] = {lang for lang, c in zip(LANGS, cells[3:]) if c == "✓"}
    return out


def expected_table(checks: list[dict]) -> str:
    """The table as it should read (printed when the test fails, to paste into the README)."""
    lines = ["| code | name | needs | " + " | ".join(LANGS) + " |", "|---|---|---|" + "---|" * len(LANGS)]
    for c in checks:
        langs = c["languages"] or LANGS
        lines.append(f"| `{c['code']}` | {c['name']} | {', '.join(c['needs']) or '-'} | "
                     + " | ".join("✓" if lang in langs else "" for lang in LANGS) + " |")
    return "\n".join(lines)


def test_readme_table_of_checks_per_language_matches_auditor_checks():
    from auditor_cli.main import app
    res = CliRunner().invoke(app, ["checks", "--json"])
    assert res.exit_code == 0, res.output
    checks = json.loads(res.output)
    checks = checks["checks"] if isinstance(checks, dict) else checks
    want = {c["code"]: set(c["languages"] or LANGS) & set(LANGS) for c in checks}
    assert readme_table() == want, "README table out of date; it should read:\n" + expected_table(checks)
