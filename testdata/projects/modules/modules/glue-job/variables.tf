variable "job_name" {
  type = string
}

variable "role_name" {
  type = string
}

variable "scripts_bucket" {
  type = string
}

variable "glue_version" {
  type    = string
  default = "4.0"
}
