#!/bin/sh
# The streaming replica: on first start, a base backup of the primary with -R (standby.signal and primary_conninfo),
# then PostgreSQL as a hot standby. Later starts reuse the folder and catch up from the primary's WAL.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h db -p 5432 -U o2o; do sleep 1; done
  PGPASSWORD=replicator pg_basebackup -h db -p 5432 -U replicator -D "$PGDATA" -R -X stream -c fast
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on
