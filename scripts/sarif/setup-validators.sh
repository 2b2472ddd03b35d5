#!/usr/bin/env bash
# Installs the offline SARIF validators used by validate-sarif.sh into ${SARIF_TOOLS:-/tmp/sarif},
# at the versions pinned in tools.txt. Needs only PyPI, the npm registry and crates.io.
# Idempotent: a second run with the same versions does nothing.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
T=${SARIF_TOOLS:-/tmp/sarif}; mkdir -p "$T"; cd "$T"
pin() { awk -v r="$1" -v n="$2" '$1 == r && $2 == n { print $3 }' "$HERE/tools.txt"; }
STAMP="$T/.glue-lint-tools"
if [ -f "$STAMP" ] && cmp -s "$STAMP" "$HERE/tools.txt" && [ -f sarif-schema-2.1.0.json ]; then
  echo "validators already in $T"; exit 0
fi
python3 -m venv venv
./venv/bin/pip install -q "check-jsonschema==$(pin pypi check-jsonschema)" "jsonschema==$(pin pypi jsonschema)"
[ -f package.json ] || npm init -y >/dev/null
npm install --no-audit --no-fund --save-exact \
  "@microsoft/sarif-multitool@$(pin npm @microsoft/sarif-multitool)" \
  "@microsoft/sarif-multitool-linux@$(pin npm @microsoft/sarif-multitool-linux)"
# npm's install-script gating may skip the package's postinstall `chmod u+x Sarif.Multitool`
chmod u+x node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
# SARIF 2.1.0 JSON schema (draft-07) shipped in the serde-sarif crate on crates.io
V=$(pin crates serde-sarif)
rm -rf fetch-schema && cargo new -q fetch-schema && echo "serde-sarif = \"=$V\"" >> fetch-schema/Cargo.toml
(cd fetch-schema && cargo fetch -q)
cp "$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/serde-sarif-"$V" | head -1)/src/schema.json" sarif-schema-2.1.0.json
echo "af47e7b67f24efe74076621fd3a5fbe7398add9e84fe820c971219a385895cea  sarif-schema-2.1.0.json" | sha256sum -c -
cp "$HERE/tools.txt" "$STAMP"
echo "validators ready in $T"
