#!/usr/bin/env bash
# The composite action's analysis step. Inputs arrive only as INPUT_* environment
# variables (never spliced into the script). Writes the SARIF file, GitHub annotations,
# the job summary and the step outputs; always exits 0 so the upload step runs: the
# exit code goes to the `exit-code` output and finish.sh fails the job afterwards.
set -uo pipefail
bin="${GLUE_LINT:-glue-lint}"
out="${GITHUB_OUTPUT:-/dev/null}"

root="${INPUT_SOURCE_ROOT:-}"
[ -n "$root" ] || root="${GITHUB_WORKSPACE:-.}"
cd "$root" || { echo "::error::glue-lint: source-root does not exist"; echo "exit-code=2" >>"$out"; exit 0; }

args=(check)
# One path per line; blank lines skipped.
while IFS= read -r p; do
  p="${p#"${p%%[![:space:]]*}"}"; p="${p%"${p##*[![:space:]]}"}"
  [ -n "$p" ] && args+=("$p")
done <<<"${INPUT_PATH:-.}"$'\n'"${INPUT_PLAN:-}"
while IFS= read -r p; do
  p="${p#"${p%%[![:space:]]*}"}"; p="${p%"${p##*[![:space:]]}"}"
  [ -n "$p" ] && args+=(--scp "$p")
done <<<"${INPUT_SCP:-}"
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_ACCOUNT_ID:-}" ] && args+=(--account-id "$INPUT_ACCOUNT_ID")
fail_on="${INPUT_FAIL_ON:-}"
case "$fail_on" in
  "") ;; # the configuration's fail_on, else error
  error | warning | note | never) args+=(--fail-on "$fail_on") ;;
  *) echo "::error title=glue-lint::fail-on must be error, warning, note or never"; echo "exit-code=2" >>"$out"; exit 0 ;;
esac
format="${INPUT_FORMAT:-text}"
case "$format" in
  text | json | sarif | github | none) ;;
  *) echo "::error title=glue-lint::format must be text, json, sarif, github or none"; echo "exit-code=2" >>"$out"; exit 0 ;;
esac

sarif="${INPUT_SARIF_FILE:-glue-lint.sarif}"
case "$sarif" in /*) ;; *) sarif="$PWD/$sarif" ;; esac
run=("${args[@]}" --format sarif --output "$sarif" --counts "$out")
[ -n "${INPUT_CATEGORY:-}" ] && run+=(--category "$INPUT_CATEGORY")
[ "${INPUT_ANNOTATIONS:-true}" = "true" ] && run+=(--annotations)
[ "${INPUT_SUMMARY:-true}" = "true" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ] && run+=(--summary "$GITHUB_STEP_SUMMARY")

"$bin" "${run[@]}"
code=$?

# The human-readable report; repository text in it cannot issue workflow commands.
if [ "$format" != "none" ] && [ "$format" != "github" ]; then
  token="glue-lint-$RANDOM$RANDOM$RANDOM$$"
  echo "::stop-commands::$token"
  "$bin" "${args[@]}" --format "$format" --fail-on never --no-color
  echo "::$token::"
fi

if [ -f "$sarif" ]; then
  echo "sarif-file=$sarif" >>"$out"
fi
echo "exit-code=$code" >>"$out"
exit 0
