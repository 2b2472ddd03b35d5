#!/bin/sh
# Seeds each fuzz target's corpus (fuzz/corpus/<target>, not committed) from testdata/
# and from the committed regression inputs (fuzz/regressions/<target>).
set -eu
cd "$(dirname "$0")/.."
seed() {
    target=$1; shift
    mkdir -p "fuzz/corpus/$target"
    find "$@" -type f 2>/dev/null | while read -r f; do
        cp "$f" "fuzz/corpus/$target/$(echo "$f" | tr '/' '_')"
    done
}
seed hcl_eval testdata/projects -name '*.tf'
seed cfn_load testdata/cloudformation \( -name '*.yaml' -o -name '*.json' \)
seed plan_load testdata/plan testdata/projects -name '*.json'
seed policy_parse testdata/iam testdata/bad -name '*.json'
# the policy documents inside the IAM test vectors (JSON lines), one file each
if command -v python3 >/dev/null; then
    python3 - <<'PY'
import glob, json, os
n = 0
def walk(v):
    global n
    if isinstance(v, dict):
        if "Statement" in v:
            n += 1
            with open(f"fuzz/corpus/policy_parse/vector-{n}.json", "w") as f:
                json.dump(v, f)
        for x in v.values():
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
    elif isinstance(v, str) and '"Statement"' in v:
        try:
            walk(json.loads(v))
        except ValueError:
            pass
for path in sorted(glob.glob("testdata/iam/**/*.jsonl", recursive=True)):
    for line in open(path):
        try:
            walk(json.loads(line))
        except ValueError:
            pass
PY
fi
for t in hcl_eval cfn_load plan_load policy_parse; do
    if [ -d "fuzz/regressions/$t" ]; then cp fuzz/regressions/$t/* "fuzz/corpus/$t/" 2>/dev/null || true; fi
done
