# Amazon MSK: one broker per private subnet, TLS between brokers, encryption at rest, SASL/SCRAM
# client authentication (credentials in a KMS-encrypted AmazonMSK_ secret, as MSK requires).
# allow_plaintext additionally opens the in-VPC plaintext listener without authentication (the
# services then use it instead of TLS + SCRAM).
variable "name" { type = string }
variable "subnet_ids" { type = list(string) }
variable "security_group_id" { type = string }
variable "kafka_version" {
  type    = string
  default = "3.6.0"
}
variable "instance_type" {
  type    = string
  default = "kafka.t3.small"
}
variable "volume_size_gb" {
  type    = number
  default = 50
}
variable "allow_plaintext" {
  type    = bool
  default = false
}
variable "log_group_name" { type = string }

resource "aws_msk_configuration" "this" {
  name           = var.name
  kafka_versions = [var.kafka_version]
  server_properties = join("\n", [
    "auto.create.topics.enable=false",
    "default.replication.factor=${length(var.subnet_ids)}",
    "min.insync.replicas=${max(1, length(var.subnet_ids) - 1)}",
    "num.partitions=6",
  ])
}

resource "aws_kms_key" "scram" {
  description         = "${var.name} SASL/SCRAM credentials"
  enable_key_rotation = true
}

resource "random_password" "scram" {
  length  = 40
  special = false
}

resource "aws_secretsmanager_secret" "scram" {
  name       = "AmazonMSK_${var.name}"
  kms_key_id = aws_kms_key.scram.key_id
}

resource "aws_secretsmanager_secret_version" "scram" {
  secret_id     = aws_secretsmanager_secret.scram.id
  secret_string = jsonencode({ username = "inventory", password = random_password.scram.result })
}

resource "aws_msk_cluster" "this" {
  cluster_name           = var.name
  kafka_version          = var.kafka_version
  number_of_broker_nodes = length(var.subnet_ids)

  broker_node_group_info {
    instance_type   = var.instance_type
    client_subnets  = var.subnet_ids
    security_groups = [var.security_group_id]
    storage_info {
      ebs_storage_info {
        volume_size = var.volume_size_gb
      }
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this.arn
    revision = aws_msk_configuration.this.latest_revision
  }

  client_authentication {
    unauthenticated = var.allow_plaintext
    sasl {
      scram = true
    }
  }

  encryption_info {
    encryption_in_transit {
      client_broker = var.allow_plaintext ? "TLS_PLAINTEXT" : "TLS"
      in_cluster    = true
    }
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = var.log_group_name
      }
    }
  }
}

resource "aws_msk_scram_secret_association" "this" {
  cluster_arn     = aws_msk_cluster.this.arn
  secret_arn_list = [aws_secretsmanager_secret.scram.arn]
  depends_on      = [aws_secretsmanager_secret_version.scram]
}

output "cluster_name" { value = aws_msk_cluster.this.cluster_name }
output "cluster_arn" { value = aws_msk_cluster.this.arn }
output "bootstrap_brokers_scram" { value = aws_msk_cluster.this.bootstrap_brokers_sasl_scram }
output "bootstrap_brokers_plaintext" { value = aws_msk_cluster.this.bootstrap_brokers }
output "scram_secret_arn" { value = aws_secretsmanager_secret.scram.arn }
output "scram_kms_key_arn" { value = aws_kms_key.scram.arn }
