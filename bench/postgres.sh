#!/usr/bin/env bash
# Starts (or reuses) the benchmark's own PostgreSQL cluster and prints its connection string.
# Usage: bench/postgres.sh start|stop. Port: O2O_BENCH_PG_PORT (55499). Data: bench/.data/pg (git-ignored),
# or /var/tmp/o2o-bench-*/pg when the postgres user can't reach the checkout.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")" && pwd)"
PORT="${O2O_BENCH_PG_PORT:-55499}"
PGBIN="${O2O_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (apt-get install postgresql)." >&2; exit 1; }

as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

DATA="$ROOT/.data/pg"
mkdir -p "$ROOT/.data"
if [ "$(id -u)" = "0" ]; then
  mkdir -p "$DATA" && chown postgres: "$DATA" && chmod 700 "$DATA"
  if ! runuser -u postgres -- test -w "$DATA"; then
    DATA="/var/tmp/o2o-bench-$(echo "$ROOT" | md5sum | cut -c1-8)/pg"
    mkdir -p "$DATA" && chown -R postgres: "$(dirname "$DATA")" && chmod 700 "$DATA"
  fi
fi

case "${1:-start}" in
  start)
    if [ ! -f "$DATA/PG_VERSION" ]; then
      as_pg "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
      # Sized for a 24 GiB machine and a 10 M-row stock table; durability stays on (fsync, synchronous_commit).
      cat <<CONF | as_pg tee -a "$DATA/postgresql.conf" >/dev/null
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA'
max_connections = 400
shared_buffers = 4GB
effective_cache_size = 12GB
work_mem = 16MB
maintenance_work_mem = 1GB
max_wal_size = 8GB
wal_level = minimal
max_wal_senders = 0
CONF
    fi
    # Where PostgreSQL's time goes, per statement (the bench prints the top ones per scenario). Added to clusters
    # made before it, which then restart once.
    if ! grep -q "^shared_preload_libraries = 'pg_stat_statements'" "$DATA/postgresql.conf"; then
      printf "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = top\n" | as_pg tee -a "$DATA/postgresql.conf" >/dev/null
      as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
    fi
    if ! as_pg "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w start >/dev/null
    fi
    as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='o2o_bench'" | grep -q 1 \
      || as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres o2o_bench
    echo "Host=127.0.0.1;Port=$PORT;Database=o2o_bench;Username=postgres"
    ;;
  stop)
    as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
