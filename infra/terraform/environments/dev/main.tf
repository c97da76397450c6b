data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  name = "inventory-${var.environment}"
  azs  = length(var.azs) > 0 ? var.azs : slice(data.aws_availability_zones.available.names, 0, 2)
  ports = {
    gateway            = 8080
    "command-service"  = 8101
    "query-service"    = 8102
    "reporting-worker" = 8103
  }
  internal_ports = { for name, port in local.ports : name => port if name != "gateway" }
  port_variables = {
    gateway            = "GATEWAY_PORT"
    "command-service"  = "COMMAND_SERVICE_PORT"
    "query-service"    = "QUERY_SERVICE_PORT"
    "reporting-worker" = "REPORTING_WORKER_PORT"
  }
  namespace     = "${local.name}.internal"
  kafka_ports   = var.msk_allow_plaintext ? [9092, 9096] : [9096]
  kafka_brokers = var.msk_allow_plaintext ? module.msk.bootstrap_brokers_plaintext : module.msk.bootstrap_brokers_scram
  # TLS + SASL/SCRAM to MSK (libs/platform/src/kafka.ts) unless the plaintext listener is chosen;
  # MSK's certificates chain to Amazon's public roots, which Node trusts without a CA file.
  kafka_environment = var.msk_allow_plaintext ? {} : { KAFKA_SSL = "true", KAFKA_SASL_MECHANISM = "scram-sha-512" }
  kafka_secrets = var.msk_allow_plaintext ? {} : {
    KAFKA_SASL_USERNAME = "${module.msk.scram_secret_arn}:username::"
    KAFKA_SASL_PASSWORD = "${module.msk.scram_secret_arn}:password::"
  }
  mongodb_uri_secret_arn = var.use_atlas ? var.atlas_uri_secret_arn : module.documentdb[0].uri_secret_arn

  # What every service reads (libs/platform/src/config.ts). Bind to all interfaces inside the task:
  # HOST on the current main, GATEWAY_HOST / INTERNAL_HOST once the separate bind hosts land.
  common_environment = {
    NODE_ENV            = "production"
    LOG_LEVEL           = "info"
    HOST                = "0.0.0.0"
    GATEWAY_HOST        = "0.0.0.0"
    INTERNAL_HOST       = "0.0.0.0"
    KAFKA_BROKERS       = local.kafka_brokers
    SCHEMA_REGISTRY_URL = module.registry.url
    # libs/platform's store profile: DocumentDB's limits, or plain MongoDB for Atlas.
    STORE_PROFILE = var.use_atlas ? "mongodb" : "documentdb"
  }
  service_environment = {
    gateway = {
      COMMAND_SERVICE_URL      = "http://command-service.${local.namespace}:8101"
      QUERY_SERVICE_URL        = "http://query-service.${local.namespace}:8102"
      REPORTING_WORKER_URL     = "http://reporting-worker.${local.namespace}:8103"
      TRUST_PROXY              = join(",", module.network.public_subnet_cidrs) # the ALB's nodes
      INVENTORY_ADMIN_USERNAME = var.admin_username
      INVENTORY_ADMIN_EMAIL    = var.admin_email
      CORS_ORIGINS             = var.cors_origins
    }
    "command-service"  = {}
    "query-service"    = {}
    "reporting-worker" = {}
  }
  # Each service may read only these secrets.
  service_secrets = {
    gateway = {
      JWT_SECRET               = module.secrets.arns["jwt-secret"]
      INVENTORY_ADMIN_PASSWORD = module.secrets.arns["admin-password"]
      INTERNAL_AUTH_TOKEN      = module.secrets.arns["internal-auth-token"]
      METRICS_TOKEN            = module.secrets.arns["metrics-token"]
      MONGODB_URI              = local.mongodb_uri_secret_arn
    }
    "command-service"  = { INTERNAL_AUTH_TOKEN = module.secrets.arns["internal-auth-token"], MONGODB_URI = local.mongodb_uri_secret_arn }
    "query-service"    = { INTERNAL_AUTH_TOKEN = module.secrets.arns["internal-auth-token"], MONGODB_URI = local.mongodb_uri_secret_arn }
    "reporting-worker" = { INTERNAL_AUTH_TOKEN = module.secrets.arns["internal-auth-token"], MONGODB_URI = local.mongodb_uri_secret_arn }
  }
}

module "network" {
  source = "../../modules/network"
  name   = local.name
  cidr   = var.vpc_cidr
  azs    = local.azs
}

module "security" {
  source            = "../../modules/security"
  name              = local.name
  vpc_id            = module.network.vpc_id
  vpc_cidr          = module.network.vpc_cidr
  alb_ingress_cidrs = var.alb_ingress_cidrs
  gateway_port      = local.ports.gateway
  internal_ports    = local.internal_ports
  kafka_ports       = local.kafka_ports
  registry_port     = 8080
}

module "logs" {
  source         = "../../modules/logs"
  prefix         = "/inventory/${var.environment}"
  names          = toset(concat(keys(local.ports), ["schema-registry", "msk"]))
  retention_days = var.log_retention_days
}

module "ecr" {
  source = "../../modules/ecr"
  prefix = "inventory"
  names  = toset(keys(local.ports))
}

module "secrets" {
  source = "../../modules/secrets"
  prefix = "inventory/${var.environment}"
}

module "documentdb" {
  count               = var.use_atlas ? 0 : 1
  source              = "../../modules/documentdb"
  name                = local.name
  subnet_ids          = module.network.private_subnet_ids
  security_group_id   = module.security.database_security_group_id
  instance_class      = var.documentdb_instance_class
  instance_count      = var.documentdb_instances
  ca_file             = var.documentdb_ca_file
  deletion_protection = var.deletion_protection
  secret_prefix       = "inventory/${var.environment}"
}

module "msk" {
  source            = "../../modules/msk"
  name              = local.name
  subnet_ids        = module.network.private_subnet_ids
  security_group_id = module.security.msk_security_group_id
  instance_type     = var.msk_instance_type
  allow_plaintext   = var.msk_allow_plaintext
  log_group_name    = module.logs.names["msk"]
}

module "alb" {
  source              = "../../modules/alb"
  name                = local.name
  vpc_id              = module.network.vpc_id
  subnet_ids          = module.network.public_subnet_ids
  security_group_id   = module.security.alb_security_group_id
  certificate_arn     = var.certificate_arn
  target_port         = local.ports.gateway
  deletion_protection = var.deletion_protection
}

resource "aws_ecs_cluster" "this" {
  name = local.name
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE"]
  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

resource "aws_service_discovery_private_dns_namespace" "this" {
  name = local.namespace
  vpc  = module.network.vpc_id
}

module "registry" {
  source                = "../../modules/registry"
  name                  = "schema-registry"
  image                 = var.registry_image
  cluster_id            = aws_ecs_cluster.this.id
  cluster_name          = aws_ecs_cluster.this.name
  subnet_ids            = module.network.private_subnet_ids
  security_group_id     = module.security.registry_security_group_id
  efs_security_group_id = module.security.efs_security_group_id
  log_group_name        = module.logs.names["schema-registry"]
  region                = var.region
  namespace_id          = aws_service_discovery_private_dns_namespace.this.id
  namespace_name        = local.namespace
}

module "service" {
  for_each     = local.ports
  source       = "../../modules/ecs-service"
  name         = each.key
  cluster_id   = aws_ecs_cluster.this.id
  cluster_name = aws_ecs_cluster.this.name
  image        = "${module.ecr.repository_urls[each.key]}:${var.image_tag}"
  cpu          = var.services[each.key].cpu
  memory       = var.services[each.key].memory
  port         = each.value
  environment  = merge(local.common_environment, local.kafka_environment, { (local.port_variables[each.key]) = tostring(each.value) }, local.service_environment[each.key])
  secrets      = merge(local.service_secrets[each.key], local.kafka_secrets)
  # The SCRAM secret is encrypted with MSK's own KMS key (an AmazonMSK_ secret must be).
  secret_kms_key_arns = var.msk_allow_plaintext ? [] : [module.msk.scram_kms_key_arn]
  subnet_ids          = module.network.private_subnet_ids
  security_group_ids  = [module.security.service_security_group_ids[each.key]]
  log_group_name      = module.logs.names[each.key]
  region              = var.region
  namespace_id        = aws_service_discovery_private_dns_namespace.this.id
  target_group_arn    = each.key == "gateway" ? module.alb.target_group_arn : null
  desired_count       = var.services[each.key].min_count
  min_count           = var.services[each.key].min_count
  max_count           = var.services[each.key].max_count
  # The image's own readiness probe (Dockerfile HEALTHCHECK): /health/ready on the port its variable names.
  health_check_command = ["CMD", "node", "/app/healthcheck.mjs"]
  lag_scaling          = contains(keys(var.lag_scaling), each.key) ? merge(var.lag_scaling[each.key], { cluster_name = module.msk.cluster_name }) : null
}
