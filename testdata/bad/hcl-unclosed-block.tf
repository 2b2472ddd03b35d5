resource "aws_iam_role" "r" {
  name = "r"

resource "aws_iam_role" "s" {
  name = "s"
}
