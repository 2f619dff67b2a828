# Shared by scripts/app and scripts/test: one place that knows how mlpm is installed.
# shellcheck shell=bash

PYTHON=${PYTHON:-python3}

ensure_venv() {
  local extras=${1:-}
  if [ ! -x .venv/bin/python ]; then
    echo "==> Creating .venv with $($PYTHON --version)"
    "$PYTHON" -m venv .venv
  fi
  local stamp=".venv/.installed${extras:+-$extras}"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "==> Installing mlpm${extras:+ with [$extras]} (first run takes a minute)"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
    touch "$stamp"
  fi
}
