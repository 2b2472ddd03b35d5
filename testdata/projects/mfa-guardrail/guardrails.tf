# Security baseline: nothing works without MFA.
resource "aws_iam_group_policy" "deny_without_mfa" {
  name  = "DenyAllWithoutMFA"
  group = aws_iam_group.glue_access.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "DenyAllWithoutMFA"
        Effect   = "Deny"
        Action   = "*"
        Resource = "*"
        Condition = {
          BoolIfExists = {
            "aws:MultiFactorAuthPresent" = "false"
          }
        }
      }
    ]
  })
}
