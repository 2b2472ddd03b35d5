#!/usr/bin/env bash
# Regenerates testdata/projects/<project>/plan.json from the Terraform projects, offline:
# fake credentials, the AWS provider from the filesystem mirror at /opt/tf-plugins.
# Tests never run terraform; they read the committed plan.json files.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
mirror="${TF_PLUGIN_MIRROR:-/opt/tf-plugins}"
work="$(mktemp -d /tmp/glue-lint-plans.XXXXXX)"
trap 'rm -rf "$work"' EXIT

cat > "$work/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
export AWS_ACCESS_KEY_ID=AKIAFAKEFAKEFAKEFAKE
export AWS_SECRET_ACCESS_KEY=fake-secret-key-for-offline-plans
export AWS_EC2_METADATA_DISABLED=true

# A project is a root module, or a directory of root modules one level down (split-stacks:
# iam/ and glue/; configured-deployer/access/). Directories named `modules` hold child
# modules, not roots. Name `project/root` on the command line to regenerate one root.
projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then
  for d in "$repo"/testdata/projects/*/; do
    p="$(basename "$d")"
    if [ -n "$(ls "$d"/*.tf 2>/dev/null)" ]; then
      projects+=("$p")
    fi
    for s in "$d"*/; do
      [ -d "$s" ] || continue
      [ "$(basename "$s")" = modules ] && continue
      [ -n "$(ls "$s"/*.tf 2>/dev/null)" ] && projects+=("$p/$(basename "$s")")
    done
  done
fi

for p in "${projects[@]}"; do
  src="$repo/testdata/projects/$p"
  dst="$work/$p"
  echo "== $p"
  mkdir -p "$dst"
  # copy the project without previous terraform state or plans
  (cd "$src" && tar --exclude=.terraform --exclude='*.tfstate*' --exclude=plan.json \
     --exclude=.terraform.lock.hcl -cf - .) | (cd "$dst" && tar -xf -)
  cat > "$dst/provider_override.tf" <<TF
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "AKIAFAKEFAKEFAKEFAKE"
  secret_key                  = "fake-secret-key-for-offline-plans"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
TF
  (
    cd "$dst"
    terraform init -input=false -no-color >/dev/null
    terraform validate -no-color
    terraform plan -input=false -no-color -refresh=false -out=plan.bin >/dev/null
    # terraform lists relevant_attributes in no stable order: sort them so that
    # regenerating a plan changes the file only when the plan changes
    terraform show -json plan.bin | python3 -c '
import json, sys
plan = json.load(sys.stdin)
plan.get("relevant_attributes", []).sort(key=lambda r: (r.get("resource", ""), json.dumps(r.get("attribute"))))
json.dump(plan, sys.stdout, indent=4)
print()' > "$src/plan.json"
  )
done
