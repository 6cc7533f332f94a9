#!/usr/bin/env bash
# Starts the local backing services (all, or those named: kafka redis ferretdb) in parallel and
# returns when every one answers. Idempotent: services already answering are reused.
SERVICE=local
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

services=("$@")
((${#services[@]})) || services=(redis kafka ferretdb)

pids=()
for service in "${services[@]}"; do
  [[ -x "$HEADEND_ROOT/deploy/local/$service/up.sh" ]] || die "unknown service '$service' (kafka, redis, ferretdb)"
  # Prefix each line, so the interleaved output of parallel start-ups stays readable.
  ( "$HEADEND_ROOT/deploy/local/$service/up.sh" 2>&1 | sed -u "s/^\([^[]\)/[$service] \1/" ; exit "${PIPESTATUS[0]}" ) &
  pids+=($!)
done

failed=()
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || failed+=("${services[$i]}")
done
((${#failed[@]} == 0)) || die "could not start: ${failed[*]}"
log "up: ${services[*]}"
