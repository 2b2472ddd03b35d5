# A well-kept Glue setup: the role trusts only Glue, for this account's Glue resources;
# the deployers may pass glue-* roles to Glue only; the role's own grants use the ARN
# shapes their actions act on (objects, the bucket, log streams). The account id is
# fixed in .glue-lint.yaml, so the trust policy's aws:SourceAccount condition is decided.

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

resource "aws_iam_group" "glue_deployers" {
  name = "GlueDeployers"
}

resource "aws_iam_group_policy" "deploy" {
  name  = "DeployGlueJobs"
  group = aws_iam_group.glue_deployers.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "SaveJobs"
        Effect   = "Allow"
        Action   = ["glue:CreateJob", "glue:UpdateJob", "glue:GetJob"]
        Resource = "*"
      },
      {
        Sid       = "PassGlueRoles"
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = "arn:aws:iam::${var.account_id}:role/glue-*"
        Condition = { StringEquals = { "iam:PassedToService" = "glue.amazonaws.com" } }
      }
    ]
  })
}

data "aws_iam_policy_document" "glue_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

resource "aws_iam_role" "etl" {
  name               = "glue-etl"
  assume_role_policy = data.aws_iam_policy_document.glue_trust.json
}

resource "aws_iam_role_policy_attachment" "etl_service" {
  role       = aws_iam_role.etl.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"
}

resource "aws_s3_bucket" "data" {
  bucket = "example-etl-data"
}

resource "aws_iam_role_policy" "etl_data" {
  name = "EtlData"
  role = aws_iam_role.etl.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Objects"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = "${aws_s3_bucket.data.arn}/*"
      },
      {
        Sid      = "Bucket"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
        Resource = aws_s3_bucket.data.arn
      },
      {
        Sid    = "Logs"
        Effect = "Allow"
        Action = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = [
          "arn:aws:logs:*:*:log-group:/aws-glue/*",
          "arn:aws:logs:*:*:log-group:/aws-glue/jobs/output:*"
        ]
      },
      {
        Sid      = "Network"
        Effect   = "Allow"
        Action   = ["ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:CreateNetworkInterface"]
        Resource = "*"
      }
    ]
  })
}

resource "aws_glue_job" "load" {
  name         = "load"
  role_arn     = aws_iam_role.etl.arn
  glue_version = "4.0"

  command {
    name            = "glueetl"
    script_location = "s3://${aws_s3_bucket.data.bucket}/scripts/load.py"
    python_version  = "3"
  }
}
