#!/usr/bin/env bash
# The O2O benchmark, one command: ./bench/run.sh [flags]   (docs/benchmarks.md lists the flags)
#   ./bench/run.sh                                  1,000 stores × 10,000 products, one app instance
#   ./bench/run.sh --stores 50 --products 2000 --duration 5     a quick run
#   ./bench/run.sh --instances 2 --runs 3           two instances on the same database, median of three runs
# Uses O2O_BENCH_DB (a connection string) if set, else its own PostgreSQL cluster (bench/postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
PGBIN="${O2O_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
DB="${O2O_BENCH_DB:-$(bench/postgres.sh start)}"

echo "Building (Release) …"
for project in src/O2O.Web bench/HelloWorld bench/O2O.Bench; do
  dotnet build "$project" -c Release -nologo -v quiet >/dev/null
done
WEB=src/O2O.Web/bin/Release/net10.0/O2O.Web.dll

# The app's own schema, applied the production way.
ConnectionStrings__O2O="$DB" ASPNETCORE_ENVIRONMENT=Production Serilog__MinimumLevel__Default=Warning dotnet "$WEB" migrate

exec dotnet bench/O2O.Bench/bin/Release/net10.0/O2O.Bench.dll --db "$DB" --web-dll "$WEB" \
  --hello-dll bench/HelloWorld/bin/Release/net10.0/HelloWorld.dll \
  --pgbench "${PGBIN:-/usr/bin}/pgbench" --pgbench-script bench/pgbench/place_order.sql \
  --availability-sql bench/sql/availability.sql --out bench/.out "$@"
