# The Glue root module of a split project: the job and its runtime role. Its deployers are
# the members of GlueAccess, defined in ../iam, who cannot pass etl-runtime-role (GL101).

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

variable "environment" {
  type    = string
  default = "prod"
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
  name         = "load-${var.environment}"
  role_arn     = aws_iam_role.etl.arn
  glue_version = "4.0"

  command {
    name            = "glueetl"
    script_location = "s3://example-glue-scripts/load.py"
    python_version  = "3"
  }
}
