#!/usr/bin/env bash
# The browser tests use Debian's Chromium; test tools' own browser downloads do not work here.
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium from Debian's packages..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null || {
    apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null
  }
  exit 0
fi
echo "Chromium is missing: install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH." >&2
exit 1
