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
