# A Glue crawler (not a job) deployed by the headline group: AWSGlueConsoleFullAccess lets
# its members create crawlers but pass only AWSGlueServiceRole* roles, and the crawler runs
# as raw-catalog-crawler (GL101 on createCrawler/updateCrawler).

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

resource "aws_iam_user" "glue_dev" {
  name = "glue-dev"
}

resource "aws_iam_user_group_membership" "glue_dev" {
  user   = aws_iam_user.glue_dev.name
  groups = [aws_iam_group.glue_access.name]
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

resource "aws_iam_role" "crawler" {
  name               = "raw-catalog-crawler"
  assume_role_policy = data.aws_iam_policy_document.glue_trust.json
}

resource "aws_iam_role_policy_attachment" "crawler_service" {
  role       = aws_iam_role.crawler.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"
}

resource "aws_glue_catalog_database" "raw" {
  name = "raw"
}

resource "aws_glue_crawler" "raw" {
  name          = "raw-landing"
  role          = aws_iam_role.crawler.arn
  database_name = aws_glue_catalog_database.raw.name

  s3_target {
    path = "s3://example-landing/raw/"
  }
}
