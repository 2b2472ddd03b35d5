# runtime-good (good, no GL2xx): a job whose custom role is granted exactly what the run
# needs: its script and extra Python files, its temp dir, its Spark event logs and Glue's
# log groups.

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
  name               = "AWSGlueServiceRole-etl"
  assume_role_policy = data.aws_iam_policy_document.glue_trust.json
}

data "aws_iam_policy_document" "etl" {
  statement {
    sid       = "ReadCode"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.code.arn}/jobs/*"]
  }

  statement {
    sid       = "ListTemp"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.temp.arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["tmp/*", "sparkui/*"]
    }
  }

  statement {
    sid       = "UseTemp"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.temp.arn}/tmp/*", "${aws_s3_bucket.temp.arn}/sparkui/*"]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:aws:logs:*:*:log-group:/aws-glue/*"]
  }
}

resource "aws_iam_role_policy" "etl" {
  name   = "etl-runtime"
  role   = aws_iam_role.etl.id
  policy = data.aws_iam_policy_document.etl.json
}

resource "aws_s3_bucket" "code" {
  bucket = "example-etl-code"
}

resource "aws_s3_bucket" "temp" {
  bucket = "example-etl-temp"
}

resource "aws_glue_job" "load" {
  name     = "load"
  role_arn = aws_iam_role.etl.arn

  command {
    name            = "glueetl"
    script_location = "s3://${aws_s3_bucket.code.bucket}/jobs/load.py"
  }

  default_arguments = {
    "--extra-py-files"                   = "s3://example-etl-code/jobs/lib.zip,s3://example-etl-code/jobs/util.py"
    "--TempDir"                          = "s3://${aws_s3_bucket.temp.bucket}/tmp/"
    "--enable-spark-ui"                  = "true"
    "--spark-event-logs-path"            = "s3://${aws_s3_bucket.temp.bucket}/sparkui/"
    "--enable-continuous-cloudwatch-log" = "true"
  }
}
