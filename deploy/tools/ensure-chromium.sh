#!/usr/bin/env bash
# Makes sure Debian's chromium (the browser the coach's report is checked in, headless)
# is installed, and prints the path of its binary.
#
# Usage: deploy/tools/ensure-chromium.sh      -> e.g. /usr/bin/chromium
#
# Debian's package, not a browser a tool downloads for itself: this machine reaches the
# Debian archive, not the browser vendors' download sites.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$SCRIPT_DIR/common.sh"

if ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium
fi

command -v chromium || die "chromium is still missing after installing it"
