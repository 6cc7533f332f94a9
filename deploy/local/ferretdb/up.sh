#!/usr/bin/env bash
# Starts a local MongoDB-wire server: FerretDB 1.24 with its SQLite backend, on 127.0.0.1.
#
#   HEADEND_MONGO_PORT   port to listen on (default 27017)
#
# Builds deploy/local/ferretdb (a tiny Go main embedding FerretDB) into
# $HEADEND_CACHE_DIR/ferretdb-<hash>/headend-ferretdb when missing, then runs it with its data,
# log and pid file in $HEADEND_LOCAL_DIR/ferretdb. Idempotent: an instance that already answers
# on the port is reused. Returns only when the server answers a real MongoDB `ping` command.
SERVICE=ferretdb
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

SRC_DIR="$HEADEND_ROOT/deploy/local/ferretdb"
PORT="${HEADEND_MONGO_PORT:-27017}"
ADDR="127.0.0.1:$PORT"
START_TIMEOUT=60

if ! [[ "$PORT" =~ ^[1-9][0-9]{0,4}$ ]] || ((PORT > 65535)); then
  die "HEADEND_MONGO_PORT must be a port number (1-65535), got '$PORT'"
fi

# Build flags are part of the cache key: the same sources built differently are another binary.
# ferretdb_no_postgresql leaves out the PostgreSQL backend we do not use (smaller, faster build).
BUILD_FLAGS=(-trimpath -buildvcs=false -tags ferretdb_no_postgresql -ldflags "-s -w")

ensure_binary() {
  local hash
  hash="$(cat "$SRC_DIR/go.mod" "$SRC_DIR/go.sum" "$SRC_DIR/main.go" "$SRC_DIR"/overlay/* <(printf '%s\n' "${BUILD_FLAGS[@]}") |
    sha256sum | cut -c1-16)"
  BIN="$HEADEND_CACHE_DIR/ferretdb-$hash/headend-ferretdb"
  [[ -x "$BIN" ]] && return 0

  command -v go >/dev/null 2>&1 ||
    die "'go' not found on PATH: FerretDB is built from source and needs Go >= 1.24 (https://go.dev/dl/)"
  # go.mod says `go 1.24`; Go 1.21-1.23 fetch that toolchain themselves (GOTOOLCHAIN=auto), older ones cannot.
  local gov
  gov="$(go env GOVERSION 2>/dev/null || true)"
  if [[ "$gov" =~ ^go1\.([0-9]+) ]] && ((BASH_REMATCH[1] < 21)); then
    die "$gov is too old to build FerretDB: install Go >= 1.24 (https://go.dev/dl/)"
  fi

  log "building FerretDB into $BIN (first time on this machine: about 2 minutes on 2 cores) ..."
  mkdir -p "$(dirname "$BIN")"
  local t0 tmp build
  t0="$(date +%s%N)"
  tmp="$BIN.tmp.$$"
  # FerretDB's sources with our fix laid over them (overlay/: see the file's head for why). Go does
  # not let a build replace files of the module cache, so the build vendors its modules (from the
  # cache, offline) into a scratch copy and patches the vendored file.
  build="$(dirname "$BIN")/build.$$"
  rm -rf "$build" && mkdir -p "$build"
  cp "$SRC_DIR/go.mod" "$SRC_DIR/go.sum" "$SRC_DIR/main.go" "$build/"
  if ! (cd "$build" && go mod vendor &&
    cp "$SRC_DIR/overlay/metadata.go.overlay" \
      vendor/github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata/metadata.go &&
    CGO_ENABLED=0 go build -mod=vendor "${BUILD_FLAGS[@]}" -o "$tmp" .); then
    rm -rf "$tmp" "$build"
    die "building FerretDB (headend-ferretdb) failed; see the go output above"
  fi
  rm -rf "$build"
  mv -f "$tmp" "$BIN" # atomic: a concurrent up never runs a half-written binary
  log "built FerretDB in $(elapsed_ms "$t0") ms"
}

answers() {
  "$BIN" ping -q -addr "$ADDR" -timeout "${1:-2s}" 2>/dev/null
}

ensure_binary

DIR="$(service_dir ferretdb)"
PIDFILE="$DIR/ferretdb.pid"
LOGFILE="$DIR/ferretdb.log"
ADDRFILE="$DIR/ferretdb.addr"

# A pid file naming another program (pid reused after a reboot) is stale.
if pid_alive "$PIDFILE" && ! ps -p "$(cat "$PIDFILE")" -o args= 2>/dev/null | grep -q headend-ferretdb; then
  rm -f "$PIDFILE" "$ADDRFILE"
fi

if pid_alive "$PIDFILE"; then
  # This checkout's instance (perhaps still starting): reuse it once it answers.
  running="$(cat "$ADDRFILE" 2>/dev/null || echo unknown)"
  [[ "$running" == "$ADDR" ]] ||
    die "this checkout's FerretDB (pid $(cat "$PIDFILE")) runs on $running, not $ADDR; run down.sh first"
  if wait_until "$START_TIMEOUT" "answer" answers; then
    log "reusing FerretDB already answering on $ADDR (pid $(cat "$PIDFILE"))"
    exit 0
  fi
  tail -n 40 "$LOGFILE" >&2 || true
  die "FerretDB started by this checkout (pid $(cat "$PIDFILE")) does not answer on $ADDR; run down.sh and retry"
elif port_open "$PORT"; then
  # Not ours: reuse it if it speaks MongoDB (a mongod, another checkout's FerretDB, ...).
  if wait_until 5 "answer" answers; then
    log "reusing the MongoDB-wire server already answering on $ADDR: $("$BIN" ping -addr "$ADDR")"
    exit 0
  fi
  die "port $PORT is taken by something that does not answer MongoDB commands; set HEADEND_MONGO_PORT"
fi

mkdir -p "$DIR/data"
t0="$(date +%s%N)"
printf '\n=== %s up.sh: starting on %s\n' "$(date -Is)" "$ADDR" >>"$LOGFILE"
# Warnings and errors only: at "info" FerretDB logs every connection, which tests open by the hundred.
nohup "$BIN" -listen-addr "$ADDR" -data-dir "$DIR/data" -log-level "${HEADEND_FERRETDB_LOG_LEVEL:-warn}" </dev/null >>"$LOGFILE" 2>&1 &
echo $! >"$PIDFILE"
echo "$ADDR" >"$ADDRFILE"

# Ready when it answers a real OP_MSG `ping`; stop waiting early if the process dies.
ready_or_dead() {
  pid_alive "$PIDFILE" || return 0
  port_open "$PORT" || return 1
  answers 2s
}

if ! wait_until "$START_TIMEOUT" "FerretDB" ready_or_dead || ! pid_alive "$PIDFILE"; then
  tail -n 40 "$LOGFILE" >&2 || true
  if pid_alive "$PIDFILE"; then
    stop_pidfile "$PIDFILE" 10
    rm -f "$ADDRFILE"
    die "FerretDB did not answer a MongoDB ping on $ADDR within ${START_TIMEOUT}s (log: $LOGFILE)"
  fi
  rm -f "$PIDFILE" "$ADDRFILE"
  die "FerretDB exited during start-up (log: $LOGFILE)"
fi

log "FerretDB ready on mongodb://$ADDR in $(elapsed_ms "$t0") ms (pid $(cat "$PIDFILE"), data $DIR/data)"
