# shellcheck shell=bash
# Shared helpers for the local server scripts (deploy/*/*.sh). Source it:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/../tools/common.sh"
#
# It only defines functions and REPO_ROOT; it changes no shell options.

# Repository root, from this file's location (deploy/tools/common.sh).
# shellcheck disable=SC2034  # used by the scripts that source this file
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Prefix for messages: the name of the script that sourced us.
_LOG_TAG="$(basename "${BASH_SOURCE[1]:-$0}" .sh)"

log() { printf '[%s] %s\n' "$_LOG_TAG" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$_LOG_TAG" "$*" >&2; exit 1; }

# Absolute path of $1 (which need not exist yet); relative paths are taken
# from the current directory, like any command-line path.
abspath() { realpath -m -- "$1"; }

# Run a command as root: directly when we are root, else through sudo.
as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "need root to run: $*"
  fi
}

# apt_install PKG... : install Debian packages non-interactively.
#
# Service start-up during the install is blocked with a temporary
# /usr/sbin/policy-rc.d that answers 101 ("action forbidden"): Debian's
# postgresql and prometheus packages otherwise start a system-wide server
# on the very ports (5432, 9090) our own processes use. An existing
# policy-rc.d (Docker-style images ship one) is left as it is.
apt_install() {
  local policy=/usr/sbin/policy-rc.d created_policy=0
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* by hand"
  if [[ ! -e $policy ]]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
    created_policy=1
  fi
  log "installing Debian packages: $*"
  local rc=0 out
  out=$(mktemp)
  # The package lists may be missing (fresh image) or stale (404 on an old
  # version): refresh them once and retry. Output goes to a file, shown on
  # failure only.
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends -o DPkg::Lock::Timeout=300 "$@" >"$out" 2>&1; then
    log "apt-get install failed; running apt-get update and retrying"
    as_root apt-get update -q -o DPkg::Lock::Timeout=300 >>"$out" 2>&1 || true
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends -o DPkg::Lock::Timeout=300 "$@" >>"$out" 2>&1 || rc=$?
  fi
  [[ $rc -eq 0 ]] || show_log_tail "$out" 30
  rm -f "$out"
  if [[ $created_policy -eq 1 ]]; then
    as_root rm -f "$policy"
  fi
  [[ $rc -eq 0 ]] || die "apt-get install $* failed (exit $rc)"
}

# pid_alive PIDFILE [PATTERN] : true when PIDFILE names a live process whose
# command line contains PATTERN (guards against a recycled pid).
pid_alive() {
  local pidfile=$1 pattern=${2:-} pid
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -n $pattern ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern" || return 1
  fi
  return 0
}

# stop_pidfile PIDFILE NAME [GRACE_SECONDS] [PATTERN] : SIGTERM, wait, then
# SIGKILL. A missing pid file or a dead process is not an error; with PATTERN,
# neither is a pid now used by another program (see pid_alive).
stop_pidfile() {
  local pidfile=$1 name=$2 grace=${3:-30} pattern=${4:-} pid i
  if ! pid_alive "$pidfile" "$pattern"; then
    rm -f "$pidfile"
    log "$name is not running"
    return 0
  fi
  pid=$(<"$pidfile")
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not stop within ${grace}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$pidfile"
  log "$name stopped"
}

# port_open PORT [HOST] : true when something accepts TCP connections there.
port_open() {
  local port=$1 host=${2:-127.0.0.1}
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

# show_log_tail FILE [LINES] : print the end of a log to stderr.
show_log_tail() {
  local file=$1 lines=${2:-40}
  if [[ -f $file ]]; then
    printf -- '----- last %s lines of %s -----\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" >&2
    printf -- '-----\n' >&2
  fi
}
