#!/usr/bin/env bash
# Stops the local backing services this checkout started (all, or those named).
SERVICE=local
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

services=("$@")
((${#services[@]})) || services=(ferretdb kafka redis)
status=0
for service in "${services[@]}"; do
  "$HEADEND_ROOT/deploy/local/$service/down.sh" || status=1
done
exit "$status"
