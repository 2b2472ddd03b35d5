output "job_role_arn" {
  value = module.load_job.role_arn
}
