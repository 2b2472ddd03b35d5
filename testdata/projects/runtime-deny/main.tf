# runtime-deny (bad, GL207): the role may use its temp dir, but the temp bucket's policy
# denies s3:DeleteObject to everyone, so Glue cannot clean up under --TempDir. The bucket's
# deny of insecure transport does not apply: Glue uses TLS.

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

resource "aws_iam_role_policy_attachment" "etl_service" {
  role       = aws_iam_role.etl.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"
}

data "aws_iam_policy_document" "etl_temp" {
  statement {
    sid       = "ListTemp"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.temp.arn]
  }

  statement {
    sid       = "UseTemp"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.temp.arn}/tmp/*"]
  }
}

resource "aws_iam_role_policy" "etl_temp" {
  name   = "etl-temp"
  role   = aws_iam_role.etl.id
  policy = data.aws_iam_policy_document.etl_temp.json
}

resource "aws_s3_bucket" "temp" {
  bucket = "example-etl-temp"
}

data "aws_iam_policy_document" "temp_bucket" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.temp.arn, "${aws_s3_bucket.temp.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyDeletes"
    effect    = "Deny"
    actions   = ["s3:DeleteObject"]
    resources = ["${aws_s3_bucket.temp.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "temp" {
  bucket = aws_s3_bucket.temp.id
  policy = data.aws_iam_policy_document.temp_bucket.json
}

resource "aws_glue_job" "load" {
  name     = "load"
  role_arn = aws_iam_role.etl.arn

  command {
    name            = "glueetl"
    script_location = "s3://aws-glue-scripts-111122223333-us-east-1/load.py"
  }

  default_arguments = {
    "--TempDir" = "s3://${aws_s3_bucket.temp.bucket}/tmp/"
  }
}
