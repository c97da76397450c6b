# One CloudWatch log group per ECS service, with retention.
variable "prefix" { type = string }
variable "names" { type = set(string) }
variable "retention_days" {
  type    = number
  default = 30
}

resource "aws_cloudwatch_log_group" "this" {
  for_each          = var.names
  name              = "${var.prefix}/${each.key}"
  retention_in_days = var.retention_days
}

output "names" { value = { for key, group in aws_cloudwatch_log_group.this : key => group.name } }
output "arns" { value = { for key, group in aws_cloudwatch_log_group.this : key => group.arn } }
