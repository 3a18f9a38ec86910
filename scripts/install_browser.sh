#!/usr/bin/env bash
# Install Debian's chromium for the real-browser test (tests/browser/).
# Idempotent: does nothing when /usr/bin/chromium is already there.
# Playwright's own browser download is not used: the test drives this
# system chromium through `executable_path`.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install_browser.sh: need root to apt-get install chromium (run: sudo $0)" >&2
    exit 2
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# fonts-noto-cjk lets screenshots of the JupyterLab page show Chinese text;
# the charts themselves use crmlab's bundled font and do not need it.
apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk
/usr/bin/chromium --version || true
