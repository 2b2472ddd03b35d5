#!/usr/bin/env bash
# Offline SARIF validation: JSON schema + Microsoft SARIF Multitool (SARIF + GitHub rules) + GitHub-limit checks.
# usage: validate-sarif.sh [--repo-root DIR] FILE.sarif...   (exit 0 = no error and no warning)
set -uo pipefail
T=${SARIF_TOOLS:-/tmp/sarif}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=(); if [ "${1:-}" = "--repo-root" ]; then ROOT=(--repo-root "$2"); shift 2; fi
MT=$T/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
rc=0
for f in "$@"; do
  echo "== $f"
  "$T/venv/bin/check-jsonschema" --regex-variant nonunicode --schemafile "$T/sarif-schema-2.1.0.json" "$f" || rc=1
  out=$(mktemp --suffix=.sarif)
  DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$MT" validate "$f" --rule-kind "Sarif;Gh" --level "Error;Warning" \
      -o "$out" --log ForceOverwrite >/dev/null 2>&1 || { echo "multitool crashed"; rc=1; }
  python3 - "$out" <<'PY' || rc=1
import json, sys
d = json.load(open(sys.argv[1]))
res = [r for run in d["runs"] for r in run.get("results", [])]
for r in res:
    print(f"  multitool {r.get('level','warning')} {r['ruleId']}: {r['message'].get('arguments', [''])[0]}")
print(f"  multitool: {len(res)} error/warning result(s)")
sys.exit(1 if res else 0)
PY
  rm -f "$out"
  # gh_sarif_check.py reports warnings without failing: fail on them too
  chk=$(python3 "$HERE/gh_sarif_check.py" "${ROOT[@]}" "$f") || rc=1
  echo "$chk"
  if echo "$chk" | grep -q ": WARN "; then rc=1; fi
done
exit $rc
