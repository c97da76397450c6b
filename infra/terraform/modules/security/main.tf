# Security groups, least privilege on ingress:
#   internet -> ALB (80 redirect, 443)
#   ALB      -> gateway port only
#   gateway  -> each internal service's own port only
#   services -> MSK, the database, the schema registry
#   registry -> EFS (its storage)
# Egress of the tasks: HTTPS anywhere (ECR, Secrets Manager, CloudWatch through the NAT gateway)
# and TCP inside the VPC (the peers above, which enforce their own ingress).
variable "name" { type = string }
variable "vpc_id" { type = string }
variable "vpc_cidr" { type = string }
variable "alb_ingress_cidrs" {
  type    = list(string)
  default = ["0.0.0.0/0"]
}
variable "gateway_port" { type = number }
variable "internal_ports" {
  description = "Internal service name => port (command-service, query-service, reporting-worker)."
  type        = map(number)
}
variable "kafka_ports" {
  description = "MSK listener ports the services may use (9092 plaintext, 9094 TLS, 9096 SASL/SCRAM)."
  type        = list(number)
}
variable "database_port" {
  type    = number
  default = 27017
}
variable "registry_port" { type = number }

locals {
  services = merge({ gateway = var.gateway_port }, var.internal_ports)
  # every (service, kafka port) pair
  kafka_rules = { for pair in setproduct(keys(local.services), var.kafka_ports) : "${pair[0]}-${pair[1]}" => { service = pair[0], port = pair[1] } }
}

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "Public load balancer"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "alb" {
  for_each          = { for pair in setproduct(var.alb_ingress_cidrs, [80, 443]) : "${pair[0]}-${pair[1]}" => { cidr = pair[0], port = pair[1] } }
  security_group_id = aws_security_group.alb.id
  cidr_ipv4         = each.value.cidr
  from_port         = each.value.port
  to_port           = each.value.port
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_egress_rule" "alb_to_gateway" {
  security_group_id            = aws_security_group.alb.id
  referenced_security_group_id = aws_security_group.service["gateway"].id
  from_port                    = var.gateway_port
  to_port                      = var.gateway_port
  ip_protocol                  = "tcp"
}

resource "aws_security_group" "service" {
  for_each    = local.services
  name        = "${var.name}-${each.key}"
  description = "ECS tasks of ${each.key}"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "gateway_from_alb" {
  security_group_id            = aws_security_group.service["gateway"].id
  referenced_security_group_id = aws_security_group.alb.id
  from_port                    = var.gateway_port
  to_port                      = var.gateway_port
  ip_protocol                  = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "internal_from_gateway" {
  for_each                     = var.internal_ports
  security_group_id            = aws_security_group.service[each.key].id
  referenced_security_group_id = aws_security_group.service["gateway"].id
  from_port                    = each.value
  to_port                      = each.value
  ip_protocol                  = "tcp"
}

resource "aws_security_group" "registry" {
  name        = "${var.name}-schema-registry"
  description = "Schema registry tasks"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "registry_from_services" {
  for_each                     = local.services
  security_group_id            = aws_security_group.registry.id
  referenced_security_group_id = aws_security_group.service[each.key].id
  from_port                    = var.registry_port
  to_port                      = var.registry_port
  ip_protocol                  = "tcp"
}

resource "aws_security_group" "msk" {
  name        = "${var.name}-msk"
  description = "MSK brokers"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "msk_from_services" {
  for_each                     = local.kafka_rules
  security_group_id            = aws_security_group.msk.id
  referenced_security_group_id = aws_security_group.service[each.value.service].id
  from_port                    = each.value.port
  to_port                      = each.value.port
  ip_protocol                  = "tcp"
}

resource "aws_security_group" "database" {
  name        = "${var.name}-database"
  description = "DocumentDB cluster"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "database_from_services" {
  for_each                     = local.services
  security_group_id            = aws_security_group.database.id
  referenced_security_group_id = aws_security_group.service[each.key].id
  from_port                    = var.database_port
  to_port                      = var.database_port
  ip_protocol                  = "tcp"
}

resource "aws_security_group" "efs" {
  name        = "${var.name}-registry-efs"
  description = "Schema registry storage"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "efs_from_registry" {
  security_group_id            = aws_security_group.efs.id
  referenced_security_group_id = aws_security_group.registry.id
  from_port                    = 2049
  to_port                      = 2049
  ip_protocol                  = "tcp"
}

locals {
  task_groups = merge({ for name, group in aws_security_group.service : name => group.id }, { schema-registry = aws_security_group.registry.id })
}

resource "aws_vpc_security_group_egress_rule" "tasks_https" {
  for_each          = local.task_groups
  security_group_id = each.value
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_egress_rule" "tasks_vpc" {
  for_each          = local.task_groups
  security_group_id = each.value
  cidr_ipv4         = var.vpc_cidr
  from_port         = 0
  to_port           = 65535
  ip_protocol       = "tcp"
}

output "alb_security_group_id" { value = aws_security_group.alb.id }
output "service_security_group_ids" { value = { for name, group in aws_security_group.service : name => group.id } }
output "registry_security_group_id" { value = aws_security_group.registry.id }
output "msk_security_group_id" { value = aws_security_group.msk.id }
output "database_security_group_id" { value = aws_security_group.database.id }
output "efs_security_group_id" { value = aws_security_group.efs.id }
