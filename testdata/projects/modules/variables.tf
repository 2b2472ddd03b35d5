variable "role_name" {
  description = "Name of the Glue job runtime role"
  type        = string
}
