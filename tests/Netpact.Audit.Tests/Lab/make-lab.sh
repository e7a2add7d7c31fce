#!/usr/bin/env bash
# Writes the audit test bed into DIR: certificates made with openssl now, and two nginx configurations.
#   weak:   TLS 1.0-1.3, every suite incl. NULL and anonymous, self-signed RSA-1024/SHA-1 certificate for
#           the wrong name that expires tomorrow, no security headers, a flagless session cookie and a
#           script loaded over plain HTTP without SRI.
#   strong: TLS 1.3 only, P-256 certificate from a test CA, OCSP stapled, HSTS, strict CSP, nosniff,
#           DENY, no-referrer, plain HTTP redirected to HTTPS.
# Usage: make-lab.sh DIR WEAK_ADDR WEAK_HTTPS WEAK_HTTP STRONG_ADDR STRONG_HTTPS STRONG_HTTP
# Used by the tests' fixture and by hand for the benchmark notes (docs/audit.md).
set -euo pipefail
dir="$1" weak_addr="$2" weak_https="$3" weak_http="$4" strong_addr="$5" strong_https="$6" strong_http="$7"
mkdir -p "$dir"/temp
cd "$dir"
q() { "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@"; exit 1; }; }

# Weak: RSA-1024, SHA-1, self-signed, CN/SAN wrong.example, valid for one day.
q openssl req -x509 -newkey rsa:1024 -sha1 -nodes -days 1 -subj "/CN=wrong.example" \
  -addext "subjectAltName=DNS:wrong.example" -keyout weak.key -out weak.crt

# Test CA (P-256) and the strong leaf for strong.test, with an OCSP response for stapling.
q openssl ecparam -name prime256v1 -genkey -noout -out ca.key
q openssl req -x509 -new -key ca.key -sha256 -days 30 -subj "/CN=netpact test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt
q openssl ecparam -name prime256v1 -genkey -noout -out strong.key
q openssl req -new -key strong.key -subj "/CN=strong.test" -out strong.csr
printf 'subjectAltName=DNS:strong.test\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nauthorityInfoAccess=OCSP;URI:http://127.0.0.1:9/\n' > strong.ext
q openssl x509 -req -in strong.csr -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 90 -extfile strong.ext -out strong.crt
# A certificate for localhost from the same CA, for the Observatory conformance server.
printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' > localhost.ext
q openssl ecparam -name prime256v1 -genkey -noout -out localhost.key
q openssl req -new -key localhost.key -subj "/CN=localhost" -out localhost.csr
q openssl x509 -req -in localhost.csr -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 90 -extfile localhost.ext -out localhost.crt

serial=$(openssl x509 -in strong.crt -noout -serial | cut -d= -f2)
enddate=$(openssl x509 -in strong.crt -noout -enddate | cut -d= -f2)
printf 'V\t%s\t\t%s\tunknown\t/CN=strong.test\n' "$(date -u -d "$enddate" +%y%m%d%H%M%SZ)" "$serial" > index.txt
q openssl ocsp -issuer ca.crt -cert strong.crt -reqout ocsp.req -no_nonce
q openssl ocsp -index index.txt -rsigner ca.crt -rkey ca.key -CA ca.crt -reqin ocsp.req -respout ocsp.der -ndays 2

common() {
  cat <<CONF
pid $dir/$1.pid;
error_log $dir/$1-error.log warn;
worker_processes 1;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path $dir/temp/$1-body;
  proxy_temp_path $dir/temp/$1-proxy;
  fastcgi_temp_path $dir/temp/$1-fastcgi;
  uwsgi_temp_path $dir/temp/$1-uwsgi;
  scgi_temp_path $dir/temp/$1-scgi;
  server_tokens off;
CONF
}

{ common weak; cat <<CONF
  server {
    listen $weak_addr:$weak_https ssl;
    listen $weak_addr:$weak_http;
    server_name weak.test;
    ssl_certificate $dir/weak.crt;
    ssl_certificate_key $dir/weak.key;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_ciphers "ALL:eNULL:aNULL:@SECLEVEL=0";
    gzip on;
    gzip_min_length 1;
    location / {
      default_type text/html;
      add_header Set-Cookie "sessionid=weak-session; Path=/";
      return 200 '<!DOCTYPE html><html><head><title>weak</title><script src="http://cdn.example.com/lib.js"></script></head><body>weak</body></html>';
    }
  }
}
CONF
} > weak.conf

csp="default-src 'none'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'"
{ common strong; cat <<CONF
  server {
    listen $strong_addr:$strong_https ssl;
    server_name strong.test;
    ssl_certificate $dir/strong.crt;
    ssl_certificate_key $dir/strong.key;
    ssl_protocols TLSv1.3;
    ssl_stapling on;
    ssl_stapling_file $dir/ocsp.der;
    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    add_header Content-Security-Policy "$csp" always;
    add_header X-Content-Type-Options nosniff always;
    add_header X-Frame-Options DENY always;
    add_header Referrer-Policy no-referrer always;
    location / {
      default_type text/html;
      return 200 '<!DOCTYPE html><html><head><title>strong</title></head><body>strong</body></html>';
    }
  }
  server {
    listen $strong_addr:$strong_http;
    server_name strong.test;
    location / { return 301 https://strong.test:$strong_https\$request_uri; }
  }
}
CONF
} > strong.conf
