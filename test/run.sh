#!/usr/bin/env bash
# npm test: every test of the workspace (unit, integration, system) against real local services,
# which it starts first (reusing running ones). Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SERVICE=test
source deploy/local/lib.sh

# The codec's schema tests validate with xmllint (Debian's libxml2-utils).
command -v xmllint >/dev/null || apt_install libxml2-utils
bash deploy/local/up.sh
npx vitest run "$@"
