# Shared helpers for the deploy/local service scripts. Source it; do not run it.
#
# Conventions every service script follows:
#   - data and logs live in $HEADEND_LOCAL_DIR/<service> (default: <repo>/.local, git-ignored);
#   - downloads and builds are cached per user in $HEADEND_CACHE_DIR (default: ~/.cache/headend),
#     so a fresh clone on the same machine starts warm;
#   - "up" is idempotent: it reuses an instance that already answers, and returns only when the
#     service really answers (or fails with a message naming it);
#   - "down" stops the instance this checkout started (pid file), and is a no-op otherwise.

set -euo pipefail

HEADEND_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HEADEND_LOCAL_DIR="${HEADEND_LOCAL_DIR:-$HEADEND_ROOT/.local}"
HEADEND_CACHE_DIR="${HEADEND_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/headend}"
export HEADEND_ROOT HEADEND_LOCAL_DIR HEADEND_CACHE_DIR

log() { printf '[%s] %s\n' "${SERVICE:-local}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# service_dir <name>: the data folder of one service, created on demand.
service_dir() {
  local dir="$HEADEND_LOCAL_DIR/$1"
  mkdir -p "$dir"
  printf '%s' "$dir"
}

# port_open <port>: true when something accepts TCP connections on 127.0.0.1:<port>.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pid_alive <pidfile>: true when the pid file names a running process. An exited process that its
# new parent has not reaped yet (state Z; slow in some containers) counts as gone.
pid_alive() {
  [[ -f "$1" ]] || return 1
  local pid state
  pid="$(cat "$1")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  state="$(ps -o stat= -p "$pid" 2>/dev/null)" || return 1
  [[ -n "$state" && "$state" != Z* ]]
}

pid_gone() { ! pid_alive "$1"; }

# wait_until <seconds> <description> <command...>: polls the command every 0.1 s.
wait_until() {
  local timeout="$1" what="$2"
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if ((SECONDS >= deadline)); then
      return 1
    fi
    sleep 0.1
  done
}

# stop_pidfile <pidfile> <seconds>: TERM, wait, then KILL; removes the pid file.
stop_pidfile() {
  local pidfile="$1" timeout="${2:-30}"
  if ! pid_alive "$pidfile"; then
    rm -f "$pidfile"
    return 0
  fi
  local pid
  pid="$(cat "$pidfile")"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_until "$timeout" "exit" pid_gone "$pidfile"; then
    log "did not stop within ${timeout}s; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# elapsed_ms <start-ns>: milliseconds since a `date +%s%N` reading.
elapsed_ms() {
  echo $((($(date +%s%N) - $1) / 1000000))
}

# apt_install <package...>: installs Debian packages that are missing (needs root, as on CI and
# the development machines). Refreshes the package lists once if the first attempt fails.
apt_install() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  ((${#missing[@]})) || return 0
  command -v apt-get >/dev/null || die "cannot install ${missing[*]}: apt-get is not available; install them by hand"
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  log "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
    { "${sudo[@]}" apt-get update -q >/dev/null && "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; } ||
    die "apt-get could not install ${missing[*]}"
}
