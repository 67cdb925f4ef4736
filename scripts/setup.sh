#!/usr/bin/env bash
# Installs everything budget-disclosure needs on a fresh Debian/Ubuntu machine into ./.venv.
#   bash scripts/setup.sh        # the tool itself
#   bash scripts/setup.sh --dev  # plus what the test suite and the fixture renderer need:
#                                #   LibreOffice Calc (recalculates the written workbooks),
#                                #   poppler-utils (pdftoppm), fonts-noto-cjk (Chinese glyphs) and
#                                #   nodejs (runs the Office.js add-in's JavaScript against a fake Excel)
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# True when as_root can work without hanging: root, or sudo that runs without a password
# or can ask for one on a terminal.
can_root() {
  [ "$(id -u)" = 0 ] && return 0
  command -v sudo >/dev/null 2>&1 || return 1
  sudo -n true >/dev/null 2>&1 || [ -t 0 ]
}
apt_updated=0
apt_get() {  # apt-get, non-interactive; 'apt-get update' runs once per setup
  if [ "$apt_updated" = 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get "$@"
}

# Debian's python3 ships without venv/ensurepip; install it only when missing.
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  apt_get install -y -qq python3-venv python3-pip >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ "$dev" = 1 ]; then
  .venv/bin/python -m pip install -q -e '.[dev]'
else
  .venv/bin/python -m pip install -q -e .
fi

# The tests recalculate written workbooks in LibreOffice (soffice) and look at PDF pages
# through pdftoppm; Chinese text needs a CJK font. Install only what is missing, so that
# re-running setup stays fast.
if [ "$dev" = 1 ]; then
  debs=()
  command -v soffice >/dev/null 2>&1 || debs+=(libreoffice-calc-nogui)
  command -v pdftoppm >/dev/null 2>&1 || debs+=(poppler-utils)
  command -v node >/dev/null 2>&1 || debs+=(nodejs)  # runs the add-in's JavaScript against a fake Excel
  dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'ok installed' || debs+=(fonts-noto-cjk)
  if [ "${#debs[@]}" = 0 ]; then
    :
  elif ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: no apt-get here; install ${debs[*]} yourself, or the tests that need them skip" >&2
  elif ! can_root; then
    echo "setup: skipped installing ${debs[*]} (not root and no usable sudo);" \
         "run 'apt-get install --no-install-recommends ${debs[*]}' as root, or the tests that need them skip" >&2
  else
    echo "setup: installing ${debs[*]} (a few minutes the first time)" >&2
    apt_get install -y -qq --no-install-recommends "${debs[@]}" >/dev/null
  fi
fi
echo "budget-disclosure installed in $(pwd)/.venv" >&2
