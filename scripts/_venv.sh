# Shared by scripts/app, scripts/test and scripts/lock: one place that knows how mlpm is installed.
# shellcheck shell=bash
#
# ensure_venv [app|test] installs requirements/<app|test>.lock into ./.venv: exact versions
# checked against their hashes (pip --require-hashes), then mlpm itself without dependencies
# (editable, built by the setuptools pinned in the lock: no unpinned build download). Nothing
# happens when the lock and pyproject.toml are unchanged since the last install. When any lock
# changed, .venv is rebuilt from scratch, so no package the lock dropped stays behind.

PYTHON=${PYTHON:-python3}

_venv_sum() { cat "$@" | cksum | cut -d' ' -f1; }

ensure_venv() {
  local which=${1:-app}
  local lock="requirements/$which.lock"
  [ -f "$lock" ] || { echo "no lock file $lock (scripts/lock writes it)" >&2; return 2; }
  local locks_sum
  locks_sum=$(_venv_sum requirements/*.lock)
  if [ -x .venv/bin/python ] && [ "$(cat .venv/.locks 2>/dev/null)" != "$locks_sum" ]; then
    echo "==> The lock files changed since .venv was made: rebuilding it"
    rm -rf .venv
  fi
  if [ ! -x .venv/bin/python ]; then
    echo "==> Creating .venv with $($PYTHON --version)"
    "$PYTHON" -m venv .venv
    echo "$locks_sum" > .venv/.locks
  fi
  local stamp=".venv/.installed-$which"
  local want
  want=$(_venv_sum "$lock" pyproject.toml)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "==> Installing $lock and mlpm (first run takes a minute)"
    # pip first, the locked version (its lines: from "pip==" to the last hash).
    awk '/^pip==/ { on = 1 } on { print } on && !/\\$/ { exit }' "$lock" > .venv/pip.lock
    .venv/bin/python -m pip install --quiet --require-hashes -r .venv/pip.lock
    .venv/bin/python -m pip install --quiet --require-hashes -r "$lock"
    .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
    echo "$want" > "$stamp"
  fi
}
