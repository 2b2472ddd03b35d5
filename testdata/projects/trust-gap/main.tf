# A Glue job whose role trusts Glue only with an sts:ExternalId condition: Glue never
# sends an external id, so it can never assume the role and every run fails. The
# crawler's role trusts Glue from one account only, and the account the code is deployed
# into is not fixed: whether Glue may assume it depends on it.

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
    sid     = "GlueWithExternalId"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = ["etl-shared-secret"]
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

resource "aws_glue_job" "load" {
  name         = "load"
  role_arn     = aws_iam_role.etl.arn
  glue_version = "4.0"

  command {
    name            = "glueetl"
    script_location = "s3://aws-glue-scripts-example/load.py"
    python_version  = "3"
  }
}

data "aws_iam_policy_document" "crawler_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
  }
}

resource "aws_iam_role" "crawler" {
  name               = "AWSGlueServiceRole-crawler"
  assume_role_policy = data.aws_iam_policy_document.crawler_trust.json
}

resource "aws_glue_crawler" "raw" {
  name          = "raw"
  role          = aws_iam_role.crawler.arn
  database_name = "raw"

  s3_target {
    path = "s3://aws-glue-raw-example/"
  }
}
