# The shared ETL job of the data platform. Nothing in this root module can save it: the
# deployer is the GlueAccess group of the access/ root module (which also owns a crawler),
# and .glue-lint.yaml names it. With only AWSGlueConsoleFullAccess the group cannot pass
# etl-runtime-role (GL101).

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
