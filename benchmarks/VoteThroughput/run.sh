#!/usr/bin/env bash
# Builds the system in Release and measures votes per second through the gateway, every vote counted.
# Arguments: [readers=2000] [articles=20] [votesPerReader=5] [concurrency=64]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project benchmarks/VoteThroughput -- "$@"
