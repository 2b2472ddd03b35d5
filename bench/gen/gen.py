#!/usr/bin/env python3
"""Benchmark corpus generator for glue-lint.

Writes, for N Glue jobs, the same infrastructure three ways:

  OUT/tf/    Terraform: a root module spread over many files (teams, pipelines, storage)
             and a local module `modules/glue-pipeline` called once per pipeline job
  OUT/cfn/   CloudFormation: one template per 10 jobs, alternating YAML and JSON
  OUT/plan/plan.json
             the Terraform of OUT/tf/ as `terraform show -json` would print it
             (planned_values with child_modules, resource_changes with after_unknown,
             configuration with module_calls and references, prior_state for data sources)

Per job: a Glue job and (every other job) a crawler, a runtime role with a trust policy,
an inline policy and a managed-policy attachment, a bucket, and per 10 jobs a KMS key and
a security configuration. Per 25 jobs a team: a group with a customer-managed deployer
policy (PassRole on the team's roles), some groups also hold AWSGlueConsoleFullAccess, two
users in the group. Role names mix `AWSGlueServiceRole-*` and custom names, so some
findings are real.

Deterministic: everything is derived from N and the seed (`random.Random(seed)`).

usage: gen.py N OUT [--seed S]
"""

import json
import os
import random
import sys
import zlib

JOBS_PER_FILE = 50
JOBS_PER_TEAM = 25
JOBS_PER_TEMPLATE = 10
ACCOUNT = "111122223333"
PROVIDER = "registry.terraform.io/hashicorp/aws"


def team_of(i):
    return i // JOBS_PER_TEAM


def role_name(rng_bits, i):
    # A third of the roles follow the console policy's pattern.
    if rng_bits[i] % 3 == 0:
        return f"AWSGlueServiceRole-etl-{i:05d}"
    return f"etl-{i:05d}-runtime"


def trust_json():
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "glue.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ],
        },
        separators=(",", ":"),
    )


def inline_policy(i):
    b = f"corp-data-{i:05d}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Read",
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": [f"arn:aws:s3:::{b}", f"arn:aws:s3:::{b}/*"],
            },
            {
                "Sid": "Write",
                "Effect": "Allow",
                "Action": ["s3:PutObject", "s3:DeleteObject"],
                "Resource": f"arn:aws:s3:::{b}/out/*",
            },
            {
                "Sid": "Logs",
                "Effect": "Allow",
                "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": "arn:aws:logs:*:*:/aws-glue/*",
            },
        ],
    }


def deployer_policy(t, roles, jobs):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Glue",
                "Effect": "Allow",
                "Action": ["glue:CreateJob", "glue:UpdateJob", "glue:GetJob", "glue:CreateCrawler",
                           "glue:UpdateCrawler"],
                "Resource": [f"arn:aws:glue:us-east-1:{ACCOUNT}:{j}" for j in jobs],
            },
            {
                "Sid": "Pass",
                "Effect": "Allow",
                "Action": "iam:PassRole",
                "Resource": [f"arn:aws:iam::{ACCOUNT}:role/{r}" for r in roles],
                "Condition": {"StringEquals": {"iam:PassedToService": "glue.amazonaws.com"}},
            },
        ],
    }


class Corpus:
    def __init__(self, n, seed):
        self.n = n
        rng = random.Random(seed)
        self.bits = [rng.randrange(1 << 30) for _ in range(n)]
        self.teams = (n + JOBS_PER_TEAM - 1) // JOBS_PER_TEAM
        # Two teams (at any size) also hold the console policy, which lets them save every
        # job; every team's own policy covers its own jobs only. So deployer x job pairs
        # (and findings) grow linearly with N, as in a real repository.
        self.console = [t < 2 for t in range(self.teams)]
        _ = rng.random()
        self.glue_versions = [rng.choice(["3.0", "4.0", "5.0"]) for _ in range(n)]
        self.modular = [self.bits[i] % 2 == 0 for i in range(n)]

    def jobs_of_team(self, t):
        lo, hi = t * JOBS_PER_TEAM, min(self.n, (t + 1) * JOBS_PER_TEAM)
        out = []
        for i in range(lo, hi):
            out.append(f"job/job-{i:05d}")
            if i % 2 == 1:
                out.append(f"crawler/crawl-{i:05d}")
        return out

    def roles_of_team(self, t):
        lo, hi = t * JOBS_PER_TEAM, min(self.n, (t + 1) * JOBS_PER_TEAM)
        return [role_name(self.bits, i) for i in range(lo, hi)]


# ----------------------------------------------------------------------------- Terraform


def hcl_str(s):
    return json.dumps(s)


def hcl_policy_heredoc(doc):
    return "<<EOT\n" + json.dumps(doc, indent=2) + "\nEOT"


MODULE_MAIN = """\
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "access" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::${var.data_bucket}", "arn:aws:s3:::${var.data_bucket}/*"]
  }

  statement {
    sid       = "Write"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["arn:aws:s3:::${var.data_bucket}/out/*"]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:aws:logs:*:*:/aws-glue/*"]
  }
}

resource "aws_iam_role" "this" {
  name               = var.role_name
  assume_role_policy = data.aws_iam_policy_document.trust.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "access" {
  name   = "${var.job_name}-access"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.access.json
}

resource "aws_iam_role_policy_attachment" "service" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"
}

resource "aws_glue_job" "this" {
  name                   = var.job_name
  role_arn               = aws_iam_role.this.arn
  glue_version           = var.glue_version
  security_configuration = var.security_configuration
  max_retries            = 1
  timeout                = 60

  command {
    name            = "glueetl"
    script_location = "s3://${var.data_bucket}/scripts/${var.job_name}.py"
    python_version  = "3"
  }

  default_arguments = {
    "--job-language"        = "python"
    "--TempDir"             = "s3://${var.data_bucket}/tmp/"
    "--enable-metrics"      = "true"
    "--job-bookmark-option" = "job-bookmark-enable"
  }

  tags = var.tags
}
"""

MODULE_VARS = """\
variable "job_name" {
  type = string
}

variable "role_name" {
  type = string
}

variable "data_bucket" {
  type = string
}

variable "glue_version" {
  type    = string
  default = "4.0"
}

variable "security_configuration" {
  type    = string
  default = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
"""

MODULE_OUTPUTS = """\
output "role_arn" {
  value = aws_iam_role.this.arn
}

output "role_name" {
  value = aws_iam_role.this.name
}

output "job_name" {
  value = aws_glue_job.this.name
}
"""


def tf_job_direct(c, i):
    """A pipeline job written directly in the root module."""
    r = role_name(c.bits, i)
    sc = f"aws_glue_security_configuration.sc_{i // 10}.name"
    crawler = ""
    if i % 2 == 1:
        crawler = f"""
resource "aws_glue_crawler" "c_{i}" {{
  name          = "crawl-{i:05d}"
  role          = aws_iam_role.r_{i}.arn
  database_name = "db_{team_of(i)}"

  s3_target {{
    path = "s3://${{aws_s3_bucket.b_{i}.bucket}}/in/"
  }}
}}
"""
    return f"""
resource "aws_iam_role" "r_{i}" {{
  name               = {hcl_str(r)}
  assume_role_policy = data.aws_iam_policy_document.glue_trust.json
  tags               = local.tags
}}

resource "aws_iam_role_policy" "r_{i}" {{
  name   = "job-{i:05d}-access"
  role   = aws_iam_role.r_{i}.id
  policy = {hcl_policy_heredoc(inline_policy(i))}
}}

resource "aws_iam_role_policy_attachment" "r_{i}" {{
  role       = aws_iam_role.r_{i}.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"
}}

resource "aws_glue_job" "j_{i}" {{
  name                   = "job-{i:05d}"
  role_arn               = aws_iam_role.r_{i}.arn
  glue_version           = {hcl_str(c.glue_versions[i])}
  security_configuration = {sc}

  command {{
    name            = "glueetl"
    script_location = "s3://${{aws_s3_bucket.b_{i}.bucket}}/scripts/job-{i:05d}.py"
  }}

  default_arguments = {{
    "--job-language" = "python"
    "--TempDir"      = "s3://${{aws_s3_bucket.b_{i}.bucket}}/tmp/"
  }}
}}
{crawler}"""


def tf_job_module(c, i):
    r = role_name(c.bits, i)
    out = f"""
module "pipe_{i}" {{
  source = "./modules/glue-pipeline"

  job_name               = "job-{i:05d}"
  role_name              = {hcl_str(r)}
  data_bucket            = aws_s3_bucket.b_{i}.bucket
  glue_version           = {hcl_str(c.glue_versions[i])}
  security_configuration = aws_glue_security_configuration.sc_{i // 10}.name
  tags                   = local.tags
}}
"""
    if i % 2 == 1:
        out += f"""
resource "aws_glue_crawler" "c_{i}" {{
  name          = "crawl-{i:05d}"
  role          = module.pipe_{i}.role_arn
  database_name = "db_{team_of(i)}"

  s3_target {{
    path = "s3://${{aws_s3_bucket.b_{i}.bucket}}/in/"
  }}
}}
"""
    return out


def tf_storage(c, lo, hi):
    out = []
    for i in range(lo, hi):
        out.append(
            f"""
resource "aws_s3_bucket" "b_{i}" {{
  bucket = "corp-data-{i:05d}"
  tags   = local.tags
}}
"""
        )
        if i % 10 == 0:
            k = i // 10
            out.append(
                f"""
resource "aws_kms_key" "k_{k}" {{
  description         = "glue data key {k}"
  enable_key_rotation = true
}}

resource "aws_glue_security_configuration" "sc_{k}" {{
  name = "sc-{k:04d}"

  encryption_configuration {{
    cloudwatch_encryption {{
      cloudwatch_encryption_mode = "DISABLED"
    }}

    job_bookmarks_encryption {{
      job_bookmarks_encryption_mode = "DISABLED"
    }}

    s3_encryption {{
      kms_key_arn        = aws_kms_key.k_{k}.arn
      s3_encryption_mode = "SSE-KMS"
    }}
  }}
}}
"""
            )
    return "".join(out)


def tf_team(c, t):
    roles = c.roles_of_team(t)
    out = f"""
resource "aws_iam_group" "g_{t}" {{
  name = "team-{t:04d}-deployers"
}}

resource "aws_iam_policy" "deploy_{t}" {{
  name   = "team-{t:04d}-deploy"
  policy = {hcl_policy_heredoc(deployer_policy(t, roles, c.jobs_of_team(t)))}
}}

resource "aws_iam_group_policy_attachment" "deploy_{t}" {{
  group      = aws_iam_group.g_{t}.name
  policy_arn = aws_iam_policy.deploy_{t}.arn
}}
"""
    if c.console[t]:
        out += f"""
resource "aws_iam_group_policy_attachment" "console_{t}" {{
  group      = aws_iam_group.g_{t}.name
  policy_arn = "arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess"
}}
"""
    for u in range(2):
        out += f"""
resource "aws_iam_user" "u_{t}_{u}" {{
  name = "dev-{t:04d}-{u}"
}}

resource "aws_iam_user_group_membership" "u_{t}_{u}" {{
  user   = aws_iam_user.u_{t}_{u}.name
  groups = [aws_iam_group.g_{t}.name]
}}
"""
    return out


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def gen_tf(c, root):
    write(
        f"{root}/main.tf",
        """terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

locals {
  tags = {
    owner = "data-platform"
    env   = "prod"
  }
}

data "aws_iam_policy_document" "glue_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }
  }
}
""",
    )
    write(f"{root}/modules/glue-pipeline/main.tf", MODULE_MAIN)
    write(f"{root}/modules/glue-pipeline/variables.tf", MODULE_VARS)
    write(f"{root}/modules/glue-pipeline/outputs.tf", MODULE_OUTPUTS)
    for lo in range(0, c.n, JOBS_PER_FILE):
        hi = min(c.n, lo + JOBS_PER_FILE)
        f = lo // JOBS_PER_FILE
        write(f"{root}/storage_{f:04d}.tf", tf_storage(c, lo, hi))
        body = "".join(
            tf_job_module(c, i) if c.modular[i] else tf_job_direct(c, i) for i in range(lo, hi)
        )
        write(f"{root}/pipelines_{f:04d}.tf", body)
    for t0 in range(0, c.teams, 10):
        body = "".join(tf_team(c, t) for t in range(t0, min(c.teams, t0 + 10)))
        write(f"{root}/teams_{t0 // 10:04d}.tf", body)


# ------------------------------------------------------------------------ CloudFormation


def cfn_template(c, lo, hi):
    res = {}
    t = team_of(lo)
    roles = []
    for i in range(lo, hi):
        r = role_name(c.bits, i)
        roles.append(r)
        res[f"Bucket{i}"] = {
            "Type": "AWS::S3::Bucket",
            "Properties": {"BucketName": f"corp-data-{i:05d}"},
        }
        res[f"Role{i}"] = {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "RoleName": r,
                "AssumeRolePolicyDocument": json.loads(trust_json()),
                "ManagedPolicyArns": [
                    {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSGlueServiceRole"}
                ],
                "Policies": [{"PolicyName": "access", "PolicyDocument": inline_policy(i)}],
            },
        }
        job = {
            "Type": "AWS::Glue::Job",
            "Properties": {
                "Name": f"job-{i:05d}",
                "Role": {"Fn::GetAtt": [f"Role{i}", "Arn"]},
                "GlueVersion": c.glue_versions[i],
                "Command": {
                    "Name": "glueetl",
                    "ScriptLocation": {"Fn::Sub": f"s3://${{Bucket{i}}}/scripts/job-{i:05d}.py"},
                    "PythonVersion": "3",
                },
                "DefaultArguments": {"--job-language": "python"},
                "SecurityConfiguration": {"Ref": f"SecConf{lo // 10}"},
            },
        }
        res[f"Job{i}"] = job
        if i % 2 == 1:
            res[f"Crawler{i}"] = {
                "Type": "AWS::Glue::Crawler",
                "Properties": {
                    "Name": f"crawl-{i:05d}",
                    "Role": {"Fn::GetAtt": [f"Role{i}", "Arn"]},
                    "DatabaseName": f"db_{t}",
                    "Targets": {"S3Targets": [{"Path": {"Fn::Sub": f"s3://${{Bucket{i}}}/in/"}}]},
                },
            }
    k = lo // 10
    res[f"Key{k}"] = {
        "Type": "AWS::KMS::Key",
        "Properties": {"Description": f"glue data key {k}", "EnableKeyRotation": True},
    }
    res[f"SecConf{k}"] = {
        "Type": "AWS::Glue::SecurityConfiguration",
        "Properties": {
            "Name": f"sc-{k:04d}",
            "EncryptionConfiguration": {
                "S3Encryptions": [
                    {"S3EncryptionMode": "SSE-KMS", "KmsKeyArn": {"Fn::GetAtt": [f"Key{k}", "Arn"]}}
                ]
            },
        },
    }
    res["Deployers"] = {"Type": "AWS::IAM::Group", "Properties": {"GroupName": f"tpl-{k:04d}-deployers"}}
    mp = ["arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess"] if c.console[t] else []
    res["DeployPolicy"] = {
        "Type": "AWS::IAM::ManagedPolicy",
        "Properties": {
            "ManagedPolicyName": f"tpl-{k:04d}-deploy",
            "Groups": [{"Ref": "Deployers"}],
            "PolicyDocument": deployer_policy(
                t, roles, [f"job/job-{i:05d}" for i in range(lo, hi)]
                + [f"crawler/crawl-{i:05d}" for i in range(lo, hi) if i % 2 == 1]),
        },
    }
    if mp:
        res["Deployers"]["Properties"]["ManagedPolicyArns"] = mp
    res["Dev"] = {
        "Type": "AWS::IAM::User",
        "Properties": {"UserName": f"tpl-dev-{k:04d}", "Groups": [{"Ref": "Deployers"}]},
    }
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"Glue pipelines {lo}-{hi - 1}",
        "Resources": res,
    }


def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    return json.dumps(v)  # a JSON string is a valid YAML double-quoted scalar


def to_yaml(v, ind=0):
    """Block YAML with short-form intrinsics (!Ref, !GetAtt, !Sub) where CloudFormation
    authors write them."""
    pad = "  " * ind
    lines = []
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, dict) and len(x) == 1:
                (fk, fv), = x.items()
                if fk == "Ref":
                    lines.append(f"{pad}{k}: !Ref {fv}")
                    continue
                if fk == "Fn::GetAtt":
                    lines.append(f"{pad}{k}: !GetAtt {fv[0]}.{fv[1]}")
                    continue
                if fk == "Fn::Sub" and isinstance(fv, str):
                    lines.append(f"{pad}{k}: !Sub {json.dumps(fv)}")
                    continue
            if isinstance(x, (dict, list)) and x:
                lines.append(f"{pad}{k}:")
                lines.append(to_yaml(x, ind + 1))
            elif isinstance(x, (dict, list)):
                lines.append(f"{pad}{k}: {'{}' if isinstance(x, dict) else '[]'}")
            else:
                lines.append(f"{pad}{k}: {yaml_scalar(x)}")
    elif isinstance(v, list):
        for x in v:
            if isinstance(x, dict) and len(x) == 1 and next(iter(x)) in ("Ref", "Fn::GetAtt", "Fn::Sub"):
                (fk, fv), = x.items()
                if fk == "Ref":
                    lines.append(f"{pad}- !Ref {fv}")
                elif fk == "Fn::GetAtt":
                    lines.append(f"{pad}- !GetAtt {fv[0]}.{fv[1]}")
                else:
                    lines.append(f"{pad}- !Sub {json.dumps(fv)}")
            elif isinstance(x, dict) and x:
                sub = to_yaml(x, ind + 1).split("\n")
                sub[0] = pad + "- " + sub[0].lstrip()
                lines.extend(sub)
            elif isinstance(x, list):
                lines.append(f"{pad}- {json.dumps(x)}")
            else:
                lines.append(f"{pad}- {yaml_scalar(x)}")
    return "\n".join(lines)


def gen_cfn(c, root):
    for lo in range(0, c.n, JOBS_PER_TEMPLATE):
        hi = min(c.n, lo + JOBS_PER_TEMPLATE)
        tpl = cfn_template(c, lo, hi)
        k = lo // JOBS_PER_TEMPLATE
        if k % 2 == 0:
            write(f"{root}/stack-{k:04d}.yaml", to_yaml(tpl) + "\n")
        else:
            write(f"{root}/stack-{k:04d}.json", json.dumps(tpl, indent=2) + "\n")


# ---------------------------------------------------------------------------- plan JSON


class Plan:
    def __init__(self):
        self.root = {"resources": [], "child_modules": {}}
        self.changes = []
        self.prior = []
        self.config_root = {"resources": [], "module_calls": {}}

    def add(self, module, rtype, name, values, unknown, exprs, config_list):
        addr = f"{rtype}.{name}" if not module else f"{module}.{rtype}.{name}"
        r = {
            "address": addr,
            "mode": "managed",
            "type": rtype,
            "name": name,
            "provider_name": PROVIDER,
            "schema_version": 0,
            "values": values,
            "sensitive_values": {},
        }
        if module:
            cm = self.root["child_modules"].setdefault(module, {"resources": [], "address": module})
            cm["resources"].append(r)
        else:
            self.root["resources"].append(r)
        after = dict(values)
        ch = {
            "address": addr,
            "mode": "managed",
            "type": rtype,
            "name": name,
            "provider_name": PROVIDER,
            "change": {
                "actions": ["create"],
                "before": None,
                "after": after,
                "after_unknown": dict({"id": True, "arn": True}, **{k: True for k in unknown}),
                "before_sensitive": False,
                "after_sensitive": {},
            },
        }
        if module:
            ch["module_address"] = module
        self.changes.append(ch)
        if config_list is not None:
            config_list.append(
                {
                    "address": f"{rtype}.{name}",
                    "mode": "managed",
                    "type": rtype,
                    "name": name,
                    "provider_config_key": "aws",
                    "expressions": exprs,
                    "schema_version": 0,
                }
            )

    def data(self, module, name, json_doc):
        addr = f"data.aws_iam_policy_document.{name}" if not module else f"{module}.data.aws_iam_policy_document.{name}"
        self.prior.append(
            {
                "address": addr,
                "mode": "data",
                "type": "aws_iam_policy_document",
                "name": name,
                "provider_name": PROVIDER,
                "schema_version": 0,
                "values": {"id": str(zlib.crc32(json_doc.encode())), "json": json_doc, "minified_json": json_doc},
                "sensitive_values": {},
            }
        )


def ref(*r):
    return {"references": list(r)}


def const(v):
    return {"constant_value": v}


def module_config(c, i):
    """The glue-pipeline module's configuration, as Terraform repeats it per call."""
    return {
        "resources": [
            {
                "address": "aws_iam_role.this",
                "mode": "managed",
                "type": "aws_iam_role",
                "name": "this",
                "provider_config_key": "aws",
                "expressions": {
                    "name": ref("var.role_name"),
                    "assume_role_policy": ref(
                        "data.aws_iam_policy_document.trust.json", "data.aws_iam_policy_document.trust"
                    ),
                    "tags": ref("var.tags"),
                },
                "schema_version": 0,
            },
            {
                "address": "aws_iam_role_policy.access",
                "mode": "managed",
                "type": "aws_iam_role_policy",
                "name": "access",
                "provider_config_key": "aws",
                "expressions": {
                    "name": ref("var.job_name"),
                    "role": ref("aws_iam_role.this.id", "aws_iam_role.this"),
                    "policy": ref(
                        "data.aws_iam_policy_document.access.json", "data.aws_iam_policy_document.access"
                    ),
                },
                "schema_version": 0,
            },
            {
                "address": "aws_iam_role_policy_attachment.service",
                "mode": "managed",
                "type": "aws_iam_role_policy_attachment",
                "name": "service",
                "provider_config_key": "aws",
                "expressions": {
                    "role": ref("aws_iam_role.this.name", "aws_iam_role.this"),
                    "policy_arn": const("arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"),
                },
                "schema_version": 0,
            },
            {
                "address": "aws_glue_job.this",
                "mode": "managed",
                "type": "aws_glue_job",
                "name": "this",
                "provider_config_key": "aws",
                "expressions": {
                    "name": ref("var.job_name"),
                    "role_arn": ref("aws_iam_role.this.arn", "aws_iam_role.this"),
                    "glue_version": ref("var.glue_version"),
                    "command": [
                        {
                            "name": const("glueetl"),
                            "script_location": ref("var.data_bucket", "var.job_name"),
                        }
                    ],
                },
                "schema_version": 0,
            },
        ],
        "variables": {
            "job_name": {},
            "role_name": {},
            "data_bucket": {},
            "glue_version": {"default": "4.0"},
            "security_configuration": {"default": None},
            "tags": {"default": {}},
        },
        "outputs": {
            "role_arn": {"expression": ref("aws_iam_role.this.arn", "aws_iam_role.this")},
            "role_name": {"expression": ref("aws_iam_role.this.name", "aws_iam_role.this")},
            "job_name": {"expression": ref("aws_glue_job.this.name", "aws_glue_job.this")},
        },
    }


def gen_plan(c, path):
    p = Plan()
    tags = {"owner": "data-platform", "env": "prod"}
    trust = trust_json()
    cr = p.config_root["resources"]
    p.data(None, "glue_trust", trust)
    for i in range(c.n):
        b = f"corp-data-{i:05d}"
        p.add(None, "aws_s3_bucket", f"b_{i}", {"bucket": b, "tags": tags, "force_destroy": False}, ["bucket_domain_name"],
              {"bucket": const(b), "tags": ref("local.tags")}, cr)
        if i % 10 == 0:
            k = i // 10
            p.add(None, "aws_kms_key", f"k_{k}", {"description": f"glue data key {k}", "enable_key_rotation": True},
                  ["key_id", "policy"], {"description": const(f"glue data key {k}")}, cr)
            p.add(None, "aws_glue_security_configuration", f"sc_{k}",
                  {"name": f"sc-{k:04d}", "encryption_configuration": [{
                      "cloudwatch_encryption": [{"cloudwatch_encryption_mode": "DISABLED", "kms_key_arn": None}],
                      "job_bookmarks_encryption": [{"job_bookmarks_encryption_mode": "DISABLED", "kms_key_arn": None}],
                      "s3_encryption": [{"s3_encryption_mode": "SSE-KMS"}]}]},
                  [], {"name": const(f"sc-{k:04d}")}, cr)
        r = role_name(c.bits, i)
        job_values = {
            "name": f"job-{i:05d}",
            "glue_version": c.glue_versions[i],
            "security_configuration": f"sc-{i // 10:04d}",
            "command": [{"name": "glueetl", "python_version": "3", "script_location": f"s3://{b}/scripts/job-{i:05d}.py"}],
            "default_arguments": {"--job-language": "python", "--TempDir": f"s3://{b}/tmp/"},
            "max_retries": 1,
            "timeout": 60,
            "tags": tags,
        }
        pol = json.dumps(inline_policy(i), separators=(",", ":"))
        if c.modular[i]:
            m = f"module.pipe_{i}"
            p.data(m, "trust", trust)
            p.data(m, "access", pol)
            p.add(m, "aws_iam_role", "this", {"name": r, "assume_role_policy": trust, "tags": tags, "path": "/"},
                  ["unique_id", "create_date"], None, None)
            p.add(m, "aws_iam_role_policy", "access", {"name": f"job-{i:05d}", "policy": pol}, ["role"], None, None)
            p.add(m, "aws_iam_role_policy_attachment", "service",
                  {"role": r, "policy_arn": "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"}, [], None, None)
            p.add(m, "aws_glue_job", "this", job_values, ["role_arn"], None, None)
            p.config_root["module_calls"][f"pipe_{i}"] = {
                "source": "./modules/glue-pipeline",
                "expressions": {
                    "job_name": const(f"job-{i:05d}"),
                    "role_name": const(r),
                    "data_bucket": ref(f"aws_s3_bucket.b_{i}.bucket", f"aws_s3_bucket.b_{i}"),
                    "glue_version": const(c.glue_versions[i]),
                    "security_configuration": ref(f"aws_glue_security_configuration.sc_{i // 10}.name"),
                    "tags": ref("local.tags"),
                },
                "module": module_config(c, i),
            }
            role_ref = f"module.pipe_{i}.role_arn"
        else:
            p.add(None, "aws_iam_role", f"r_{i}", {"name": r, "assume_role_policy": trust, "tags": tags, "path": "/"},
                  ["unique_id", "create_date"],
                  {"name": const(r), "assume_role_policy": ref("data.aws_iam_policy_document.glue_trust.json",
                                                               "data.aws_iam_policy_document.glue_trust")}, cr)
            p.add(None, "aws_iam_role_policy", f"r_{i}", {"name": f"job-{i:05d}-access", "policy": pol}, ["role"],
                  {"role": ref(f"aws_iam_role.r_{i}.id", f"aws_iam_role.r_{i}"), "policy": const(pol)}, cr)
            p.add(None, "aws_iam_role_policy_attachment", f"r_{i}",
                  {"role": r, "policy_arn": "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"}, [],
                  {"role": ref(f"aws_iam_role.r_{i}.name", f"aws_iam_role.r_{i}")}, cr)
            p.add(None, "aws_glue_job", f"j_{i}", job_values, ["role_arn"],
                  {"name": const(f"job-{i:05d}"), "role_arn": ref(f"aws_iam_role.r_{i}.arn", f"aws_iam_role.r_{i}")}, cr)
            role_ref = f"aws_iam_role.r_{i}.arn"
        if i % 2 == 1:
            p.add(None, "aws_glue_crawler", f"c_{i}",
                  {"name": f"crawl-{i:05d}", "database_name": f"db_{team_of(i)}", "s3_target": [{"path": f"s3://{b}/in/"}]},
                  ["role"], {"role": ref(role_ref, role_ref.rsplit(".", 1)[0])}, cr)
    for t in range(c.teams):
        roles = c.roles_of_team(t)
        g = f"team-{t:04d}-deployers"
        p.add(None, "aws_iam_group", f"g_{t}", {"name": g, "path": "/"}, ["unique_id"], {"name": const(g)}, cr)
        dp = json.dumps(deployer_policy(t, roles, c.jobs_of_team(t)), indent=2)
        p.add(None, "aws_iam_policy", f"deploy_{t}", {"name": f"team-{t:04d}-deploy", "policy": dp, "path": "/"},
              ["policy_id"], {"name": const(f"team-{t:04d}-deploy"), "policy": const(dp)}, cr)
        p.add(None, "aws_iam_group_policy_attachment", f"deploy_{t}", {"group": g}, ["policy_arn"],
              {"group": ref(f"aws_iam_group.g_{t}.name", f"aws_iam_group.g_{t}"),
               "policy_arn": ref(f"aws_iam_policy.deploy_{t}.arn", f"aws_iam_policy.deploy_{t}")}, cr)
        if c.console[t]:
            p.add(None, "aws_iam_group_policy_attachment", f"console_{t}",
                  {"group": g, "policy_arn": "arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess"}, [],
                  {"group": ref(f"aws_iam_group.g_{t}.name", f"aws_iam_group.g_{t}")}, cr)
        for u in range(2):
            un = f"dev-{t:04d}-{u}"
            p.add(None, "aws_iam_user", f"u_{t}_{u}", {"name": un, "path": "/"}, ["unique_id"], {"name": const(un)}, cr)
            p.add(None, "aws_iam_user_group_membership", f"u_{t}_{u}", {"user": un, "groups": [g]}, [],
                  {"user": ref(f"aws_iam_user.u_{t}_{u}.name"), "groups": ref(f"aws_iam_group.g_{t}.name")}, cr)
    child = [dict(v, address=k) for k, v in sorted(p.root["child_modules"].items(), key=lambda kv: kv[0])]
    doc = {
        "format_version": "1.2",
        "terraform_version": "1.9.8",
        "planned_values": {"root_module": {"resources": p.root["resources"], "child_modules": child}},
        "resource_changes": p.changes,
        "prior_state": {
            "format_version": "1.0",
            "terraform_version": "1.9.8",
            "values": {"root_module": {"resources": [r for r in p.prior if not r["address"].startswith("module.")],
                                       "child_modules": _prior_children(p.prior)}},
        },
        "configuration": {"provider_config": {"aws": {"name": "aws", "full_name": PROVIDER}}, "root_module": p.config_root},
        "timestamp": "2026-01-01T00:00:00Z",
        "applyable": True,
        "complete": True,
        "errored": False,
    }
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)


def _prior_children(prior):
    mods = {}
    for r in prior:
        if r["address"].startswith("module."):
            m = r["address"].split(".data.", 1)[0]
            mods.setdefault(m, []).append(r)
    return [{"address": m, "resources": rs} for m, rs in sorted(mods.items())]


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    n = int(argv[1])
    out = argv[2]
    seed = 42
    if "--seed" in argv:
        seed = int(argv[argv.index("--seed") + 1])
    c = Corpus(n, seed)
    gen_tf(c, f"{out}/tf")
    gen_cfn(c, f"{out}/cfn")
    gen_plan(c, f"{out}/plan/plan.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
