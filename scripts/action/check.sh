#!/usr/bin/env bash
# Checks of the GitHub Action that need Python tools from PyPI (installed into a venv):
# action.yml against the GitHub Action metadata schema, the example workflows against
# the workflow schema, and zizmor (offline) over action.yml and the examples. Then runs
# the composite steps locally (tests/action.rs). Needs only the package registries.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="${ACTION_TOOLS:-${TMPDIR:-/tmp}/glue-lint-action-tools}"
if [ ! -x "$venv/bin/zizmor" ] || [ ! -x "$venv/bin/check-jsonschema" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check check-jsonschema zizmor
fi
"$venv/bin/check-jsonschema" --builtin-schema vendor.github-actions action.yml
"$venv/bin/check-jsonschema" --builtin-schema vendor.github-workflows docs/examples/*.yml
# zizmor audits a directory's workflows and composite actions; copy the examples into
# the layout it expects.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/.github/workflows"
cp action.yml "$tmp/"
cp docs/examples/*.yml "$tmp/.github/workflows/"
"$venv/bin/zizmor" --offline --no-progress --config scripts/action/zizmor.yml "$tmp"
cargo test --locked --test action
