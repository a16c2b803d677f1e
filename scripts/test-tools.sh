#!/usr/bin/env bash
# Before `npm test`: the PDF tests read certificates and lists back with poppler (pdftotext, pdfinfo, pdftoppm).
# On Debian as root they are installed from Debian's packages; otherwise this says what to install.
set -euo pipefail
if command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null && command -v pdfinfo >/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing poppler-utils (pdftotext, pdftoppm) from Debian's packages for the PDF tests ..."
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q poppler-utils >/dev/null
  exit 0
fi
echo "The tests need poppler's pdftotext, pdfinfo and pdftoppm: install Debian's poppler-utils (sudo apt-get install poppler-utils)." >&2
exit 1
