#!/usr/bin/env bash
# A local PostgreSQL server run as a plain process (pg_ctl), with its own
# cluster in a project directory: no system service, no Docker.
#
# Usage: deploy/postgres/pg.sh {up|down|restart|status}
#   up       install Debian's postgresql if needed, initdb the cluster on first
#            use, start it and wait until it accepts connections, then create
#            the role and the database if missing (the role's password is set
#            to PG_PASSWORD every time); no-op start when already running
#   down     fast shutdown (pg_ctl stop -m fast); no-op when not running
#   restart  down, then up
#   status   exit 0 when running, exit 3 otherwise
#
# Environment (defaults in brackets):
#   PG_PORT      TCP port on 127.0.0.1 [5432]
#   PG_DATA_DIR  the cluster (PGDATA); also holds the unix socket and
#                log/postgres.log [<repo>/var/postgres]
#   PG_USER      login role the application uses [outreach]
#   PG_PASSWORD  its password: required by `up`, no default
#   PG_DBNAME    database owned by PG_USER [outreach]
#   PG_START_TIMEOUT  seconds pg_ctl waits for start-up [60]
#
# Connect: postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DBNAME
# Superuser `postgres` (no password) only over the unix socket:
#   psql -h "$PG_DATA_DIR" -p "$PG_PORT" -U postgres
#
# As root, the server runs as the `postgres` OS user (PostgreSQL refuses to
# run as root) and PG_DATA_DIR is chown'ed to it: every directory above it
# must be searchable by that user. A checkout in a 0700 folder (mktemp -d) is
# not, so `up` grants traverse-only access (o+x: no listing) where missing.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../tools/common.sh
. "$SCRIPT_DIR/../tools/common.sh"

PG_PORT="${PG_PORT:-5432}"
PG_DATA_DIR="$(abspath "${PG_DATA_DIR:-$REPO_ROOT/var/postgres}")"
PG_USER="${PG_USER:-outreach}"
PG_DBNAME="${PG_DBNAME:-outreach}"
PG_START_TIMEOUT="${PG_START_TIMEOUT:-60}"
LOG_FILE="$PG_DATA_DIR/log/postgres.log"

[[ $PG_PORT =~ ^[0-9]+$ ]] || die "PG_PORT must be a port number, got '$PG_PORT'"
# Every path is absolute by now. Commands run as `postgres` complain when they
# cannot enter the caller's working directory (/root, say).
cd /

# Newest installed server version's bin dir (Debian keeps the server binaries
# off PATH, under /usr/lib/postgresql/<version>/bin).
find_pg_bin() {
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  [[ -n $dir && -x $dir/initdb ]] && echo "$dir"
}

ensure_postgres() {
  PG_BIN=$(find_pg_bin) || true
  if [[ -z ${PG_BIN:-} ]]; then
    # apt_install keeps the package from starting the system cluster on 5432.
    apt_install postgresql
    PG_BIN=$(find_pg_bin) || die "postgresql installed, but no initdb under /usr/lib/postgresql/*/bin"
  fi
}

# Run a PostgreSQL program as the cluster's owner: `postgres` when we are root.
RUN_AS=()
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || RUN_AS_MISSING=1
  RUN_AS=(runuser -u postgres --)
fi
pg() { "${RUN_AS[@]}" "$@"; }

pg_running() {
  [[ -f $PG_DATA_DIR/PG_VERSION ]] && pg "$PG_BIN/pg_ctl" -D "$PG_DATA_DIR" status >/dev/null 2>&1
}

# Top down, so that each check runs where every directory above already passes.
open_path_to() {
  local dir="" part
  local -a parts
  IFS=/ read -r -a parts <<<"${1#/}"
  for part in "${parts[@]}"; do
    dir="$dir/$part"
    if ! pg test -x "$dir"; then
      log "letting the postgres user traverse $dir (chmod o+x, no listing)"
      chmod o+x "$dir"
    fi
  done
}

init_cluster() {
  [[ -f $PG_DATA_DIR/PG_VERSION ]] && return 0
  if [[ -n ${RUN_AS_MISSING:-} ]]; then
    # The postgresql-common package creates this user; make it if a partial
    # install did not.
    as_root adduser --system --group --home /var/lib/postgresql --no-create-home postgres >/dev/null
  fi
  mkdir -p "$PG_DATA_DIR"
  ((${#RUN_AS[@]})) && open_path_to "$PG_DATA_DIR"
  if [[ -n $(ls -A "$PG_DATA_DIR") ]]; then
    die "$PG_DATA_DIR is not empty and holds no cluster; move it away or set PG_DATA_DIR"
  fi
  if ((${#RUN_AS[@]})); then
    chown postgres:postgres "$PG_DATA_DIR"
    pg test -w "$PG_DATA_DIR" ||
      die "the postgres user cannot reach $PG_DATA_DIR: make its parent directories searchable (chmod o+x) or set PG_DATA_DIR elsewhere"
  fi
  chmod 700 "$PG_DATA_DIR"
  log "initdb $PG_DATA_DIR"
  # Superuser `postgres`: trusted over the unix socket only (which lives in
  # the 0700 data dir); TCP logins need a SCRAM password. --no-sync skips the
  # final fsync of a brand-new cluster (seconds on slow disks).
  # --no-locale: C collation (byte order, fast, the same on every machine).
  local initdb_log
  initdb_log=$(mktemp)
  pg "$PG_BIN/initdb" -D "$PG_DATA_DIR" -U postgres --encoding=UTF8 --no-locale \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$initdb_log" 2>&1 || {
    show_log_tail "$initdb_log"
    rm -f "$initdb_log"
    die "initdb failed"
  }
  rm -f "$initdb_log"
  # Our settings live in their own file, rewritten on every `up` (the port may
  # change); postgresql.conf only includes it.
  echo "include_if_exists = 'outreach.conf'" | pg tee -a "$PG_DATA_DIR/postgresql.conf" >/dev/null
  pg mkdir -p "$PG_DATA_DIR/log"
}

write_settings() {
  pg tee "$PG_DATA_DIR/outreach.conf" >/dev/null <<EOF
# Written by deploy/postgres/pg.sh on every start; edits are lost.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DATA_DIR'
EOF
}

# psql as superuser over the unix socket, stopping at the first error.
psql_super() {
  pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DATA_DIR" -p "$PG_PORT" -U postgres -d postgres "$@"
}

ensure_role_and_db() {
  # Values pass as psql variables and are quoted by format(%I/%L): any name or
  # password is safe. CREATE DATABASE cannot run in a DO block, hence \gexec.
  psql_super -v user="$PG_USER" -v pw="$PG_PASSWORD" -v db="$PG_DBNAME" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'user', :'pw')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'user', :'pw') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
}

cmd_up() {
  [[ -n ${PG_PASSWORD:-} ]] || die "PG_PASSWORD is not set: export the password of role '$PG_USER' (no default on purpose)"
  # Unix socket paths are limited to 107 bytes.
  local socket="$PG_DATA_DIR/.s.PGSQL.$PG_PORT"
  ((${#socket} <= 100)) || die "socket path too long ($socket): use a shorter PG_DATA_DIR"
  ensure_postgres
  init_cluster
  if pg_running; then
    log "already running on 127.0.0.1:$PG_PORT (data $PG_DATA_DIR)"
  else
    port_open "$PG_PORT" && die "port $PG_PORT is already in use by another process"
    write_settings
    log "starting PostgreSQL $(basename "$(dirname "$PG_BIN")") on 127.0.0.1:$PG_PORT (data $PG_DATA_DIR)"
    # pg_ctl -w waits until the server accepts connections; its stdio is
    # detached so a caller capturing our output does not wait on the server.
    if ! pg "$PG_BIN/pg_ctl" -D "$PG_DATA_DIR" -l "$LOG_FILE" -w -t "$PG_START_TIMEOUT" start \
        </dev/null >/dev/null 2>&1; then
      show_log_tail "$LOG_FILE"
      die "PostgreSQL did not start (log above)"
    fi
  fi
  ensure_role_and_db
  log "PostgreSQL is up: postgresql://$PG_USER:***@127.0.0.1:$PG_PORT/$PG_DBNAME"
}

cmd_down() {
  PG_BIN=$(find_pg_bin) || true
  if [[ -z ${PG_BIN:-} ]] || ! pg_running; then
    log "PostgreSQL is not running (data $PG_DATA_DIR)"
    return 0
  fi
  log "stopping PostgreSQL (data $PG_DATA_DIR)"
  pg "$PG_BIN/pg_ctl" -D "$PG_DATA_DIR" -m fast -w -t 60 stop >/dev/null
  log "PostgreSQL stopped"
}

cmd_status() {
  PG_BIN=$(find_pg_bin) || true
  if [[ -n ${PG_BIN:-} ]] && pg_running; then
    echo "postgres running on 127.0.0.1:$PG_PORT data $PG_DATA_DIR"
  else
    echo "postgres not running (data $PG_DATA_DIR)"
    return 3
  fi
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  restart) cmd_down; cmd_up ;;
  status) cmd_status ;;
  *) echo "usage: $0 {up|down|restart|status}" >&2; exit 2 ;;
esac
