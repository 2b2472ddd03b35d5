# hostile names (bad, GL101): the headline project with names carrying newlines, workflow commands, ANSI escapes, markdown and HTML.
# Glue ETL: a deployer group that relies on the AWS managed console policy, and a job
# whose runtime role has a custom name.

terraform {
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

resource "aws_iam_group" "glue_access" {
  name = "G\u001b[2J\n::notice::x <b>h</b> \"]; click A %0A"
}

resource "aws_iam_group_policy_attachment" "glue_console" {
  group      = aws_iam_group.glue_access.name
  policy_arn = "arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess"
}

resource "aws_iam_user" "glue_dev" {
  name = "glue-dev"
}

resource "aws_iam_user_group_membership" "glue_dev" {
  user   = aws_iam_user.glue_dev.name
  groups = [aws_iam_group.glue_access.name]
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

resource "aws_iam_role" "etl" {
  name               = "etl\n::error file=x.tf::forged\r\n##[error]old \u001b]8;;http://x\u0007 <img src=x onerror=alert(1)> **b** `c` | -->"
  assume_role_policy = data.aws_iam_policy_document.glue_trust.json
}

resource "aws_iam_role_policy_attachment" "etl_service" {
  role       = aws_iam_role.etl.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"
}

resource "aws_s3_bucket" "scripts" {
  bucket = "example-glue-scripts"
}

resource "aws_glue_job" "load" {
  name         = "job\n::stop-commands::tok\n<script>x</script> ]) --> B[x"
  role_arn     = aws_iam_role.etl.arn
  glue_version = "4.0"

  command {
    name            = "glueetl"
    script_location = "s3://${aws_s3_bucket.scripts.bucket}/load.py"
    python_version  = "3"
  }
}
