# The console policy only lets the group pass roles named AWSGlueServiceRole*; grant
# PassRole on the ETL runtime role, to Glue only.
data "aws_iam_policy_document" "pass_etl_role" {
  statement {
    sid       = "PassEtlRoleToGlue"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.etl.arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["glue.amazonaws.com"]
    }
  }
}

resource "aws_iam_group_policy" "pass_etl_role" {
  name   = "PassEtlRoleToGlue"
  group  = aws_iam_group.glue_access.name
  policy = data.aws_iam_policy_document.pass_etl_role.json
}
