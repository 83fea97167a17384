#!/usr/bin/env bash
# Fails when a crate depends on what the hexagonal layering forbids:
# - roster-domain (pure rules) on diesel, diesel-async, actix-web or tokio;
# - roster-http on roster-persistence, or the reverse (only roster-server sees both).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

status=0
forbid() { # PACKAGE DEPENDENCY
  local out rc
  out="$(cargo tree --offline -p "$1" -e normal -i "$2" --quiet 2>&1)"
  rc=$?
  if [ $rc -eq 0 ] && [ -n "$out" ]; then
    echo "layering: $1 depends on $2:" >&2
    echo "$out" >&2
    status=1
  elif [ $rc -ne 0 ] && ! grep -q "did not match any packages" <<<"$out"; then
    echo "layering: could not inspect $1 for $2:" >&2
    echo "$out" >&2
    status=1
  fi
}

for dependency in diesel diesel-async actix-web tokio; do
  forbid roster-domain "$dependency"
done
forbid roster-http roster-persistence
forbid roster-persistence roster-http

[ $status -eq 0 ] && echo "layering: ok"
exit $status
