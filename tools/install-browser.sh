#!/usr/bin/env bash
# The browser the test suite drives (tests/browser.py): Debian's Chromium. Does nothing when it
# is already installed; otherwise installs it with apt-get (as root, or with sudo).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: Chromium is missing and this system has no apt-get; install Chromium, then run make test again" >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
    sudo="sudo"
fi
echo "install-browser: installing Chromium (Debian package) for the browser tests"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-noto-core >/dev/null
command -v chromium >/dev/null
