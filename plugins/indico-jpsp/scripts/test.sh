#!/usr/bin/env bash
# `npm test` of @jpsp/indico-plugin:
#   1. pytest (Indico's pytest plugin) against a private PostgreSQL and Redis;
#   2. the real-Indico end-to-end: Indico 3.2.9 + this plugin + the built task server + Chromium.
# Skips count as failures. JPSP_E2E=0 leaves out step 2 (refused in CI). Arguments are passed to
# Playwright (e.g. `--grep @papers`).
set -euo pipefail

plugin_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
repo_dir=$(cd "$plugin_dir/../.." && pwd)
cd "$plugin_dir"

started=$SECONDS
bash scripts/venv.sh
echo "indico-jpsp: virtualenv ready ($((SECONDS - started)) s)"

JPSP_RUN_DIR=$(mktemp -d /tmp/jpsp-plugin-test.XXXXXX)
export JPSP_RUN_DIR
# shellcheck source=services.sh
source scripts/services.sh
# shellcheck source=../e2e/indico.sh
source e2e/indico.sh
# shellcheck source=../e2e/server.sh
source e2e/server.sh
cleanup() {
  local status=$?
  jpsp_server_stop
  indico_stop
  services_stop
  if [ "$status" != 0 ] && [ -n "${INDICO_DIR:-}" ] && [ -s "${INDICO_DIR}/run.log" ]; then
    echo "--- Indico log (tail)" >&2
    tail -n 40 "$INDICO_DIR/run.log" >&2 || true
  fi
  rm -rf "$JPSP_RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start
redis_start

# 1. pytest
INDICO_TEST_DATABASE_URI=$(pg_create_db indico_test)
export INDICO_TEST_DATABASE_URI
export INDICO_TEST_REDIS_CACHE_URL="redis://127.0.0.1:$REDIS_PORT/0"
started=$SECONDS
.venv/bin/python -m pytest
echo "indico-jpsp: pytest passed ($((SECONDS - started)) s)"

# 2. end-to-end, including the booklet download (@booklet): the real widget build on the plugin's
#    page, the real abstract-booklet task on the real task server.
if [ "${JPSP_E2E:-1}" = 0 ]; then
  if [ "${CI:-}" = true ]; then
    echo "indico-jpsp: JPSP_E2E=0 is not allowed in CI" >&2
    exit 1
  fi
  echo "indico-jpsp: end-to-end left out (JPSP_E2E=0)"
  exit 0
fi
JPSP_REQUIRE_WIDGET=1 node scripts/copy-widget.mjs
started=$SECONDS
server_js="$repo_dir/apps/server/dist/main.js"
[ -f "$server_js" ] || { echo "indico-jpsp: $server_js is missing: run 'npm run build' at the root" >&2; exit 1; }
e2e_db_uri=$(pg_create_db indico_e2e)
indico_setup "$e2e_db_uri"
indico_start
jpsp_server_start "$server_js" "$INDICO_URL"
echo "indico-jpsp: Indico on $INDICO_URL, task server on $JPSP_SERVER_URL ($((SECONDS - started)) s)"
export INDICO_URL JPSP_SEED_FILE="$INDICO_DIR/seed.json" JPSP_PYTHON="$plugin_dir/.venv/bin/python"
started=$SECONDS
npx --no-install playwright test -c e2e/playwright.config.mjs "$@"
echo "indico-jpsp: end-to-end passed ($((SECONDS - started)) s)"
