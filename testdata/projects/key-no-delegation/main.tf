# key-no-delegation (bad, GL203): the job's security configuration encrypts S3 data with a
# key whose policy grants only a key administrator role and has no account-root statement,
# so the runtime role's own kms grant is ignored.

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

data "aws_iam_policy_document" "etl_kms" {
  statement {
    sid       = "UseKey"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [aws_kms_key.data.arn]
  }
}

resource "aws_iam_role_policy" "etl_kms" {
  name   = "etl-kms"
  role   = aws_iam_role.etl.id
  policy = data.aws_iam_policy_document.etl_kms.json
}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "KeyAdmins"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/key-admin"]
    }
  }
}

resource "aws_kms_key" "data" {
  description = "Glue ETL data"
  policy      = data.aws_iam_policy_document.key.json
}

resource "aws_glue_security_configuration" "encrypted" {
  name = "etl-encrypted"

  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "DISABLED"
    }

    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "DISABLED"
    }

    s3_encryption {
      s3_encryption_mode = "SSE-KMS"
      kms_key_arn        = aws_kms_key.data.arn
    }
  }
}

resource "aws_glue_job" "load" {
  name                   = "load"
  role_arn               = aws_iam_role.etl.arn
  security_configuration = aws_glue_security_configuration.encrypted.name

  command {
    name            = "glueetl"
    script_location = "s3://aws-glue-scripts-111122223333-us-east-1/load.py"
  }
}
