# Runtime resources of a Glue job: a security configuration that encrypts S3 data,
# CloudWatch logs and job bookmarks with one KMS key (with a key policy), a script bucket,
# a temp dir bucket with SSE-KMS default encryption and a bucket policy, a log group, a
# connection, and a crawler with an S3 target.

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

variable "account_id" {
  type    = string
  default = "111122223333"
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

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Account"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.account_id}:root"]
    }
  }

  statement {
    sid       = "Logs"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.us-east-1.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "etl" {
  description = "Glue ETL data, logs and bookmarks"
  policy      = data.aws_iam_policy_document.key.json
}

resource "aws_kms_alias" "etl" {
  name          = "alias/glue-etl"
  target_key_id = aws_kms_key.etl.key_id
}

resource "aws_s3_bucket" "scripts" {
  bucket = "example-glue-scripts"
}

resource "aws_s3_bucket" "temp" {
  bucket = "example-glue-temp"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "temp" {
  bucket = aws_s3_bucket.temp.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.etl.arn
    }
  }
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
}

resource "aws_s3_bucket_policy" "temp" {
  bucket = aws_s3_bucket.temp.id
  policy = data.aws_iam_policy_document.temp_bucket.json
}

resource "aws_glue_security_configuration" "etl" {
  name = "etl-encrypted"

  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "SSE-KMS"
      kms_key_arn                = aws_kms_key.etl.arn
    }

    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "CSE-KMS"
      kms_key_arn                   = aws_kms_key.etl.arn
    }

    s3_encryption {
      s3_encryption_mode = "SSE-KMS"
      kms_key_arn        = aws_kms_key.etl.arn
    }
  }
}

resource "aws_cloudwatch_log_group" "etl" {
  name       = "/aws-glue/jobs/etl-encrypted-role/etl-runtime-role/output"
  kms_key_id = aws_kms_key.etl.arn
}

resource "aws_glue_connection" "warehouse" {
  name            = "warehouse"
  connection_type = "JDBC"

  connection_properties = {
    JDBC_CONNECTION_URL = "jdbc:postgresql://warehouse.example.internal:5432/dw"
    USERNAME            = "etl"
    PASSWORD            = "not-a-real-password"
  }
}

resource "aws_glue_job" "load" {
  name                   = "load"
  role_arn               = aws_iam_role.etl.arn
  glue_version           = "4.0"
  security_configuration = aws_glue_security_configuration.etl.name
  connections            = [aws_glue_connection.warehouse.name]

  command {
    name            = "glueetl"
    script_location = "s3://${aws_s3_bucket.scripts.bucket}/load.py"
    python_version  = "3"
  }

  default_arguments = {
    "--TempDir"                          = "s3://${aws_s3_bucket.temp.bucket}/tmp/"
    "--job-bookmark-option"              = "job-bookmark-enable"
    "--enable-continuous-cloudwatch-log" = "true"
  }
}

resource "aws_glue_catalog_database" "raw" {
  name = "raw"
}

resource "aws_glue_crawler" "raw" {
  name                   = "raw"
  role                   = aws_iam_role.etl.arn
  database_name          = aws_glue_catalog_database.raw.name
  security_configuration = aws_glue_security_configuration.etl.name

  s3_target {
    path = "s3://${aws_s3_bucket.temp.bucket}/raw/"
  }
}
