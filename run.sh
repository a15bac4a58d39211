#!/usr/bin/env bash
# Runs O2O with demo data: ./run.sh
#  - with ConnectionStrings__O2O set, it uses that database;
#  - else, with PostgreSQL binaries on the machine, it starts a private cluster in .local/;
#  - else, with a Docker engine, it runs `docker compose up`.
set -euo pipefail
cd "$(dirname "$0")"
URL="${O2O_URL:-http://127.0.0.1:5080}"

if [ -z "${ConnectionStrings__O2O:-}" ]; then
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    ConnectionStrings__O2O="$(scripts/local-postgres.sh start)"
    export ConnectionStrings__O2O
    echo "PostgreSQL is running (stop it with: scripts/local-postgres.sh stop)."
  elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    exec docker compose up --build
  else
    echo "No database: set ConnectionStrings__O2O, install PostgreSQL (apt-get install postgresql), or install Docker." >&2
    exit 1
  fi
fi

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
echo "O2O storefront: $URL   (API reference: $URL/api/docs)"
exec dotnet run --project src/O2O.Web --no-launch-profile --urls "$URL"
