#!/usr/bin/env bash
# Re-extract translations/messages.pot from the _() calls in offerprint/ (see babel.cfg) and
# bring every catalogue translations/<folder>/LC_MESSAGES/messages.po up to date with it.
#
#   bash scripts/update-catalogues.sh          # every catalogue
#   bash scripts/update-catalogues.sh pl ur    # only these folders
#
# New messages arrive untranslated (or "fuzzy", with a guess from a similar message, which is
# never printed); messages no longer used stay at the end of the file as "#~" for reference.
# `pybabel update` drops headers Babel does not know, so each catalogue's review headers
# (X-Offerprint-Reviewed, X-Offerprint-Reviewer) are saved before and put back after.
# Then run: .venv/bin/python -m pytest tests/test_i18n.py
set -euo pipefail
cd "$(dirname "$0")/.."

# The project's venv if there is one; PYBABEL and PYTHON override.
if [ -x .venv/bin/pybabel ]; then
  : "${PYBABEL:=.venv/bin/pybabel}" "${PYTHON:=.venv/bin/python}"
else
  : "${PYBABEL:=pybabel}" "${PYTHON:=python3}"
fi
VERSION="$("$PYTHON" -c 'import offerprint; print(offerprint.__version__)')"

"$PYBABEL" --quiet extract --mapping-file babel.cfg --output-file translations/messages.pot \
  --project offerprint --version "$VERSION" --copyright-holder "the offerprint contributors" \
  --no-location --add-comments TRANSLATORS: --width 76 .

if [ "$#" -gt 0 ]; then
  folders=("$@")
else
  folders=()
  for po in translations/*/LC_MESSAGES/messages.po; do
    [ -e "$po" ] || continue
    folder="${po#translations/}"
    folders+=("${folder%%/*}")
  done
fi

for folder in "${folders[@]}"; do
  po="translations/$folder/LC_MESSAGES/messages.po"
  if [ ! -f "$po" ]; then
    echo "update-catalogues: no catalogue $po (start one with: $PYBABEL init -i translations/messages.pot -d translations -l $folder)" >&2
    exit 2
  fi
  saved="$(grep -E '^"X-Offerprint-[A-Za-z-]+:' "$po" || true)"
  "$PYBABEL" --quiet update --input-file translations/messages.pot --output-dir translations \
    --locale "$folder" --previous --width 76
  if [ -n "$saved" ]; then
    SAVED="$saved" "$PYTHON" - "$po" <<'PY'
import os, re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
saved = os.environ["SAVED"].strip().splitlines()
text = re.sub(r'^"X-Offerprint-[A-Za-z-]+:.*\n', "", text, flags=re.MULTILINE)
# The header is the first entry: msgid "" then msgstr lines up to the first blank line.
match = re.search(r'^msgid ""\nmsgstr ""\n(?:".*"\n)*', text, flags=re.MULTILINE)
if not match:
    sys.exit(f"update-catalogues: cannot find the header of {path}")
text = text[:match.end()] + "".join(line + "\n" for line in saved) + text[match.end():]
open(path, "w", encoding="utf-8").write(text)
PY
  fi
  echo "updated $po"
done
