#!/usr/bin/env bash
# Builds in Release and measures Ranking's publication cost and list latency at each corpus size given.
# Arguments: [articles...] [--embeddings-off] (default: 10000 100000, embeddings on)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project benchmarks/Ranking -- "$@"
