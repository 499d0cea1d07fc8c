#!/usr/bin/env bash
# Builds and starts the whole system on this machine: a RabbitMQ node (unless RABBITMQ_URI is set), the four
# services and the gateway, each its own process. Runs until Ctrl+C or SIGTERM, then stops all it started.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

require_dotnet
[ -n "${RABBITMQ_URI:-}" ] || require_rabbitmq

echo "Building ..."
dotnet build Publishing.sln -c Release -nologo -v quiet -clp:ErrorsOnly
# exec: the launcher itself receives SIGINT/SIGTERM and stops every process it started.
exec dotnet artifacts/bin/Publishing.Launcher/release/Publishing.Launcher.dll
