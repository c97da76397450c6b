terraform {
  required_version = ">= 1.9" # validation across variables
  required_providers {
    aws    = { source = "hashicorp/aws", version = "~> 5.80" }
    random = { source = "hashicorp/random", version = "~> 3.6" }
  }
  # State in S3 with DynamoDB locking (created once by hand, see docs/deploy.md "Bootstrap"):
  #   terraform init -backend-config="bucket=<state bucket>" -backend-config="dynamodb_table=<lock table>"
  backend "s3" {
    key     = "inventory/dev/terraform.tfstate"
    region  = "eu-central-1"
    encrypt = true
  }
}

provider "aws" {
  region = var.region
  default_tags {
    tags = {
      product     = "inventory-management"
      environment = var.environment
      managed-by  = "terraform"
    }
  }
}
