#!/usr/bin/env bash
# npm start: the local backing services, then every app that has a `serve` target, in the foreground.
# Each app is restarted when it exits (as an orchestrator would: an app that cannot go on exits
# non-zero); once all are ready, a banner says what runs where. Ctrl-C stops the apps.
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
# Development secrets, made once per checkout (production sets its own; see README: Configuration).
secrets="$HEADEND_LOCAL_DIR/dev-secrets.env"
if [[ ! -f "$secrets" ]]; then
  umask 077
  {
    echo "HEADEND_AUTH_NONCE_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    echo "HEADEND_AUTH_DERIVE_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  } >"$secrets"
fi
set -a
# shellcheck source=/dev/null
source "$secrets"
set +a

# The command of an app's serve target (project.json), e.g. "tsx apps/cwmp-gateway/src/main.ts".
serve_command() {
  node -e 'const p = require(`./apps/${process.argv[1]}/project.json`); process.stdout.write(p.targets.serve.options.command)' "$1"
}

stopping=0
supervisors=()
stop_all() {
  stopping=1
  log "stopping the apps (the services keep running until npm run local:down)"
  for pid in "${supervisors[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
}
trap stop_all INT TERM

# supervise <app>: runs the app, and runs it again 2 s after it exits, until Ctrl-C.
supervise() {
  local app="$1" command child=""
  command="$(serve_command "$app")"
  trap '[[ -n "$child" ]] && kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM
  while true; do
    # `tsx x.ts` runs as `node --import tsx x.ts`: one process, whose exit this loop sees.
    # shellcheck disable=SC2086 # the serve command is a command line
    if [[ "$command" == tsx\ * ]]; then node --import tsx ${command#tsx } & else npx $command & fi
    child=$!
    local code=0
    wait "$child" || code=$?
    log "$app exited with status $code; starting it again in 2 s"
    sleep 2
  done
}

log "starting: $apps(Ctrl-C stops them; the services keep running until npm run local:down)"
for app in $apps; do
  supervise "$app" &
  supervisors+=($!)
done

cwmp_port="${HEADEND_CWMP_PORT:-7547}"
gateway_health="${HEADEND_HEALTH_PORT:-9102}"
provisioning_health="${HEADEND_PROVISIONING_HEALTH_PORT:-9103}"
ready() { curl -fsS -o /dev/null "http://127.0.0.1:$1/readyz" 2>/dev/null; }
all_ready() {
  [[ " $apps " != *" cwmp-gateway "* ]] || ready "$gateway_health" || return 1
  [[ " $apps " != *" provisioning "* ]] || ready "$provisioning_health" || return 1
}
deadline=$((SECONDS + ${HEADEND_STARTUP_TIMEOUT_MS:-120000} / 1000 + 30))
until all_ready; do
  if ((stopping)); then break; fi
  if ((SECONDS >= deadline)); then
    log "the apps are not ready yet (see their output above); still trying"
    break
  fi
  sleep 0.5
done

if ! ((stopping)) && all_ready; then
  cat <<BANNER

  Headend is running.
    CPEs connect to   http://127.0.0.1:${cwmp_port}/   (HTTP Digest; a device's password is
                      HMAC-SHA256 of its device id under HEADEND_AUTH_DERIVE_SECRET in ${secrets})
    cwmp-gateway      http://127.0.0.1:${gateway_health}/healthz  /readyz  /metrics
    provisioning      http://127.0.0.1:${provisioning_health}/healthz  /readyz  /metrics
    Kafka             127.0.0.1:${HEADEND_KAFKA_PORT:-9092}
    Redis             127.0.0.1:${HEADEND_REDIS_PORT:-6379}
    MongoDB-wire      mongodb://127.0.0.1:${HEADEND_MONGO_PORT:-27017} (database ${HEADEND_MONGO_DB:-headend})
  Simulated CPEs:     npx tsx apps/cpe-sim/src/main.ts --acs-url http://127.0.0.1:${cwmp_port}/ --devices 50 \\
                        --derive-secret "\$(sed -n 's/^HEADEND_AUTH_DERIVE_SECRET=//p' ${secrets})"
  Ctrl-C stops the apps; npm run local:down stops the services.

BANNER
fi
wait
