#!/usr/bin/env bash
# Stops the Kafka broker that deploy/local/kafka/up.sh started from this checkout (its pid file),
# gracefully: TERM, then up to 30 s for a clean shutdown, then KILL. A no-op when none is running;
# a broker started some other way is left alone. Data stays in $HEADEND_LOCAL_DIR/kafka.
SERVICE=kafka
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

PIDFILE="$HEADEND_LOCAL_DIR/kafka/kafka.pid"

if ! pid_alive "$PIDFILE"; then
  rm -f "$PIDFILE"
  log "not running (no live pid file)"
  exit 0
fi

pid="$(cat "$PIDFILE")"
# A stale pid file whose number now names another process (e.g. after a reboot): leave it be.
if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'; then
  rm -f "$PIDFILE"
  log "not running (pid $pid in the pid file is not Kafka)"
  exit 0
fi

started_ns="$(date +%s%N)"
stop_pidfile "$PIDFILE" 30
log "stopped Kafka (pid $pid) in $(elapsed_ms "$started_ns") ms"
