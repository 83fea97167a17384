#!/usr/bin/env bash
# Refreshes the Swagger UI files the `/docs` page is served from (crates/http/assets/swagger-ui),
# from the npm package `swagger-ui-dist` at the version given. They are committed, so building
# and running Roster download nothing; run this only to move to another version, then commit.
#
#   scripts/vendor-swagger-ui.sh 5.30.3
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

version="${1:?usage: $0 VERSION}"
target="crates/http/assets/swagger-ui"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "swagger-ui-dist@$version" >/dev/null && tar xzf swagger-ui-dist-*.tgz)
mkdir -p "$target"
# The source-map comment would make browsers ask for a map the server does not have.
sed '/^\/\/# sourceMappingURL=/d' "$work/package/swagger-ui-bundle.js" > "$target/swagger-ui-bundle.js"
sed '/^\/\*# sourceMappingURL=/d' "$work/package/swagger-ui.css" > "$target/swagger-ui.css"
cp "$work/package/LICENSE" "$work/package/NOTICE" "$work/package/swagger-ui-bundle.js.LICENSE.txt" "$target/"
echo "$version" > "$target/VERSION"
echo "Swagger UI $version vendored into $target"
