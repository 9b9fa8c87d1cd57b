#!/usr/bin/env bash
# Make sure the Debian/Ubuntu packages offerprint needs are installed.
# As root, installs what is missing with apt-get; otherwise prints the exact command and fails.
#   bash scripts/system-deps.sh          what offerprint needs to make documents
#   bash scripts/system-deps.sh --test   and what the test suite needs as well
set -euo pipefail

packages=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0  # WeasyPrint (+ fast font subsetting)
  fontconfig                                                          # font lookup for WeasyPrint
  poppler-utils                                                       # pdftotext: the audit reads the text back
  liblouis-bin liblouis-data                                          # braille (lou_translate, UEB tables)
  espeak-ng lame ffmpeg                                               # audio: speech, MP3, loudness (ffmpeg)
)
if [ "${1:-}" = "--test" ]; then
  packages+=(
    chromium                  # axe-core checks the web page in headless Chromium (tests/axe/)
    chromium-driver           # Selenium drives Chromium through the editor (tests/test_editor_browser.py)
    libreoffice-writer-nogui  # the Word file opens and converts in LibreOffice (soffice); ~260 MB
    default-jre-headless epubcheck  # the EPUB passes epubcheck (a Java program)
  )
fi
# Debian's own python3 needs python3-venv to make a virtualenv.
if ! python3 -c "import ensurepip" >/dev/null 2>&1; then
  packages+=(python3-venv)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian/Ubuntu system: please install the equivalents of: ${packages[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "offerprint needs these system packages. Please run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
