#!/usr/bin/env bash
# Before `npm test`: the PDF tests read certificates and lists back with poppler (pdftotext, pdfinfo, pdftoppm); the
# backup tests on PostgreSQL use pg_dump and pg_restore. On Debian as root they are installed from Debian's packages;
# otherwise this says what to install.
set -euo pipefail
missing=()
{ command -v pdftotext && command -v pdftoppm && command -v pdfinfo; } >/dev/null || missing+=(poppler-utils)
{ command -v pg_dump && command -v pg_restore; } >/dev/null || missing+=(postgresql-client)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} from Debian's packages for the tests ..."
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  exit 0
fi
echo "The tests need ${missing[*]}: install them from Debian's packages (sudo apt-get install ${missing[*]})." >&2
exit 1
