#!/usr/bin/env bash
# npm start: the local backing services, then every app that has a `serve` target, in the foreground.
SERVICE=start
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$HEADEND_ROOT"

bash deploy/local/up.sh

apps=$(npx nx show projects --with-target serve 2>/dev/null | tr '\n' ' ')
if [[ -z "${apps// /}" ]]; then
  log "Kafka, Redis and the MongoDB-wire server are up (see README: Local services)."
  log "No app has a serve target yet; nothing else to start. Stop the services with: npm run local:down"
  exit 0
fi
log "starting: $apps(Ctrl-C stops them; the services keep running until npm run local:down)"
exec npx nx run-many -t serve --parallel=16 --outputStyle=stream
