#!/usr/bin/env bash
# Stops the FerretDB instance this checkout started (pid file), gracefully; a no-op otherwise.
# The data in $HEADEND_LOCAL_DIR/ferretdb/data is kept.
SERVICE=ferretdb
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

PIDFILE="$HEADEND_LOCAL_DIR/ferretdb/ferretdb.pid"
ADDRFILE="$HEADEND_LOCAL_DIR/ferretdb/ferretdb.addr"

# Only ever signal our own program: a pid file naming another one (pid reused) is stale.
if ! pid_alive "$PIDFILE" || ! ps -p "$(cat "$PIDFILE")" -o args= 2>/dev/null | grep -q headend-ferretdb; then
  rm -f "$PIDFILE" "$ADDRFILE"
  log "not running (no live instance started by this checkout)"
  exit 0
fi

pid="$(cat "$PIDFILE")"
t0="$(date +%s%N)"
stop_pidfile "$PIDFILE" 30
rm -f "$ADDRFILE"
log "stopped FerretDB (pid $pid) in $(elapsed_ms "$t0") ms"
