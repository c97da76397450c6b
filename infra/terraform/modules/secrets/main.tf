# Application secrets in Secrets Manager, generated here (random_password) so no value is ever typed
# or committed. Each ECS service is granted only the secrets it injects (see ecs-service).
variable "prefix" { type = string }
variable "recovery_window_days" {
  type    = number
  default = 7
}

locals {
  generated = {
    jwt-secret          = 64 # gateway: HS256 key (>= 32 characters)
    admin-password      = 32 # gateway: first admin (INVENTORY_ADMIN_PASSWORD)
    internal-auth-token = 64 # gateway -> internal services (INTERNAL_AUTH_TOKEN)
    metrics-token       = 64 # gateway: bearer token for /metrics (METRICS_TOKEN)
  }
}

resource "random_password" "this" {
  for_each = local.generated
  length   = each.value
  special  = false
  # The gateway refuses an admin password without a letter and a digit (contracts' passwordSchema);
  # 32 random characters lack a digit about once in 300 draws. Only that secret asks, so no other is replaced.
  min_numeric = each.key == "admin-password" ? 1 : 0
  min_lower   = each.key == "admin-password" ? 1 : 0
}

resource "aws_secretsmanager_secret" "this" {
  for_each                = local.generated
  name                    = "${var.prefix}/${each.key}"
  recovery_window_in_days = var.recovery_window_days
}

resource "aws_secretsmanager_secret_version" "this" {
  for_each      = local.generated
  secret_id     = aws_secretsmanager_secret.this[each.key].id
  secret_string = random_password.this[each.key].result
}

output "arns" {
  description = "jwt-secret, admin-password, internal-auth-token, metrics-token => secret ARN"
  value       = { for key, secret in aws_secretsmanager_secret.this : key => secret.arn }
}
