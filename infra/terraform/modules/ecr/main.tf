# One ECR repository per service image: immutable tags (deploy by git SHA), scan on push,
# untagged images expire.
variable "prefix" { type = string }
variable "names" { type = set(string) }
variable "keep_images" {
  type    = number
  default = 50
}

resource "aws_ecr_repository" "this" {
  for_each             = var.names
  name                 = "${var.prefix}/${each.key}"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "AES256"
  }
}

resource "aws_ecr_lifecycle_policy" "this" {
  for_each   = aws_ecr_repository.this
  repository = each.value.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "keep the newest ${var.keep_images} images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = var.keep_images }
      action       = { type = "expire" }
    }]
  })
}

output "repository_urls" { value = { for key, repo in aws_ecr_repository.this : key => repo.repository_url } }
output "repository_arns" { value = { for key, repo in aws_ecr_repository.this : key => repo.arn } }
