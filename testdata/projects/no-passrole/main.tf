terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "job_name" {
  type    = string
  default = "load"
}

resource "aws_iam_group" "deployers" {
  name = "GlueDeployers"
}

resource "aws_iam_policy" "glue_all" {
  name        = "GlueDeployersGlueAll"
  description = "Glue for the deployers"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["glue:*"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_group_policy_attachment" "glue_all" {
  group      = aws_iam_group.deployers.name
  policy_arn = aws_iam_policy.glue_all.arn
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

resource "aws_s3_bucket" "scripts" {
  bucket = "example-glue-scripts"
}

resource "aws_glue_job" "load" {
  name         = var.job_name
  role_arn     = aws_iam_role.etl.arn
  glue_version = "4.0"

  command {
    name            = "glueetl"
    script_location = "s3://${aws_s3_bucket.scripts.id}/${var.job_name}.py"
  }

  default_arguments = {
    "--job-language" = "python"
  }
}
