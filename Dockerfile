# One image recipe for every process of the system. The gateway and the four services differ only in the project
# they publish, so the SDK, the restore, the runtime base, the user and the health check are written once:
#   docker build --build-arg PROJECT=services/Ingest/Publishing.Ingest.csproj -t publishing/ingest .
# docker-compose.yml builds all five this way; deploy/README.md lists the commands for a registry.
# Only classic Dockerfile syntax is used (no RUN --mount, no COPY --parents), so BuildKit and the legacy builder
# behind docker-compose 1.x both build it.

# Base images by digest: a tag is a name its owner moves, and a moved tag would change what ships with no change here.
# The tag beside each digest says what it is: when pinned, sdk:10.0 was SDK 10.0.401 and aspnet:10.0-noble-chiseled
# ASP.NET Core 10.0.12 (multi-platform index digests). A newer patch is a change of these lines, the digest read with
#   docker buildx imagetools inspect mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled
# (deploy/README.md, "Updating the base images").

# The project files alone, at their paths: the restore layer below then changes only when a project file does.
FROM mcr.microsoft.com/dotnet/sdk:10.0@sha256:e70cdb7f80b0348f5cb85f19a8f670fca061f033d57eed12fa003d58b0e06317 AS project-files
WORKDIR /src
COPY . .
RUN find . -type f ! -name '*.csproj' ! -name 'Directory.Build.props' ! -name 'Directory.Packages.props' -delete

FROM mcr.microsoft.com/dotnet/sdk:10.0@sha256:e70cdb7f80b0348f5cb85f19a8f670fca061f033d57eed12fa003d58b0e06317 AS build
ARG PROJECT
RUN test -n "$PROJECT" || { echo "Build with --build-arg PROJECT=<path of the .csproj to publish>" >&2; exit 1; }
WORKDIR /src
# For this platform only: a portable publish would carry the native SQLite of 20 other platforms (about 30 MB).
RUN case "$(uname -m)" in \
      x86_64) echo linux-x64 ;; \
      aarch64) echo linux-arm64 ;; \
      *) echo "No .NET runtime identifier for $(uname -m)" >&2; exit 1 ;; \
    esac > /rid
COPY --from=project-files /src ./
RUN dotnet restore "$PROJECT" -r "$(cat /rid)" \
 && dotnet restore deploy/probe/Publishing.HealthProbe.csproj -r "$(cat /rid)"
COPY . .
# The apphost finds its assembly by the name built into it, so renamed to "start" it is one ENTRYPOINT for every image.
RUN dotnet publish "$PROJECT" -c Release -r "$(cat /rid)" --self-contained false --no-restore -o /out/app \
 && dotnet publish deploy/probe/Publishing.HealthProbe.csproj -c Release -r "$(cat /rid)" --self-contained false --no-restore -o /out/probe \
 && mv "/out/app/$(basename "$PROJECT" .csproj)" /out/app/start \
 && mkdir -p /out/state/keys

# Chiseled Ubuntu: no shell, no package manager, no curl or wget (hence the probe); about 110 MB with the app.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled@sha256:48e51f2f6798897be7ac4e775c049ed8fe60d3190f637e1f9c9dc7513efa659c AS runtime
WORKDIR /app
COPY --from=build /out/app ./
COPY --from=build /out/probe /probe/
# Writable by the app user: the embedded store (when MONGODB_URI is unset) and the gateway's key ring (PUBLISHING_KEYS).
COPY --from=build --chown=1654:1654 /out/state /var/lib/publishing
# The image's non-root "app" user, by number, so that Kubernetes' runAsNonRoot can verify it.
USER 1654
ENV ASPNETCORE_HTTP_PORTS=8080 \
    PUBLISHING_DATA=/var/lib/publishing
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["/probe/health-probe", "/health/ready"]
ENTRYPOINT ["/app/start"]
