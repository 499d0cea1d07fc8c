# Sourced by run.sh and test.sh: installs what is missing on Debian as root, and elsewhere says what to install.

apt_updated=0

# require COMMAND PACKAGE: makes sure COMMAND exists, installing the Debian PACKAGE if it can.
require() {
  local command=$1 package=$2
  if command -v "$command" >/dev/null 2>&1 || [ -e "$command" ]; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing $package ..."
    if [ "$apt_updated" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
      apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
    command -v "$command" >/dev/null 2>&1 || [ -e "$command" ] && return 0
  fi
  echo "Missing: $command. Install the package '$package' (Debian/Ubuntu: sudo apt-get install -y $package) and run again." >&2
  exit 1
}

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "Missing: the .NET 10 SDK. Install it (https://dot.net) and run again." >&2
    exit 1
  fi
  local major
  major=$(dotnet --version 2>/dev/null | cut -d. -f1)
  if [ "${major:-0}" -lt 10 ]; then
    echo "The .NET SDK found is $(dotnet --version); this project needs .NET 10 or later." >&2
    exit 1
  fi
}

require_rabbitmq() {
  # The real server script lives under /usr/lib/rabbitmq; the package brings Erlang with it.
  if ! ls /usr/lib/rabbitmq/lib/rabbitmq_server-*/sbin/rabbitmq-server >/dev/null 2>&1; then
    require /usr/lib/rabbitmq/bin/rabbitmq-server rabbitmq-server
  fi
}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The deployment tests (tests/Deploy.Tests) check docker-compose.yml with docker-compose and the Kubernetes manifests
# with kubectl's kustomize, offline. Without these tools those tests are skipped, so a failed install only warns.
require_deploy_tools() {
  command -v docker-compose >/dev/null 2>&1 || install_optional docker-compose docker-compose "docker-compose version"
  command -v kubectl >/dev/null 2>&1 || install_optional kubectl kubernetes-client "kubectl version --client"
}

# install_optional COMMAND PACKAGE CHECK: installs the Debian PACKAGE and runs CHECK, up to three times. dpkg was
# once killed mid-install here (its helper got SIGPIPE), leaving the package half-configured: hence the
# 'dpkg --configure -a' before each try, and apt's output to a file rather than a pipe.
install_optional() {
  local command=$1 package=$2 check=$3 attempt log="${TMPDIR:-/tmp}/publishing-install-$2.log"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    for attempt in 1 2 3; do
      echo "Installing $package ..."
      if [ "$apt_updated" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 && apt_updated=1
      fi
      DEBIAN_FRONTEND=noninteractive dpkg --configure -a >>"$log" 2>&1
      if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >>"$log" 2>&1 && $check >>"$log" 2>&1; then
        return 0
      fi
      sleep $((attempt * 3))
    done
    echo "Could not install $package (log: $log)." >&2
  fi
  echo "Optional: $command is missing (Debian/Ubuntu: sudo apt-get install -y $package); the tests that need it are skipped." >&2
  return 0
}
