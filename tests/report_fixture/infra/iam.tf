resource "aws_iam_role" "etl_runtime" {
  tags = { team = "données 🚀", role_name = "etl-runtime-role" }
  name = "etl-runtime-role"
}

resource "aws_iam_group" "glue_access" {
  name = "GlueAccess"
}

resource "aws_iam_group_policy_attachment" "glue_console" {
  group      = aws_iam_group.glue_access.name
  policy_arn = "arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess"
}

resource "aws_iam_group_policy" "require_mfa" {
  group  = aws_iam_group.glue_access.name
  policy = file("${path.module}/require-mfa.json")
}
