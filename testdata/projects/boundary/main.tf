# A platform-team deployer role: its identity policy allows saving Glue jobs and passing
# the job's role, but the permissions boundary every delegated role must carry allows only
# glue:*. The boundary does not allow iam:PassRole, so createJob fails (an implicit deny).

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

resource "aws_iam_policy" "glue_boundary" {
  name        = "GlueDelegatedBoundary"
  description = "Permissions boundary for delegated Glue deployer roles"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "GlueOnly"
      Effect   = "Allow"
      Action   = "glue:*"
      Resource = "*"
    }]
  })
}

resource "aws_iam_role" "deployer" {
  name                 = "glue-deployer"
  permissions_boundary = aws_iam_policy.glue_boundary.arn
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::111122223333:role/platform-admin" }
    }]
  })
}

resource "aws_iam_role_policy" "deployer" {
  name = "deploy-glue"
  role = aws_iam_role.deployer.id
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
        Sid      = "PassEtlRole"
        Effect   = "Allow"
        Action   = "iam:PassRole"
        Resource = aws_iam_role.etl.arn
        Condition = {
          StringEquals = { "iam:PassedToService" = "glue.amazonaws.com" }
        }
      },
    ]
  })
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
