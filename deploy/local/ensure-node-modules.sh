#!/usr/bin/env bash
# Installs the npm dependencies when node_modules is missing or older than package-lock.json, so
# `npm start` and `npm test` work on a fresh clone as the first command.
SERVICE=npm
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$HEADEND_ROOT"

marker=node_modules/.package-lock.json
if [[ -f "$marker" && ! package-lock.json -nt "$marker" ]]; then
  exit 0
fi
log "installing dependencies (npm ci)"
npm ci --no-audit --no-fund
