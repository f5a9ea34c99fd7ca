#!/usr/bin/env bash
# What the serving tests and tools need from the distribution (tests/test_nginx.py,
# tests/test_deploy.py, bench/serve_load.py, tools/deploy.py): nginx with the brotli_static
# module, wrk (the load test) and rsync (deploys). Does nothing when all are installed;
# otherwise installs the missing Debian packages with apt-get (as root, or with sudo).
set -euo pipefail
BROTLI_MODULE=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
missing=()
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
[ -e "$BROTLI_MODULE" ] || missing+=(libnginx-mod-http-brotli-static)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v rsync >/dev/null 2>&1 || missing+=(rsync)
if [ ${#missing[@]} = 0 ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-server: missing ${missing[*]} and this system has no apt-get; install them, then run make test again" >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
    sudo="sudo"
fi
echo "install-server: installing ${missing[*]} (Debian packages) for the serving tests"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# The package's post-install script may try to start the system's nginx (there is none in a
# container, or port 80 is taken): the binaries are what the tests use, so that is not fatal.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || {
    [ -e "$BROTLI_MODULE" ] && command -v wrk >/dev/null && command -v rsync >/dev/null && [ -x /usr/sbin/nginx ]
}
