#!/usr/bin/env bash
# Builds the system in Release, fills it with the demo content, and measures reader pages per second through the gateway.
# Arguments: [requests=4000] [readers=500] [concurrency=32]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project benchmarks/ReaderPages -- "$@"
