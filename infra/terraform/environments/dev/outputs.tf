output "api_url" { value = "https://${module.alb.dns_name}/api/v1" }
output "alb_dns_name" { value = module.alb.dns_name }
output "ecr_repository_urls" { value = module.ecr.repository_urls }
output "cluster_name" { value = aws_ecs_cluster.this.name }
output "service_names" { value = { for key, service in module.service : key => service.service_name } }
output "admin_password_secret_arn" { value = module.secrets.arns["admin-password"] }
output "log_groups" { value = module.logs.names }
output "msk_cluster_name" { value = module.msk.cluster_name }
