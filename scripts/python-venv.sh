#!/usr/bin/env bash
# Creates (or refreshes) .local/venv with the pinned Python tools of tools/python-requirements.txt
# and prints its path. Reinstalls only when the requirements changed.
#
# CPython 3.11 before 3.11.8 raises a spurious SystemError ("AST constructor recursion depth
# mismatch", python/cpython#106905) inside Hypothesis, so a newer interpreter is preferred when
# one is installed (ROSTER_PYTHON names one explicitly).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pick_python() {
  if [ -n "${ROSTER_PYTHON:-}" ]; then echo "$ROSTER_PYTHON"; return; fi
  local candidate
  for candidate in python3.12 python3.13 \
    "$HOME"/.pyenv/versions/3.12.*/bin/python3 "$HOME"/.pyenv/versions/3.13.*/bin/python3; do
    if [ -x "$candidate" ] || command -v "$candidate" >/dev/null 2>&1; then
      if "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
        echo "$candidate"
        return
      fi
    fi
  done
  echo python3
}

venv=".local/venv"
requirements="tools/python-requirements.txt"
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$stamp"; then
  rm -rf "$venv"
  mkdir -p .local
  "$(pick_python)" -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
  cp "$requirements" "$stamp"
fi
echo "$PWD/$venv"
