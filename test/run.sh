#!/usr/bin/env bash
# npm test: every test of the workspace (unit, integration, system) against real local services,
# which it starts first (reusing running ones). Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash deploy/local/up.sh
npx vitest run "$@"
