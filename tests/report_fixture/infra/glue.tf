resource "aws_glue_job" "nightly_etl" {
  name     = "nightly-etl"
  role_arn = aws_iam_role.etl_runtime.arn

  command {
    script_location = "s3://etl-scripts/nightly.py"
  }
}
