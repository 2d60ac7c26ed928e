#!/usr/bin/env bash
# System packages the checks use: Hunspell dictionaries (fr, en, id) for the
# non-word and untranslated checks; FreeDict bilingual dictionaries (eng-ind, and
# eng-fra / fra-eng as a pivot for French) for the lexicon coverage checks (AUD745, AUD746). Installed with apt-get where we may; where
# we may not, say so: those checks then report that they were skipped.
set -u
need=()
[ -f /usr/share/hunspell/fr.dic ] || need+=(hunspell-fr)
[ -f /usr/share/hunspell/en_US.dic ] || need+=(hunspell-en-us)
[ -f /usr/share/hunspell/id_ID.dic ] || need+=(hunspell-id)
for d in eng-ind eng-fra fra-eng; do
  [ -f /usr/share/dictd/freedict-$d.index ] || need+=(dict-freedict-$d)
done
if [ "${AUDITOR_WITH_CHROMIUM:-0}" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  need+=(chromium)
fi
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "note: cannot install ${need[*]} (not root); the checks that need them will be skipped" >&2
    exit 0
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "note: no apt-get here; install Hunspell dictionaries for fr, en_US and id_ID (and FreeDict eng-ind, eng-fra, fra-eng) by hand" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null 2>&1 || {
  $SUDO apt-get update -q >/dev/null 2>&1
  $SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
}
