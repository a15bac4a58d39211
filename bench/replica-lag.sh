#!/usr/bin/env bash
# How far a streaming replica lags under a write load on this machine (ADR 59):
#   ./bench/replica-lag.sh [seconds] [clients]
# A throwaway primary (durable: fsync and synchronous_commit on) and a replica made with pg_basebackup -R, both on
# 127.0.0.1 under /tmp, as the postgres user; pgbench's TPC-B-like write load on the primary; pg_stat_replication's
# write, flush and replay lag sampled every second. Everything is stopped and removed at the end.
set -euo pipefail
SECONDS_OF_LOAD="${1:-30}"
CLIENTS="${2:-16}"
PGBIN="${O2O_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

ROOT="$(mktemp -d /tmp/o2o-replica-lag-XXXXXX)"
chmod 755 "$ROOT"
[ "$(id -u)" = "0" ] && chown postgres: "$ROOT"
P1="$(free_port)"; P2="$(free_port)"
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$ROOT/replica" -m immediate stop >/dev/null 2>&1 || true
  as_pg "$PGBIN/pg_ctl" -D "$ROOT/primary" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$ROOT"
}
trap cleanup EXIT

as_pg "$PGBIN/initdb" -D "$ROOT/primary" -U postgres --auth=trust >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$ROOT/primary" -l "$ROOT/primary.log" -w -o "-c listen_addresses=127.0.0.1 -p $P1 -k $ROOT -c shared_buffers=512MB" start >/dev/null
as_pg "$PGBIN/pgbench" -h 127.0.0.1 -p "$P1" -U postgres -i -s 20 -q postgres >/dev/null 2>&1
as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$P1" -U postgres -D "$ROOT/replica" -R -X stream -c fast
as_pg "$PGBIN/pg_ctl" -D "$ROOT/replica" -l "$ROOT/replica.log" -w -o "-c listen_addresses=127.0.0.1 -p $P2 -k $ROOT -c hot_standby=on" start >/dev/null

echo "Machine: $(nproc) cores; PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'); pgbench TPC-B-like, $CLIENTS clients, ${SECONDS_OF_LOAD} s"
as_pg "$PGBIN/pgbench" -h 127.0.0.1 -p "$P1" -U postgres -n -M prepared -c "$CLIENTS" -j 2 -T "$SECONDS_OF_LOAD" postgres > "$ROOT/pgbench.log" 2>&1 &
LOAD=$!
sleep 2
: > "$ROOT/lag.csv"
while kill -0 "$LOAD" 2>/dev/null; do
  as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$P1" -U postgres -tA -F, -c \
    "SELECT extract(epoch FROM coalesce(write_lag, '0'))*1000, extract(epoch FROM coalesce(flush_lag, '0'))*1000,
            extract(epoch FROM coalesce(replay_lag, '0'))*1000, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)
     FROM pg_stat_replication" postgres >> "$ROOT/lag.csv" || true
  sleep 1
done
wait "$LOAD" || true
grep -E "^tps|latency average" "$ROOT/pgbench.log" || cat "$ROOT/pgbench.log"
python3 - "$ROOT/lag.csv" <<'PY'
import sys, statistics
rows = [list(map(float, l.split(','))) for l in open(sys.argv[1]) if l.strip()]
if not rows: sys.exit("no samples")
def q(xs, p): xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]
for i, name in enumerate(["write_lag ms", "flush_lag ms", "replay_lag ms", "replay behind (bytes)"]):
    xs = [r[i] for r in rows]
    print(f"{name:24} median {statistics.median(xs):10.2f}   p95 {q(xs, .95):10.2f}   max {max(xs):10.2f}   ({len(xs)} samples)")
PY
