#!/usr/bin/env bash
# Debian packages the tests and the instructor's tools use (idempotent):
#   chromium          the real-browser tests (tests/integration/browser/), driven by Playwright through
#                     `executable_path` (Playwright's own browser download is not used);
#   fonts-noto-cjk    Chinese text in screenshots of JupyterLab pages (charts use crmlab's own font);
#   bubblewrap        the sandbox every grading kernel runs in (crmlab.grading.sandbox).
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
if [ ${#need[@]} -eq 0 ]; then
    echo "Debian packages already installed: chromium, fonts-noto-cjk, bubblewrap"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install_debian_packages.sh: need root to apt-get install ${need[*]} (run: sudo $0)" >&2
    exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${need[@]}"
/usr/bin/chromium --version || true
bwrap --version || true
