#!/usr/bin/env bash
# Builds the system in Release and measures articles per second through the batch endpoint, end to end:
# ingest -> outbox -> RabbitMQ -> articles -> readable with GET /api/articles/{id}.
# Arguments: [articles=20000] [batchSize=500] [inFlight=4]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project benchmarks/IngestThroughput -- "$@"
