#!/usr/bin/env bash
# Fails the job with glue-lint's exit code, after the SARIF upload ran.
set -euo pipefail
code="${EXIT_CODE:-}"
case "$code" in
  0) exit 0 ;;
  1) echo "::error title=glue-lint::findings at or above the fail-on level (see the job summary and code scanning)"; exit 1 ;;
  "") echo "::error title=glue-lint::glue-lint did not run"; exit 2 ;;
  *) echo "::error title=glue-lint::glue-lint could not read an input or the configuration (exit code $code; see the log)"; exit "$code" ;;
esac
