# shared-role (bad, GL201): one role runs two jobs; its policy grants the code of the first
# (example-sales-code) only, so the second job cannot read its script in example-hr-code.

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
  name               = "shared-etl-role"
  assume_role_policy = data.aws_iam_policy_document.glue_trust.json
}

data "aws_iam_policy_document" "etl" {
  statement {
    sid       = "ReadCode"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::example-sales-code/*"]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:aws:logs:*:*:log-group:/aws-glue/jobs/*"]
  }
}

resource "aws_iam_role_policy" "etl" {
  name   = "etl-runtime"
  role   = aws_iam_role.etl.id
  policy = data.aws_iam_policy_document.etl.json
}

resource "aws_glue_job" "sales" {
  name     = "sales"
  role_arn = aws_iam_role.etl.arn

  command {
    name            = "glueetl"
    script_location = "s3://example-sales-code/sales.py"
  }
}

resource "aws_glue_job" "hr" {
  name     = "hr"
  role_arn = aws_iam_role.etl.arn

  command {
    name            = "glueetl"
    script_location = "s3://example-hr-code/hr.py"
  }
}
