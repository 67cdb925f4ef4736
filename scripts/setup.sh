#!/usr/bin/env bash
# Installs everything budget-disclosure needs on a fresh Debian/Ubuntu machine into ./.venv.
#   bash scripts/setup.sh        # the tool itself
#   bash scripts/setup.sh --dev  # plus what the test suite and the fixture renderer need
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian's python3 ships without venv/ensurepip; install it only when missing.
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root apt-get install -y -qq python3-venv python3-pip >/dev/null
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
echo "budget-disclosure installed in $(pwd)/.venv" >&2
