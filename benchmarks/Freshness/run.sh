#!/usr/bin/env bash
# Builds the system in Release and measures how soon a publication and a vote show in the API, idle and under load.
# Arguments: [samples=100] [background vote requests per second=200]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project benchmarks/Freshness -- "$@"
