resource "aws_iam_group" "glue_access" {
  name = "GlueAccess"
}

resource "aws_iam_user" "glue_dev" {
  name = "glue-dev"
}

resource "aws_iam_user_group_membership" "glue_dev" {
  user   = aws_iam_user.glue_dev.name
  groups = [aws_iam_group.glue_access.name]
}
