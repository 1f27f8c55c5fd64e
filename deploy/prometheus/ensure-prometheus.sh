#!/usr/bin/env bash
# Makes sure `prometheus` and `promtool` are installed (Debian package
# `prometheus`) and that no system-wide Prometheus service holds port 9090:
# our own scripts and tests start Prometheus themselves, with our configs.
#
# Usage: deploy/prometheus/ensure-prometheus.sh
#   Installs the package when either binary is missing (service start-up
#   blocked during the install, see apt_install in deploy/tools/common.sh),
#   then stops and disables the package's system service if it exists, and
#   prints the promtool version. Safe to run again: it changes nothing twice.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../tools/common.sh
. "$SCRIPT_DIR/../tools/common.sh"

SERVICES=(prometheus prometheus-node-exporter)

systemd_running() { [[ -d /run/systemd/system ]]; }

# Stops a system service the package may have started, and keeps it from
# starting at boot. Works with systemd and with plain SysV init scripts.
stop_and_disable() {
  local name=$1
  if systemd_running; then
    if systemctl list-unit-files "$name.service" 2>/dev/null | grep -q "^$name.service"; then
      log "stopping and disabling the system service $name"
      as_root systemctl disable --now "$name.service" >/dev/null 2>&1 || true
    fi
  elif [[ -x /etc/init.d/$name ]]; then
    if /etc/init.d/"$name" status >/dev/null 2>&1; then
      log "stopping the system service $name"
      as_root /etc/init.d/"$name" stop >/dev/null 2>&1 || true
    fi
    as_root update-rc.d "$name" disable >/dev/null 2>&1 || true
  fi
}

if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; then
  apt_install prometheus
fi
for service in "${SERVICES[@]}"; do
  stop_and_disable "$service"
done

command -v promtool >/dev/null 2>&1 || die "promtool is still missing after installing prometheus"
promtool --version 2>&1 | head -n 1
