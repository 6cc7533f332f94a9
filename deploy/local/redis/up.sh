#!/usr/bin/env bash
# Starts Redis (Debian's redis-server) on 127.0.0.1:${HEADEND_REDIS_PORT:-6379}, or reuses one that answers.
SERVICE=redis
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

port="${HEADEND_REDIS_PORT:-6379}"
dir="$(service_dir redis)"
pidfile="$dir/redis.pid"

answers() { [[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" == "PONG" ]]; }

command -v redis-server >/dev/null || apt_install redis-server

if answers; then
  log "reusing the Redis that answers on 127.0.0.1:$port"
  exit 0
fi
port_open "$port" && die "port $port is taken by something that is not Redis (set HEADEND_REDIS_PORT)"

start=$(date +%s%N)
# No persistence: Redis holds only short-lived coordination state (see ARCHITECTURE.md).
redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes \
  --save '' --appendonly no --dir "$dir" \
  --daemonize yes --pidfile "$pidfile" --logfile "$dir/redis.log"

if ! wait_until 20 "Redis answers" answers; then
  tail -n 40 "$dir/redis.log" >&2 || true
  die "Redis did not answer PING on 127.0.0.1:$port within 20 s"
fi
log "Redis answers on 127.0.0.1:$port (started in $(elapsed_ms "$start") ms)"
