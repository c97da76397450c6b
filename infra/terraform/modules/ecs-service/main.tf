# One ECS Fargate service: task definition, its own execution role (pulls the image, reads only the
# secrets this service injects) and task role (no AWS permissions beyond what is passed in),
# Cloud Map registration, optional ALB target group, optional EFS volume, and autoscaling:
# CPU target tracking always, plus target tracking on an MSK consumer-lag metric when lag_scaling is set.
variable "name" { type = string }
variable "cluster_id" { type = string }
variable "cluster_name" { type = string }
variable "image" { type = string }
variable "cpu" {
  type    = number
  default = 512
}
variable "memory" {
  type    = number
  default = 1024
}
variable "port" { type = number }
variable "environment" {
  type    = map(string)
  default = {}
}
variable "secrets" {
  description = "Environment variable => Secrets Manager secret ARN (injected at start; only these are readable)."
  type        = map(string)
  default     = {}
}
variable "secret_kms_key_arns" {
  description = "Customer-managed KMS keys that encrypt some of the secrets above."
  type        = list(string)
  default     = []
}
variable "health_check_command" {
  description = "Container health check (CMD form); null for none."
  type        = list(string)
  default     = null
}
variable "subnet_ids" { type = list(string) }
variable "security_group_ids" { type = list(string) }
variable "log_group_name" { type = string }
variable "region" { type = string }
variable "namespace_id" { type = string }
variable "target_group_arn" {
  type    = string
  default = null
}
variable "desired_count" {
  type    = number
  default = 1
}
variable "min_count" {
  type    = number
  default = 1
}
variable "max_count" {
  type    = number
  default = 4
}
variable "cpu_target_percent" {
  type    = number
  default = 60
}
variable "autoscaling" {
  type    = bool
  default = true
}
variable "lag_scaling" {
  description = "Target tracking on AWS/Kafka SumOffsetLag of one consumer group and topic; null for CPU only."
  type = object({
    cluster_name   = string
    consumer_group = string
    topic          = string
    target_lag     = number
  })
  default = null
}
variable "efs_volume" {
  description = "EFS file system mounted read-write at container_path (through an access point)."
  type = object({
    file_system_id  = string
    access_point_id = string
    container_path  = string
  })
  default = null
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-execution"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "secrets" {
  count = length(var.secrets) > 0 ? 1 : 0
  statement {
    actions = ["secretsmanager:GetSecretValue"]
    # A valueFrom may pick a JSON key (<arn>:<key>::); the permission is on the secret itself.
    resources = distinct([for value in values(var.secrets) : regex("^arn:[^:]+:secretsmanager:[^:]+:[^:]+:secret:[^:]+", value)])
  }
  dynamic "statement" {
    for_each = length(var.secret_kms_key_arns) > 0 ? [1] : []
    content {
      actions   = ["kms:Decrypt"]
      resources = var.secret_kms_key_arns
    }
  }
}

resource "aws_iam_role_policy" "secrets" {
  count  = length(var.secrets) > 0 ? 1 : 0
  name   = "own-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.secrets[0].json
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-task"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "efs" {
  count = var.efs_volume == null ? 0 : 1
  statement {
    actions   = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "elasticfilesystem:AccessPointArn"
      values   = ["arn:aws:elasticfilesystem:${var.region}:${data.aws_caller_identity.current.account_id}:access-point/${var.efs_volume.access_point_id}"]
    }
  }
}

data "aws_caller_identity" "current" {}

resource "aws_iam_role_policy" "efs" {
  count  = var.efs_volume == null ? 0 : 1
  name   = "own-efs-access-point"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.efs[0].json
}

resource "aws_service_discovery_service" "this" {
  name = var.name
  dns_config {
    namespace_id   = var.namespace_id
    routing_policy = "MULTIVALUE"
    dns_records {
      type = "A"
      ttl  = 10
    }
  }
  health_check_custom_config {
    failure_threshold = 1
  }
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([merge({
    name         = var.name
    image        = var.image
    essential    = true
    portMappings = [{ containerPort = var.port, protocol = "tcp" }]
    environment  = [for key in sort(keys(var.environment)) : { name = key, value = var.environment[key] }]
    secrets      = [for key in sort(keys(var.secrets)) : { name = key, valueFrom = var.secrets[key] }]
    stopTimeout  = 30
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = var.log_group_name
        awslogs-region        = var.region
        awslogs-stream-prefix = var.name
      }
    }
    mountPoints = var.efs_volume == null ? [] : [{ sourceVolume = "data", containerPath = var.efs_volume.container_path, readOnly = false }]
    }, var.health_check_command == null ? {} : {
    healthCheck = { command = var.health_check_command, interval = 15, timeout = 5, retries = 3, startPeriod = 60 }
  })])

  dynamic "volume" {
    for_each = var.efs_volume == null ? [] : [var.efs_volume]
    content {
      name = "data"
      efs_volume_configuration {
        file_system_id     = volume.value.file_system_id
        transit_encryption = "ENABLED"
        authorization_config {
          access_point_id = volume.value.access_point_id
          iam             = "ENABLED"
        }
      }
    }
  }
}

resource "aws_ecs_service" "this" {
  name                              = var.name
  cluster                           = var.cluster_id
  task_definition                   = aws_ecs_task_definition.this.arn
  desired_count                     = var.desired_count
  launch_type                       = "FARGATE"
  enable_execute_command            = false
  health_check_grace_period_seconds = var.target_group_arn == null ? null : 60
  # a single-writer service (EFS + H2) must stop the old task before the new one starts
  deployment_minimum_healthy_percent = var.efs_volume == null ? 100 : 0
  deployment_maximum_percent         = var.efs_volume == null ? 200 : 100

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = var.security_group_ids
    assign_public_ip = false
  }

  service_registries {
    registry_arn = aws_service_discovery_service.this.arn
  }

  dynamic "load_balancer" {
    for_each = var.target_group_arn == null ? [] : [var.target_group_arn]
    content {
      target_group_arn = load_balancer.value
      container_name   = var.name
      container_port   = var.port
    }
  }

  lifecycle {
    ignore_changes = [desired_count] # owned by autoscaling
  }
}

resource "aws_appautoscaling_target" "this" {
  count              = var.autoscaling ? 1 : 0
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${var.cluster_name}/${aws_ecs_service.this.name}"
  min_capacity       = var.min_count
  max_capacity       = var.max_count
}

resource "aws_appautoscaling_policy" "cpu" {
  count              = var.autoscaling ? 1 : 0
  name               = "${var.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension
  resource_id        = aws_appautoscaling_target.this[0].resource_id
  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target_percent
    scale_in_cooldown  = 120
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "lag" {
  count              = var.autoscaling && var.lag_scaling != null ? 1 : 0
  name               = "${var.name}-consumer-lag"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension
  resource_id        = aws_appautoscaling_target.this[0].resource_id
  target_tracking_scaling_policy_configuration {
    target_value       = var.lag_scaling.target_lag
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    customized_metric_specification {
      namespace   = "AWS/Kafka"
      metric_name = "SumOffsetLag"
      statistic   = "Maximum"
      dimensions {
        name  = "Cluster Name"
        value = var.lag_scaling.cluster_name
      }
      dimensions {
        name  = "Consumer Group"
        value = var.lag_scaling.consumer_group
      }
      dimensions {
        name  = "Topic"
        value = var.lag_scaling.topic
      }
    }
  }
}

output "service_name" { value = aws_ecs_service.this.name }
output "task_role_arn" { value = aws_iam_role.task.arn }
output "execution_role_arn" { value = aws_iam_role.execution.arn }
output "discovery_name" { value = aws_service_discovery_service.this.name }
