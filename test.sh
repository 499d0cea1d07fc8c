#!/usr/bin/env bash
# Builds and runs the whole test suite, installing what is missing, and ends with one line:
#   tests: N passed, N failed, N skipped
# Extra arguments go to 'dotnet test' (for example: ./test.sh --filter "FullyQualifiedName~Ingest").
set -uo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

require_dotnet
[ -n "${RABBITMQ_URI:-}" ] || require_rabbitmq
require chromium chromium
require_deploy_tools

results=TestResults
rm -rf "$results"

echo "Building ..."
if ! dotnet build Publishing.sln -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

echo "Testing ..."
dotnet test Publishing.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  --blame-hang-timeout 10m "$@"
status=$?

# One closing line from the TRX files of every test project (VSTest counters).
passed=0 failed=0 total=0 executed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*' "$trx" | head -1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  total=$((total + $(value total)))
  executed=$((executed + $(value executed)))
done
skipped=$((total - executed))
# Name each failed test again at the end, with the first lines of its message, so a log cut to its tail still says what failed.
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  tr -d '\r' < "$trx" | awk '
    /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); gsub(/&quot;/, "\"", name); print "FAILED " name; failing = 1; shown = 0 }
    failing && /<Message>/ { inMessage = 1 }
    inMessage && shown < 8 { line = $0; sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line); gsub(/&quot;/, "\"", line); gsub(/&lt;/, "<", line); gsub(/&gt;/, ">", line); gsub(/&amp;/, "\\&", line); sub(/^ */, "  ", line); print line; shown++ }
    inMessage && /<\/Message>/ { inMessage = 0; failing = 0 }'
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # dotnet test failed without a failed test in the reports (a crashed or hung test host): count it.
  failed=1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
