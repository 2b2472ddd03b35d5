#!/usr/bin/env bash
# Writes the reporters' test SARIF (cargo test --test report_output writes
# target/report-test.sarif and target/report-test-empty.sarif from tests/report_fixture/)
# and runs the offline validators on it. Run from anywhere; used by CI.
#   SARIF_TOOLS=/tmp/sarif bash scripts/sarif/validate-report.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
export SARIF_TOOLS=${SARIF_TOOLS:-/tmp/sarif}
bash "$HERE/setup-validators.sh"
cd "$REPO"
cargo test --quiet --test report_output
TARGET=${CARGO_TARGET_DIR:-$REPO/target}
bash "$HERE/validate-sarif.sh" --repo-root "$REPO/tests/report_fixture" \
  "$TARGET/report-test.sarif" "$TARGET/report-test-empty.sarif"
