# Apicurio Registry 3 (Confluent-compatible API at /apis/ccompat/v7) as one ECS task with its H2
# database on an encrypted EFS file system: the same storage the local stack uses, schema ids survive
# task replacement, no database to run for a few kilobytes of schemas. H2 allows one writer, so the
# service runs exactly one task and replaces it stop-first (see ecs-service). For high availability
# switch Apicurio to its PostgreSQL storage (apicurio.storage.sql.kind=postgresql) on RDS.
variable "name" { type = string }
variable "image" { type = string }
variable "cluster_id" { type = string }
variable "cluster_name" { type = string }
variable "subnet_ids" { type = list(string) }
variable "security_group_id" { type = string }
variable "efs_security_group_id" { type = string }
variable "log_group_name" { type = string }
variable "region" { type = string }
variable "namespace_id" { type = string }
variable "namespace_name" { type = string }
variable "port" {
  type    = number
  default = 8080
}

resource "aws_efs_file_system" "this" {
  creation_token = var.name
  encrypted      = true
  tags           = { Name = var.name }
}

resource "aws_efs_backup_policy" "this" {
  file_system_id = aws_efs_file_system.this.id
  backup_policy {
    status = "ENABLED"
  }
}

resource "aws_efs_mount_target" "this" {
  count           = length(var.subnet_ids)
  file_system_id  = aws_efs_file_system.this.id
  subnet_id       = var.subnet_ids[count.index]
  security_groups = [var.efs_security_group_id]
}

resource "aws_efs_access_point" "this" {
  file_system_id = aws_efs_file_system.this.id
  posix_user {
    uid = 1001 # the Apicurio image's user
    gid = 0
  }
  root_directory {
    path = "/registry"
    creation_info {
      owner_uid   = 1001
      owner_gid   = 0
      permissions = "0770"
    }
  }
}

module "service" {
  source             = "../ecs-service"
  name               = var.name
  cluster_id         = var.cluster_id
  cluster_name       = var.cluster_name
  image              = var.image
  cpu                = 512
  memory             = 1024
  port               = var.port
  subnet_ids         = var.subnet_ids
  security_group_ids = [var.security_group_id]
  log_group_name     = var.log_group_name
  region             = var.region
  namespace_id       = var.namespace_id
  desired_count      = 1
  autoscaling        = false
  environment = {
    APICURIO_STORAGE_KIND                   = "sql"
    APICURIO_STORAGE_SQL_KIND               = "h2"
    APICURIO_DATASOURCE_URL                 = "jdbc:h2:file:/data/registry;DB_CLOSE_ON_EXIT=FALSE"
    APICURIO_DATASOURCE_USERNAME            = "sa"
    APICURIO_DATASOURCE_PASSWORD            = "sa" # file is reachable only through this task's access point
    APICURIO_RULES_GLOBAL_COMPATIBILITY     = "BACKWARD"
    APICURIO_CCOMPAT_LEGACY_ID_MODE_ENABLED = "true"
    QUARKUS_HTTP_PORT                       = tostring(var.port)
  }
  efs_volume = {
    file_system_id  = aws_efs_file_system.this.id
    access_point_id = aws_efs_access_point.this.id
    container_path  = "/data"
  }
  depends_on = [aws_efs_mount_target.this]
}

output "url" { value = "http://${var.name}.${var.namespace_name}:${var.port}/apis/ccompat/v7" }
