# Shared settings and helpers for tools/test-env/up and tools/test-env/down.
# Sourced, not executed.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="$ROOT/tools/test-env"
STATE="$ROOT/.test-env"                 # gitignored state folder
PG_BIN=/usr/lib/postgresql/15/bin

PG_PORT="${TC_PG_PORT:-55432}"
SMTP_PORT="${TC_SMTP_PORT:-1025}"
MAILDEV_PORT="${TC_MAILDEV_PORT:-1080}"

log() { echo "[test-env] $*" >&2; }

# Run a command as the PostgreSQL owner: `postgres` when we are root
# (initdb/postgres refuse to run as root), ourselves otherwise.
as_pg() {
  # cd / so runuser does not complain when postgres cannot enter our cwd
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# chown -R to postgres when we are root (no-op otherwise).
pg_own() {
  [ "$(id -u)" = 0 ] || return 0
  chown -R postgres:postgres "$@"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Pid of the process listening on 127.0.0.1:$1 (empty when unknown).
port_pid() {
  ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2
}

# Where PostgreSQL lives for this checkout (recorded by `up`, read by `down`).
pg_base() { cat "$STATE/pg-base" 2>/dev/null || echo "$STATE/pg"; }

# Stop a PostgreSQL server whose data dir is $1, if one runs there.
pg_stop() {
  [ -f "$1/postmaster.pid" ] || return 0
  as_pg "$PG_BIN/pg_ctl" -D "$1" -m fast -w -t 30 stop >/dev/null 2>&1 && return 0
  # pg_ctl could not do it (e.g. a half-deleted dir, or a pid file left by a machine restart): signal the
  # postmaster, but only if that pid still is a postgres process (pids are reused after a restart).
  local pid; pid="$(head -n1 "$1/postmaster.pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q postgres; then
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$1/postmaster.pid"
}

# Stop a process by pid if its command line contains $2 (guards pid reuse).
stop_pid() {
  local pid="$1" what="$2"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$what" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

maildev_stop() {
  stop_pid "$(cat "$STATE/maildev.pid" 2>/dev/null)" maildev
  rm -f "$STATE/maildev.pid"
}
