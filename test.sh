#!/usr/bin/env bash
# Runs every test: ./test.sh
# Integration tests need PostgreSQL: O2O_TEST_DATABASE if set, else Docker (Testcontainers), else the
# machine's PostgreSQL server binaries (apt-get install postgresql). Browser tests need Chromium
# (/usr/bin/chromium: apt-get install chromium, or O2O_CHROMIUM=path) and npm; their screenshots go to artifacts/screenshots/.
set -uo pipefail
cd "$(dirname "$0")"
results="$(pwd)/artifacts/test-results"
rm -rf "$results" "$(pwd)/artifacts/screenshots" && mkdir -p "$results"

dotnet build O2O.sln -c Release -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
dotnet test O2O.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
status=$?

# One closing line for the whole run, summed over every test project's report.
python3 .ci/count-results.py "$results"
if [ $status -eq 0 ] && [ -z "$(find "$results" -name '*.trx')" ]; then echo "No test ran."; exit 1; fi
exit $status
