#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on 127.0.0.1, then remove the cluster.
#   scripts/with-postgres.sh .venv/bin/python -m pytest
# The command sees DATABASE_URL pointing at the cluster (the role may create the test databases).
set -euo pipefail

PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1)" 2>/dev/null || true)
[ -x "$PGBIN/initdb" ] || PGBIN=$(dirname "$(command -v initdb)")
PORT=${SEBAYA_PG_PORT:-55432}
DIR=$(mktemp -d /tmp/sebaya-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = "0" ]; then
  chown postgres "$DIR"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

"${as_pg[@]}" "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 >/dev/null
"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w start \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
"$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE ROLE sebaya LOGIN CREATEDB PASSWORD 'sebaya'" >/dev/null
"$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE sebaya OWNER sebaya" >/dev/null
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') is up on 127.0.0.1:$PORT"

export DATABASE_URL="postgres://sebaya:sebaya@127.0.0.1:$PORT/sebaya"
"$@"
