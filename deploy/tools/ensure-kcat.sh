#!/usr/bin/env bash
# Makes sure kcat (formerly kafkacat), an independent Kafka client used by the
# tests, is installed, and prints the path of its binary.
#
# Usage: deploy/tools/ensure-kcat.sh      -> e.g. /usr/bin/kcat
#
# Debian 12 ships package `kcat` (binary /usr/bin/kcat); older releases only
# had package and binary `kafkacat`. Either binary is accepted.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$SCRIPT_DIR/common.sh"

find_kcat() { command -v kcat 2>/dev/null || command -v kafkacat 2>/dev/null; }

if ! find_kcat >/dev/null; then
  # Pick whichever package the archive has a candidate for.
  candidate() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}'; }
  pkg=kcat
  if [[ $(candidate kcat) == "" || $(candidate kcat) == "(none)" ]]; then
    as_root apt-get update -q >/dev/null 2>&1 || true
    if [[ $(candidate kcat) == "" || $(candidate kcat) == "(none)" ]]; then
      pkg=kafkacat
    fi
  fi
  apt_install "$pkg"
fi

find_kcat || die "kcat is still missing after installing it"
