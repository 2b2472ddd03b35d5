# service-role-script-bucket (bad, GL201): the role relies on AWSGlueServiceRole, whose S3
# object grant covers buckets named aws-glue-* only, and the script is in example-etl-code.

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
  name               = "etl-runtime-role"
  assume_role_policy = data.aws_iam_policy_document.glue_trust.json
}

resource "aws_iam_role_policy_attachment" "etl_service" {
  role       = aws_iam_role.etl.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"
}

resource "aws_glue_job" "load" {
  name     = "load"
  role_arn = aws_iam_role.etl.arn

  command {
    name            = "glueetl"
    script_location = "s3://example-etl-code/jobs/load.py"
  }
}
