"""What `auditor audit` and `auditor feed` both make of their options: the failure threshold, the
target language, the code selection, the glossaries and risky-term lists (a bad one: exit 2)."""
from __future__ import annotations

from typing import List, Optional

from auditor.types import InputError

from .app import split_codes


def fail_threshold(value: Optional[str], cfg) -> str:
    """--fail-on in any case ('Major'), info included; else the configuration's (default major)."""
    from auditor.config import severity
    return severity(value, "--fail-on") if value is not None else cfg.fail_on


def target_language(value: Optional[str]) -> Optional[str]:
    """--tgt-lang as people write it ('FR', 'fr-FR') as its code, one of the supported languages."""
    from auditor.lang import LANG_NAMES, TARGET_LANGS, normalise
    if value is None:
        return None
    lang = normalise(value)
    if lang not in TARGET_LANGS:
        name = f" ({LANG_NAMES[lang]})" if lang in LANG_NAMES else ""
        raise InputError(f"--tgt-lang: {value!r}{name} is not a language auditor checks; "
                         f"one of {', '.join(TARGET_LANGS)}")
    return lang


def selection(select: Optional[List[str]], ignore: Optional[List[str]]) -> dict[str, list[str]]:
    """--select and --ignore, each code or prefix matching a check (AUD999 is an error)."""
    from auditor.config import check_selectors
    return {"select": check_selectors(split_codes(select), "--select"),
            "ignore": check_selectors(split_codes(ignore), "--ignore")}


def selected(code: str, opts, cfg) -> bool:
    select = opts.select or cfg.select
    ignore = opts.ignore + cfg.ignore
    if select and not any(code.startswith(p) for p in select):
        return False
    return not any(code.startswith(p) for p in ignore)


def load_term_lists(glossary, risky_terms, cfg) -> dict:
    """Load glossaries and risky-term lists up front, so that a bad file is an input error (exit 2)."""
    from auditor.glossary import load_glossary, load_risky_terms
    gl = [str(g) for g in (glossary or [])] + list(cfg.glossaries)
    rt = [str(r) for r in (risky_terms or [])]
    for g in gl:
        load_glossary(g)
    for r in rt:
        load_risky_terms(r)
    return {"glossaries": gl, "risky_terms": rt}
