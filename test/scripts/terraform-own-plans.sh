#!/usr/bin/env bash
# Regenerates the real plans in test/fixtures/terraform-own (all but snowflake/, hand-written by
# terraform-own-fixtures.py). Terraform 1.11.4 and hashicorp/aws 5.100.0 from a filesystem mirror
# (TF_PLUGIN_MIRROR, default /opt/tf-plugins), and moto (.venv/bin/moto_server) as the AWS the
# baseline is applied to, so the update, replace and delete plans have a real prior state:
#   1. apply ../terraform/baseline/main.tf to moto (account 111122223333; endpoints in an override
#      file that the plans do not carry); apply once more (S3 logging needs the log bucket's policy);
#   2. one state edit, a moto difference: moto returns rotation_period_in_days = 0 for a key with
#      rotation on, AWS returns the configured 365 — set to 365, so the baseline plans as no change;
#   3. plan each scenario's main.tf against that state with -refresh=false (AWS is not called):
#      update-bucket-key-off (bucket_key_enabled = false), replace-kms-key (-replace=aws_kms_key.stage),
#      delete-versioning (aws_s3_bucket_versioning.stage removed); delete-bucket: the state also holds
#      aws_s3_bucket.old + aws_s3_bucket_versioning.old (applied from old.tf below), the baseline
#      configuration does not; key-from-local and for-each-over-count: create-only plans.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
own="$root/test/fixtures/terraform-own"
mirror=${TF_PLUGIN_MIRROR:-/opt/tf-plugins}
port=${MOTO_PORT:-50999}
tmp=$(mktemp -d)
cat > "$tmp/tfrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
RC
export TF_CLI_CONFIG_FILE="$tmp/tfrc"
MOTO_ACCOUNT_ID=111122223333 "$root/.venv/bin/moto_server" -p "$port" >"$tmp/moto.log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null || true' EXIT
sleep 3

apply() { # apply <dir>: the .tf files there, against moto
  cat > "$1/override.tf" <<TF
provider "aws" {
  s3_use_path_style = true
  endpoints {
    s3         = "http://127.0.0.1:$port"
    kms        = "http://127.0.0.1:$port"
    iam        = "http://127.0.0.1:$port"
    sts        = "http://127.0.0.1:$port"
    cloudtrail = "http://127.0.0.1:$port"
  }
}
TF
  (cd "$1" && terraform init -input=false -no-color >/dev/null && { terraform apply -auto-approve -input=false -no-color >/dev/null || terraform apply -auto-approve -input=false -no-color >/dev/null; })
}

plan() { # plan <scenario> <main.tf> <state|-> [plan args]
  local name=$1 tf=$2 state=$3; shift 3
  local w; w=$(mktemp -d -p "$tmp")
  cp "$tf" "$w/main.tf"
  if [ "$state" != "-" ]; then cp "$state" "$w/terraform.tfstate"; fi
  (cd "$w" && terraform init -input=false -no-color >/dev/null && terraform plan -input=false -no-color -refresh=false -out=plan.out "$@" >/dev/null && terraform show -json plan.out | python3 -m json.tool > "$own/$name/plan.json")
  echo "$name"
}

rotation365() { python3 - "$1" <<'PY'
import json, sys
p = sys.argv[1]; st = json.load(open(p))
for r in st['resources']:
    if r['type'] == 'aws_kms_key':
        for i in r['instances']: i['attributes']['rotation_period_in_days'] = 365
st['serial'] += 1
json.dump(st, open(p, 'w'), indent=2)
PY
}

mkdir -p "$tmp/base"
cp "$root/test/fixtures/terraform/baseline/main.tf" "$tmp/base/"
apply "$tmp/base"
rotation365 "$tmp/base/terraform.tfstate"
cp "$tmp/base/terraform.tfstate" "$tmp/state-base.json"

cat > "$tmp/base/old.tf" <<'TF'
resource "aws_s3_bucket" "old" {
  bucket = "s3-snow-kms-test-v2"
  tags   = { Name = "s3-snow-kms-test-v2" }
}

resource "aws_s3_bucket_versioning" "old" {
  bucket = aws_s3_bucket.old.id
  versioning_configuration {
    status = "Enabled"
  }
}
TF
(cd "$tmp/base" && terraform apply -auto-approve -input=false -no-color -refresh=false -target=aws_s3_bucket_versioning.old >/dev/null)
rotation365 "$tmp/base/terraform.tfstate"

plan update-bucket-key-off "$own/update-bucket-key-off/main.tf" "$tmp/state-base.json"
plan replace-kms-key "$own/replace-kms-key/main.tf" "$tmp/state-base.json" -replace=aws_kms_key.stage
plan delete-versioning "$own/delete-versioning/main.tf" "$tmp/state-base.json"
plan delete-bucket "$own/delete-bucket/main.tf" "$tmp/base/terraform.tfstate"
plan key-from-local "$own/key-from-local/main.tf" -
plan for-each-over-count "$own/for-each-over-count/main.tf" -
