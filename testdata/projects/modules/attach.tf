resource "aws_iam_group_policy_attachment" "glue_console" {
  group      = aws_iam_group.glue_access.name
  policy_arn = "arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess"
}
