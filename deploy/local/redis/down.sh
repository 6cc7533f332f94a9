#!/usr/bin/env bash
# Stops the Redis this checkout started; does nothing when there is none.
SERVICE=redis
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

pidfile="$HEADEND_LOCAL_DIR/redis/redis.pid"
if pid_alive "$pidfile"; then
  stop_pidfile "$pidfile" 20
  log "stopped"
else
  rm -f "$pidfile"
  log "not running (nothing to stop)"
fi
