# The data team's access: the GlueAccess group with the AWS managed console policy, and the
# team's own catalog crawler, whose role follows the AWSGlueServiceRole* convention.

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

resource "aws_iam_group" "glue_access" {
  name = "GlueAccess"
}

resource "aws_iam_group_policy_attachment" "glue_console" {
  group      = aws_iam_group.glue_access.name
  policy_arn = "arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess"
}

resource "aws_iam_role" "catalog" {
  name = "AWSGlueServiceRole-catalog"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "glue.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "catalog_service" {
  role       = aws_iam_role.catalog.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"
}

resource "aws_glue_catalog_database" "raw" {
  name = "raw"
}

resource "aws_glue_crawler" "raw" {
  name          = "raw-landing"
  role          = aws_iam_role.catalog.arn
  database_name = aws_glue_catalog_database.raw.name

  s3_target {
    path = "s3://example-landing/raw/"
  }
}
