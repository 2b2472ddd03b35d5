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
  name = "GlueAccess"
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
  name               = "etl-runtime-role"
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
  name         = "load"
  role_arn     = aws_iam_role.etl.arn
  glue_version = "4.0"

  command {
    name            = "glueetl"
    script_location = "s3://${aws_s3_bucket.scripts.bucket}/load.py"
    python_version  = "3"
  }
}
