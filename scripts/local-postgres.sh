#!/usr/bin/env bash
# Starts (or reuses) a private PostgreSQL cluster from the machine's PostgreSQL binaries, for ./run.sh.
# Prints the connection string on stdout. Usage: scripts/local-postgres.sh start|stop
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${O2O_PG_PORT:-55432}"
PGBIN="${O2O_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"

if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "PostgreSQL server binaries were not found (looked in /usr/lib/postgresql/*/bin)." >&2
  echo "Install them (Debian/Ubuntu: sudo apt-get install postgresql), set ConnectionStrings__O2O, or use 'docker compose up'." >&2
  exit 1
fi

as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The cluster lives in the git-ignored .local/ folder, unless the postgres user can't reach it (a checkout under /root).
DATA="$ROOT/.local/pg"
mkdir -p "$ROOT/.local"
if [ "$(id -u)" = "0" ]; then
  mkdir -p "$DATA" && chown postgres: "$DATA" && chmod 700 "$DATA"
  if ! runuser -u postgres -- test -w "$DATA"; then
    DATA="/var/tmp/o2o-$(echo "$ROOT" | md5sum | cut -c1-8)/pg"
    mkdir -p "$DATA" && chown -R postgres: "$(dirname "$DATA")" && chmod 700 "$DATA"
  fi
else
  mkdir -p "$DATA" && chmod 700 "$DATA"
fi

case "${1:-start}" in
  start)
    if [ ! -f "$DATA/PG_VERSION" ]; then
      as_pg "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c max_connections=200" start >/dev/null
    fi
    as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='o2o'" | grep -q 1 \
      || as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres o2o
    echo "Host=127.0.0.1;Port=$PORT;Database=o2o;Username=postgres"
    ;;
  stop)
    as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
