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
seed policy_parse testdata/iam -name '*.json'
for t in hcl_eval cfn_load plan_load policy_parse; do
    if [ -d "fuzz/regressions/$t" ]; then cp fuzz/regressions/$t/* "fuzz/corpus/$t/" 2>/dev/null || true; fi
done
