# aws/security-groups.tf: the security groups of intent 'noa-server', compiled by netpact.
# Generated from the intent: change the intent and compile again rather than editing this file.
#
# One security group per workload: attach it to the workload's instances, ENIs or tasks. Each intended
# flow is allowed at both ends, by an egress rule on the source's group and an ingress rule on the
# destination's group, each naming the other group, so nothing else passes either way. The rules are
# separate aws_vpc_security_group_*_rule resources: groups naming each other inline would form a cycle.
# Terraform removes the allow-all egress rule AWS gives a new group, so egress is exactly these rules:
# no 0.0.0.0/0 egress. The internet reaches only the ports of flows from 'internet' (the seed: 80 and 443).
# aws/security-groups.json shows the same groups as 'aws ec2 describe-security-groups' would, with stand-in ids.

variable "vpc_id" {
  description = "The VPC of the security groups"
  type        = string
}

resource "aws_security_group" "ingress-nginx-controller" {
  name        = "ingress-nginx-controller"
  description = "ingress-nginx-controller in zone public of intent noa-server (netpact)"
  vpc_id      = var.vpc_id

  tags = {
    Name             = "ingress-nginx-controller"
    "netpact/intent" = "noa-server"
    "netpact/zone"   = "public"
  }
}

resource "aws_security_group" "noa-server" {
  name        = "noa-server"
  description = "noa-server in zone app of intent noa-server (netpact)"
  vpc_id      = var.vpc_id

  tags = {
    Name             = "noa-server"
    "netpact/intent" = "noa-server"
    "netpact/zone"   = "app"
  }
}

resource "aws_security_group" "mcp-filesystem" {
  name        = "mcp-filesystem"
  description = "mcp-filesystem in zone mcp of intent noa-server (netpact)"
  vpc_id      = var.vpc_id

  tags = {
    Name             = "mcp-filesystem"
    "netpact/intent" = "noa-server"
    "netpact/zone"   = "mcp"
  }
}

resource "aws_security_group" "mcp-github" {
  name        = "mcp-github"
  description = "mcp-github in zone mcp of intent noa-server (netpact)"
  vpc_id      = var.vpc_id

  tags = {
    Name             = "mcp-github"
    "netpact/intent" = "noa-server"
    "netpact/zone"   = "mcp"
  }
}

resource "aws_security_group" "postgresql" {
  name        = "postgresql"
  description = "postgresql in zone data of intent noa-server (netpact)"
  vpc_id      = var.vpc_id

  tags = {
    Name             = "postgresql"
    "netpact/intent" = "noa-server"
    "netpact/zone"   = "data"
  }
}

resource "aws_security_group" "redis" {
  name        = "redis"
  description = "redis in zone data of intent noa-server (netpact)"
  vpc_id      = var.vpc_id

  tags = {
    Name             = "redis"
    "netpact/intent" = "noa-server"
    "netpact/zone"   = "data"
  }
}

resource "aws_security_group" "mongodb" {
  name        = "mongodb"
  description = "mongodb in zone data of intent noa-server (netpact)"
  vpc_id      = var.vpc_id

  tags = {
    Name             = "mongodb"
    "netpact/intent" = "noa-server"
    "netpact/zone"   = "data"
  }
}

resource "aws_security_group" "prometheus" {
  name        = "prometheus"
  description = "prometheus in zone monitoring of intent noa-server (netpact)"
  vpc_id      = var.vpc_id

  tags = {
    Name             = "prometheus"
    "netpact/intent" = "noa-server"
    "netpact/zone"   = "monitoring"
  }
}

resource "aws_security_group" "coredns" {
  name        = "coredns"
  description = "coredns in zone system of intent noa-server (netpact)"
  vpc_id      = var.vpc_id

  tags = {
    Name             = "coredns"
    "netpact/intent" = "noa-server"
    "netpact/zone"   = "system"
  }
}

# 0.0.0.0/0 -> ingress-nginx-controller 443/TCP, ingress end (intent flow 'internet-to-ingress')
resource "aws_vpc_security_group_ingress_rule" "ingress-nginx-controller--from--internet-ipv4--tcp-443" {
  security_group_id = aws_security_group.ingress-nginx-controller.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "intent flow internet-to-ingress"
}

# ::/0 -> ingress-nginx-controller 443/TCP, ingress end (intent flow 'internet-to-ingress')
resource "aws_vpc_security_group_ingress_rule" "ingress-nginx-controller--from--internet-ipv6--tcp-443" {
  security_group_id = aws_security_group.ingress-nginx-controller.id
  cidr_ipv6         = "::/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "intent flow internet-to-ingress"
}

# ingress-nginx-controller -> noa-server 3000/TCP, egress end (intent flow 'ingress-to-noa-server')
resource "aws_vpc_security_group_egress_rule" "ingress-nginx-controller--to--noa-server--tcp-3000" {
  security_group_id            = aws_security_group.ingress-nginx-controller.id
  referenced_security_group_id = aws_security_group.noa-server.id
  ip_protocol                  = "tcp"
  from_port                    = 3000
  to_port                      = 3000
  description                  = "intent flow ingress-to-noa-server"
}

# ingress-nginx-controller -> coredns 53/TCP, egress end (intent flow 'dns-ingress-nginx-controller')
resource "aws_vpc_security_group_egress_rule" "ingress-nginx-controller--to--coredns--tcp-53" {
  security_group_id            = aws_security_group.ingress-nginx-controller.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-ingress-nginx-controller"
}

# ingress-nginx-controller -> coredns 53/UDP, egress end (intent flow 'dns-ingress-nginx-controller')
resource "aws_vpc_security_group_egress_rule" "ingress-nginx-controller--to--coredns--udp-53" {
  security_group_id            = aws_security_group.ingress-nginx-controller.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-ingress-nginx-controller"
}

# ingress-nginx-controller -> noa-server 3000/TCP, ingress end (intent flow 'ingress-to-noa-server')
resource "aws_vpc_security_group_ingress_rule" "noa-server--from--ingress-nginx-controller--tcp-3000" {
  security_group_id            = aws_security_group.noa-server.id
  referenced_security_group_id = aws_security_group.ingress-nginx-controller.id
  ip_protocol                  = "tcp"
  from_port                    = 3000
  to_port                      = 3000
  description                  = "intent flow ingress-to-noa-server"
}

# prometheus -> noa-server 9090/TCP, ingress end (intent flow 'prometheus-scrapes-noa-server')
resource "aws_vpc_security_group_ingress_rule" "noa-server--from--prometheus--tcp-9090" {
  security_group_id            = aws_security_group.noa-server.id
  referenced_security_group_id = aws_security_group.prometheus.id
  ip_protocol                  = "tcp"
  from_port                    = 9090
  to_port                      = 9090
  description                  = "intent flow prometheus-scrapes-noa-server"
}

# noa-server -> mcp-filesystem 8080/TCP, egress end (intent flow 'noa-server-to-mcp')
resource "aws_vpc_security_group_egress_rule" "noa-server--to--mcp-filesystem--tcp-8080" {
  security_group_id            = aws_security_group.noa-server.id
  referenced_security_group_id = aws_security_group.mcp-filesystem.id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  description                  = "intent flow noa-server-to-mcp"
}

# noa-server -> mcp-github 8080/TCP, egress end (intent flow 'noa-server-to-mcp')
resource "aws_vpc_security_group_egress_rule" "noa-server--to--mcp-github--tcp-8080" {
  security_group_id            = aws_security_group.noa-server.id
  referenced_security_group_id = aws_security_group.mcp-github.id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  description                  = "intent flow noa-server-to-mcp"
}

# noa-server -> postgresql 5432/TCP, egress end (intent flow 'noa-server-to-postgresql')
resource "aws_vpc_security_group_egress_rule" "noa-server--to--postgresql--tcp-5432" {
  security_group_id            = aws_security_group.noa-server.id
  referenced_security_group_id = aws_security_group.postgresql.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "intent flow noa-server-to-postgresql"
}

# noa-server -> redis 6379/TCP, egress end (intent flow 'noa-server-to-redis')
resource "aws_vpc_security_group_egress_rule" "noa-server--to--redis--tcp-6379" {
  security_group_id            = aws_security_group.noa-server.id
  referenced_security_group_id = aws_security_group.redis.id
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  description                  = "intent flow noa-server-to-redis"
}

# noa-server -> mongodb 27017/TCP, egress end (intent flow 'noa-server-to-mongodb')
resource "aws_vpc_security_group_egress_rule" "noa-server--to--mongodb--tcp-27017" {
  security_group_id            = aws_security_group.noa-server.id
  referenced_security_group_id = aws_security_group.mongodb.id
  ip_protocol                  = "tcp"
  from_port                    = 27017
  to_port                      = 27017
  description                  = "intent flow noa-server-to-mongodb"
}

# noa-server -> coredns 53/TCP, egress end (intent flow 'dns-noa-server')
resource "aws_vpc_security_group_egress_rule" "noa-server--to--coredns--tcp-53" {
  security_group_id            = aws_security_group.noa-server.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-noa-server"
}

# noa-server -> coredns 53/UDP, egress end (intent flow 'dns-noa-server')
resource "aws_vpc_security_group_egress_rule" "noa-server--to--coredns--udp-53" {
  security_group_id            = aws_security_group.noa-server.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-noa-server"
}

# noa-server -> mcp-filesystem 8080/TCP, ingress end (intent flow 'noa-server-to-mcp')
resource "aws_vpc_security_group_ingress_rule" "mcp-filesystem--from--noa-server--tcp-8080" {
  security_group_id            = aws_security_group.mcp-filesystem.id
  referenced_security_group_id = aws_security_group.noa-server.id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  description                  = "intent flow noa-server-to-mcp"
}

# mcp-filesystem -> coredns 53/TCP, egress end (intent flow 'dns-mcp-filesystem')
resource "aws_vpc_security_group_egress_rule" "mcp-filesystem--to--coredns--tcp-53" {
  security_group_id            = aws_security_group.mcp-filesystem.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-mcp-filesystem"
}

# mcp-filesystem -> coredns 53/UDP, egress end (intent flow 'dns-mcp-filesystem')
resource "aws_vpc_security_group_egress_rule" "mcp-filesystem--to--coredns--udp-53" {
  security_group_id            = aws_security_group.mcp-filesystem.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-mcp-filesystem"
}

# noa-server -> mcp-github 8080/TCP, ingress end (intent flow 'noa-server-to-mcp')
resource "aws_vpc_security_group_ingress_rule" "mcp-github--from--noa-server--tcp-8080" {
  security_group_id            = aws_security_group.mcp-github.id
  referenced_security_group_id = aws_security_group.noa-server.id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  description                  = "intent flow noa-server-to-mcp"
}

# mcp-github -> coredns 53/TCP, egress end (intent flow 'dns-mcp-github')
resource "aws_vpc_security_group_egress_rule" "mcp-github--to--coredns--tcp-53" {
  security_group_id            = aws_security_group.mcp-github.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-mcp-github"
}

# mcp-github -> coredns 53/UDP, egress end (intent flow 'dns-mcp-github')
resource "aws_vpc_security_group_egress_rule" "mcp-github--to--coredns--udp-53" {
  security_group_id            = aws_security_group.mcp-github.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-mcp-github"
}

# noa-server -> postgresql 5432/TCP, ingress end (intent flow 'noa-server-to-postgresql')
resource "aws_vpc_security_group_ingress_rule" "postgresql--from--noa-server--tcp-5432" {
  security_group_id            = aws_security_group.postgresql.id
  referenced_security_group_id = aws_security_group.noa-server.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "intent flow noa-server-to-postgresql"
}

# postgresql -> coredns 53/TCP, egress end (intent flow 'dns-postgresql')
resource "aws_vpc_security_group_egress_rule" "postgresql--to--coredns--tcp-53" {
  security_group_id            = aws_security_group.postgresql.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-postgresql"
}

# postgresql -> coredns 53/UDP, egress end (intent flow 'dns-postgresql')
resource "aws_vpc_security_group_egress_rule" "postgresql--to--coredns--udp-53" {
  security_group_id            = aws_security_group.postgresql.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-postgresql"
}

# noa-server -> redis 6379/TCP, ingress end (intent flow 'noa-server-to-redis')
resource "aws_vpc_security_group_ingress_rule" "redis--from--noa-server--tcp-6379" {
  security_group_id            = aws_security_group.redis.id
  referenced_security_group_id = aws_security_group.noa-server.id
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  description                  = "intent flow noa-server-to-redis"
}

# redis -> coredns 53/TCP, egress end (intent flow 'dns-redis')
resource "aws_vpc_security_group_egress_rule" "redis--to--coredns--tcp-53" {
  security_group_id            = aws_security_group.redis.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-redis"
}

# redis -> coredns 53/UDP, egress end (intent flow 'dns-redis')
resource "aws_vpc_security_group_egress_rule" "redis--to--coredns--udp-53" {
  security_group_id            = aws_security_group.redis.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-redis"
}

# noa-server -> mongodb 27017/TCP, ingress end (intent flow 'noa-server-to-mongodb')
resource "aws_vpc_security_group_ingress_rule" "mongodb--from--noa-server--tcp-27017" {
  security_group_id            = aws_security_group.mongodb.id
  referenced_security_group_id = aws_security_group.noa-server.id
  ip_protocol                  = "tcp"
  from_port                    = 27017
  to_port                      = 27017
  description                  = "intent flow noa-server-to-mongodb"
}

# mongodb -> coredns 53/TCP, egress end (intent flow 'dns-mongodb')
resource "aws_vpc_security_group_egress_rule" "mongodb--to--coredns--tcp-53" {
  security_group_id            = aws_security_group.mongodb.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-mongodb"
}

# mongodb -> coredns 53/UDP, egress end (intent flow 'dns-mongodb')
resource "aws_vpc_security_group_egress_rule" "mongodb--to--coredns--udp-53" {
  security_group_id            = aws_security_group.mongodb.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-mongodb"
}

# prometheus -> noa-server 9090/TCP, egress end (intent flow 'prometheus-scrapes-noa-server')
resource "aws_vpc_security_group_egress_rule" "prometheus--to--noa-server--tcp-9090" {
  security_group_id            = aws_security_group.prometheus.id
  referenced_security_group_id = aws_security_group.noa-server.id
  ip_protocol                  = "tcp"
  from_port                    = 9090
  to_port                      = 9090
  description                  = "intent flow prometheus-scrapes-noa-server"
}

# prometheus -> coredns 53/TCP, egress end (intent flow 'dns-prometheus')
resource "aws_vpc_security_group_egress_rule" "prometheus--to--coredns--tcp-53" {
  security_group_id            = aws_security_group.prometheus.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-prometheus"
}

# prometheus -> coredns 9153/TCP, egress end (intent flow 'prometheus-scrapes-coredns')
resource "aws_vpc_security_group_egress_rule" "prometheus--to--coredns--tcp-9153" {
  security_group_id            = aws_security_group.prometheus.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "tcp"
  from_port                    = 9153
  to_port                      = 9153
  description                  = "intent flow prometheus-scrapes-coredns"
}

# prometheus -> coredns 53/UDP, egress end (intent flow 'dns-prometheus')
resource "aws_vpc_security_group_egress_rule" "prometheus--to--coredns--udp-53" {
  security_group_id            = aws_security_group.prometheus.id
  referenced_security_group_id = aws_security_group.coredns.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-prometheus"
}

# ingress-nginx-controller -> coredns 53/TCP, ingress end (intent flow 'dns-ingress-nginx-controller')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--ingress-nginx-controller--tcp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.ingress-nginx-controller.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-ingress-nginx-controller"
}

# ingress-nginx-controller -> coredns 53/UDP, ingress end (intent flow 'dns-ingress-nginx-controller')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--ingress-nginx-controller--udp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.ingress-nginx-controller.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-ingress-nginx-controller"
}

# noa-server -> coredns 53/TCP, ingress end (intent flow 'dns-noa-server')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--noa-server--tcp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.noa-server.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-noa-server"
}

# noa-server -> coredns 53/UDP, ingress end (intent flow 'dns-noa-server')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--noa-server--udp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.noa-server.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-noa-server"
}

# mcp-filesystem -> coredns 53/TCP, ingress end (intent flow 'dns-mcp-filesystem')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--mcp-filesystem--tcp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.mcp-filesystem.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-mcp-filesystem"
}

# mcp-filesystem -> coredns 53/UDP, ingress end (intent flow 'dns-mcp-filesystem')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--mcp-filesystem--udp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.mcp-filesystem.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-mcp-filesystem"
}

# mcp-github -> coredns 53/TCP, ingress end (intent flow 'dns-mcp-github')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--mcp-github--tcp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.mcp-github.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-mcp-github"
}

# mcp-github -> coredns 53/UDP, ingress end (intent flow 'dns-mcp-github')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--mcp-github--udp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.mcp-github.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-mcp-github"
}

# postgresql -> coredns 53/TCP, ingress end (intent flow 'dns-postgresql')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--postgresql--tcp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.postgresql.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-postgresql"
}

# postgresql -> coredns 53/UDP, ingress end (intent flow 'dns-postgresql')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--postgresql--udp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.postgresql.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-postgresql"
}

# redis -> coredns 53/TCP, ingress end (intent flow 'dns-redis')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--redis--tcp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.redis.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-redis"
}

# redis -> coredns 53/UDP, ingress end (intent flow 'dns-redis')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--redis--udp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.redis.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-redis"
}

# mongodb -> coredns 53/TCP, ingress end (intent flow 'dns-mongodb')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--mongodb--tcp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.mongodb.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-mongodb"
}

# mongodb -> coredns 53/UDP, ingress end (intent flow 'dns-mongodb')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--mongodb--udp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.mongodb.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-mongodb"
}

# prometheus -> coredns 53/TCP, ingress end (intent flow 'dns-prometheus')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--prometheus--tcp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.prometheus.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-prometheus"
}

# prometheus -> coredns 9153/TCP, ingress end (intent flow 'prometheus-scrapes-coredns')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--prometheus--tcp-9153" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.prometheus.id
  ip_protocol                  = "tcp"
  from_port                    = 9153
  to_port                      = 9153
  description                  = "intent flow prometheus-scrapes-coredns"
}

# prometheus -> coredns 53/UDP, ingress end (intent flow 'dns-prometheus')
resource "aws_vpc_security_group_ingress_rule" "coredns--from--prometheus--udp-53" {
  security_group_id            = aws_security_group.coredns.id
  referenced_security_group_id = aws_security_group.prometheus.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "intent flow dns-prometheus"
}
