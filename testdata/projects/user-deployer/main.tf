# A deployment user (no group) with a customer managed policy that allows glue:* and
# nothing else: it can save the job but not pass its role (GL102).

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

resource "aws_iam_user" "deploy" {
  name = "glue-deploy-bot"
  path = "/automation/"
}

resource "aws_iam_policy" "glue_only" {
  name        = "GlueDeployBotGlueOnly"
  description = "Glue API access for the deployment user"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "GlueAll"
      Effect   = "Allow"
      Action   = "glue:*"
      Resource = "*"
    }]
  })
}

resource "aws_iam_user_policy_attachment" "glue_only" {
  user       = aws_iam_user.deploy.name
  policy_arn = aws_iam_policy.glue_only.arn
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
