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

log "starting: $apps(Ctrl-C stops them; the services keep running until npm run local:down)"
log "CPEs: http://127.0.0.1:${HEADEND_CWMP_PORT:-7547}/ (Digest; password = HMAC-SHA256(HEADEND_AUTH_DERIVE_SECRET in $secrets, device id))"
exec npx nx run-many -t serve --parallel=16 --outputStyle=stream
