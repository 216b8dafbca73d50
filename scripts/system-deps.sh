#!/usr/bin/env bash
# Make sure the system programs the tests need are present: Chromium for the browser tests, GNU
# gettext for the translation tests (and, with the argument "postgres", a PostgreSQL server). On
# Debian/Ubuntu as root they are installed; anywhere else the script stops with one line naming
# what to install.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)
# The translation tests re-extract messages with GNU gettext (xgettext, msgmerge, msgfmt).
command -v xgettext >/dev/null 2>&1 || need+=(gettext)
if [ "${1:-}" = "postgres" ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need+=(postgresql)
fi
# WeasyPrint renders with Pango; HarfBuzz's subsetting library avoids a warning on every PDF.
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || need+=(libharfbuzz-subset0)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-dejavu-core >/dev/null
  exit 0
fi
echo "Missing system packages: ${need[*]} — install them (Debian/Ubuntu: sudo apt-get install ${need[*]}) and run again." >&2
exit 1
