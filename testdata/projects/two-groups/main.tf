# A developer in two groups: GlueAccess gives the AWS managed console policy, Developers
# adds iam:PassRole on the job's role for Glue. Together they can deploy the job (good).

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

resource "aws_iam_group" "developers" {
  name = "Developers"
}

resource "aws_iam_group_policy" "developers_pass_etl" {
  name  = "pass-etl-runtime-role"
  group = aws_iam_group.developers.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "PassEtlRoleToGlue"
      Effect   = "Allow"
      Action   = "iam:PassRole"
      Resource = aws_iam_role.etl.arn
      Condition = {
        StringEquals = { "iam:PassedToService" = "glue.amazonaws.com" }
      }
    }]
  })
}

resource "aws_iam_user" "glue_dev" {
  name = "glue-dev"
}

resource "aws_iam_user_group_membership" "glue_dev" {
  user   = aws_iam_user.glue_dev.name
  groups = [aws_iam_group.glue_access.name, aws_iam_group.developers.name]
}

resource "aws_iam_role" "etl" {
  name = "etl-runtime-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "glue.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "etl_service" {
  role       = aws_iam_role.etl.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"
}

resource "aws_glue_job" "load" {
  name         = "load"
  role_arn     = aws_iam_role.etl.arn
  glue_version = "4.0"

  command {
    name            = "glueetl"
    script_location = "s3://example-glue-scripts/load.py"
    python_version  = "3"
  }
}
