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

locals {
  scripts_bucket = "example-glue-scripts"
}

resource "aws_s3_bucket" "scripts" {
  bucket = local.scripts_bucket
}

module "load_job" {
  source = "./modules/glue-job"

  job_name       = "load"
  role_name      = var.role_name
  scripts_bucket = aws_s3_bucket.scripts.bucket
}
