variable "region" {
  type    = string
  default = "eu-central-1"
}
variable "environment" {
  type    = string
  default = "dev"
}
variable "vpc_cidr" {
  type    = string
  default = "10.40.0.0/16"
}
variable "azs" {
  description = "Two (or more) availability zones of the region; empty takes the region's first two."
  type        = list(string)
  default     = []
}
variable "certificate_arn" {
  description = "ACM certificate for the ALB's HTTPS listener (same region)."
  type        = string
}
variable "alb_ingress_cidrs" {
  description = "Who may reach the ALB."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}
variable "image_tag" {
  description = "Tag (git SHA) of the four service images in ECR; deploy.yml passes it."
  type        = string
}
variable "registry_image" {
  description = "Apicurio Registry image (mirror it into ECR if the account has no route to Docker Hub)."
  type        = string
  default     = "apicurio/apicurio-registry:3.3.3" # the version the local stack runs
}
variable "log_retention_days" {
  type    = number
  default = 30
}
variable "cors_origins" {
  type    = string
  default = ""
}
variable "admin_username" {
  type    = string
  default = "admin"
}
variable "admin_email" {
  type    = string
  default = "admin@inventory.local"
}
variable "use_atlas" {
  description = "Use MongoDB Atlas instead of DocumentDB: no DocumentDB is created; atlas_uri_secret_arn is injected."
  type        = bool
  default     = false
}
variable "atlas_uri_secret_arn" {
  description = "Secrets Manager secret holding the Atlas mongodb+srv:// URI (only with use_atlas)."
  type        = string
  default     = null
  validation {
    condition     = !var.use_atlas || var.atlas_uri_secret_arn != null
    error_message = "use_atlas needs atlas_uri_secret_arn."
  }
}
variable "documentdb_ca_file" {
  description = "Path of the Amazon RDS CA bundle inside the service images."
  type        = string
  default     = "/etc/ssl/certs/extra/rds-global-bundle.pem"
}
variable "documentdb_instance_class" {
  type    = string
  default = "db.t4g.medium"
}
variable "documentdb_instances" {
  type    = number
  default = 1
}
variable "deletion_protection" {
  type    = bool
  default = true
}
variable "msk_instance_type" {
  type    = string
  default = "kafka.t3.small"
}
variable "msk_allow_plaintext" {
  description = "Open MSK's in-VPC plaintext listener (no auth) and point the services at it instead of TLS + SASL/SCRAM."
  type        = bool
  default     = false
}
variable "services" {
  description = "Per service: size and scaling bounds."
  type = map(object({
    cpu       = number
    memory    = number
    min_count = number
    max_count = number
  }))
  default = {
    gateway            = { cpu = 512, memory = 1024, min_count = 2, max_count = 6 }
    "command-service"  = { cpu = 512, memory = 1024, min_count = 2, max_count = 6 }
    "query-service"    = { cpu = 512, memory = 1024, min_count = 1, max_count = 6 }
    "reporting-worker" = { cpu = 512, memory = 1024, min_count = 1, max_count = 3 }
  }
}
variable "lag_scaling" {
  description = "Optional consumer-lag scaling (query-service / reporting-worker): consumer group and topic per service."
  type = map(object({
    consumer_group = string
    topic          = string
    target_lag     = number
  }))
  default = {}
}
