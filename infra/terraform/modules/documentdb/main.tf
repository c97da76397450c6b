# Amazon DocumentDB 5.0 cluster (TLS enforced by the parameter group), its master credentials and
# the services' connection string, both in Secrets Manager. DocumentDB has no retryable writes, so
# the URI says retryWrites=false; reads go to the primary (read-your-writes after a command).
variable "name" { type = string }
variable "subnet_ids" { type = list(string) }
variable "security_group_id" { type = string }
variable "instance_class" {
  type    = string
  default = "db.t4g.medium"
}
variable "instance_count" {
  type    = number
  default = 1
}
variable "master_username" {
  type    = string
  default = "inventory"
}
variable "ca_file" {
  description = "Path of the Amazon RDS CA bundle (global-bundle.pem) inside the service images."
  type        = string
}
variable "deletion_protection" {
  type    = bool
  default = true
}
variable "skip_final_snapshot" {
  type    = bool
  default = false
}
variable "backup_retention_days" {
  type    = number
  default = 7
}
variable "secret_prefix" { type = string }

resource "random_password" "master" {
  length  = 40
  special = false # goes into a URI unescaped
}

resource "aws_docdb_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
}

resource "aws_docdb_cluster_parameter_group" "this" {
  name   = var.name
  family = "docdb5.0"
  parameter {
    name  = "tls"
    value = "enabled"
  }
  parameter {
    name  = "audit_logs"
    value = "enabled"
  }
}

resource "aws_docdb_cluster" "this" {
  cluster_identifier              = var.name
  engine                          = "docdb"
  engine_version                  = "5.0.0"
  master_username                 = var.master_username
  master_password                 = random_password.master.result
  db_subnet_group_name            = aws_docdb_subnet_group.this.name
  db_cluster_parameter_group_name = aws_docdb_cluster_parameter_group.this.name
  vpc_security_group_ids          = [var.security_group_id]
  storage_encrypted               = true
  backup_retention_period         = var.backup_retention_days
  deletion_protection             = var.deletion_protection
  skip_final_snapshot             = var.skip_final_snapshot
  final_snapshot_identifier       = var.skip_final_snapshot ? null : "${var.name}-final"
  enabled_cloudwatch_logs_exports = ["audit", "profiler"]
}

resource "aws_docdb_cluster_instance" "this" {
  count              = var.instance_count
  identifier         = "${var.name}-${count.index}"
  cluster_identifier = aws_docdb_cluster.this.id
  instance_class     = var.instance_class
}

resource "aws_secretsmanager_secret" "master" {
  name = "${var.secret_prefix}/documentdb-master"
}

resource "aws_secretsmanager_secret_version" "master" {
  secret_id     = aws_secretsmanager_secret.master.id
  secret_string = jsonencode({ username = var.master_username, password = random_password.master.result, host = aws_docdb_cluster.this.endpoint, port = aws_docdb_cluster.this.port })
}

resource "aws_secretsmanager_secret" "uri" {
  name = "${var.secret_prefix}/mongodb-uri"
}

resource "aws_secretsmanager_secret_version" "uri" {
  secret_id = aws_secretsmanager_secret.uri.id
  secret_string = format(
    "mongodb://%s:%s@%s:%d/?tls=true&tlsCAFile=%s&replicaSet=rs0&readPreference=primary&retryWrites=false",
    var.master_username, random_password.master.result, aws_docdb_cluster.this.endpoint, aws_docdb_cluster.this.port, var.ca_file,
  )
}

output "endpoint" { value = aws_docdb_cluster.this.endpoint }
output "uri_secret_arn" { value = aws_secretsmanager_secret.uri.arn }
output "master_secret_arn" { value = aws_secretsmanager_secret.master.arn }
