output "role_arn" {
  value = aws_iam_role.this.arn
}

output "job_name" {
  value = aws_glue_job.this.name
}
