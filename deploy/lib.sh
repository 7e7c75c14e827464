# Shared by deploy/backup and deploy/restore. Sourced, not executed.
#
# Where the database is: libpq's own variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE; or a
# connection URI in TC_DATABASE_URL), used by the PostgreSQL client tools on this machine; or, with
# TC_COMPOSE=1, the `postgres` service of deploy/docker-compose.yml, whose own client tools run inside
# its container (`docker compose exec`), the dump passing through stdin/stdout.

DEPLOY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# Runs a PostgreSQL client tool against the database; stdin and stdout pass through.
pg() {
  if [ "${TC_COMPOSE:-}" = 1 ]; then
    docker compose -f "$DEPLOY/docker-compose.yml" exec -T \
      -e PGUSER="${PGUSER:-twinningcloud}" -e PGDATABASE="${PGDATABASE:-twinningcloud}" postgres "$@"
  else
    command -v "$1" >/dev/null || die "$1 not found (Debian: apt-get install postgresql-client)"
    "$@"
  fi
}

# The --dbname argument of the tools: the URI, or the database named by PGDATABASE.
dbname_arg() {
  if [ -n "${TC_DATABASE_URL:-}" ]; then
    echo "--dbname=$TC_DATABASE_URL"
  elif [ -n "${PGDATABASE:-}" ] || [ "${TC_COMPOSE:-}" = 1 ]; then
    echo "--dbname=${PGDATABASE:-twinningcloud}"
  else
    die "say which database: PGDATABASE (with PGHOST, PGPORT, PGUSER, PGPASSWORD) or TC_DATABASE_URL"
  fi
}
