#!/usr/bin/env bash
# Runs glue-lint on every fixture scenario with --format sarif and validates each file with
# the offline validators (JSON schema, SARIF Multitool with GitHub rules, GitHub limits).
#   SARIF_TOOLS=/tmp/sarif bash scripts/sarif/validate-fixtures.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
export SARIF_TOOLS=${SARIF_TOOLS:-/tmp/sarif}
bash "$HERE/setup-validators.sh" >/dev/null
cd "$REPO"
cargo build --quiet --locked
BIN=${CARGO_TARGET_DIR:-$REPO/target}/debug/glue-lint
OUT=${CARGO_TARGET_DIR:-$REPO/target}/sarif-fixtures
rm -rf "$OUT" && mkdir -p "$OUT"
files=()
for f in testdata/projects/* testdata/projects/*/plan.json testdata/cloudformation/*.yaml testdata/cloudformation/*.json; do
  [ -e "$f" ] || continue
  name=$(echo "$f" | tr '/.' '__')
  # Exit 1 (findings) is expected for the bad fixtures; 2 would be an input error.
  rc=0; "$BIN" "$f" --format sarif --output "$OUT/$name.sarif" || rc=$?
  if [ "$rc" -ge 2 ]; then echo "glue-lint failed on $f (exit $rc)"; exit 1; fi
  files+=("$OUT/$name.sarif")
done
bash "$HERE/validate-sarif.sh" --repo-root "$REPO" "${files[@]}"
echo "validated ${#files[@]} SARIF files"
