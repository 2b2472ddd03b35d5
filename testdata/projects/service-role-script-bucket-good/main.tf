# service-role-script-bucket-good (good, no GL2xx): the role relies on AWSGlueServiceRole,
# and the script and temp dir are in buckets named aws-glue-*, which it covers.

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
    script_location = "s3://aws-glue-scripts-111122223333-us-east-1/jobs/load.py"
  }

  default_arguments = {
    "--TempDir" = "s3://aws-glue-temporary-111122223333-us-east-1/tmp/"
  }
}
