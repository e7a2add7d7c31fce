variable "vpc_id" {}
variable "web_id" {}

resource "aws_security_group" "db" {
  name        = "db"
  description = "database"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_web" {
  security_group_id            = aws_security_group.db.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = var.web_id
}

output "db_id" {
  value = aws_security_group.db.id
}
