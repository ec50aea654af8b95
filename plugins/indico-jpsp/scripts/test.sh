#!/usr/bin/env bash
# `npm test` of @jpsp/indico-plugin: pytest against a real PostgreSQL and Redis, then (unless
# JPSP_SKIP_E2E=1 outside CI) the real-Indico end-to-end run in Chromium. Exit status != 0 on any failure.
set -euo pipefail

plugin_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$plugin_dir"

started=$SECONDS
bash scripts/venv.sh
echo "indico-jpsp: virtualenv ready ($((SECONDS - started)) s)"

JPSP_RUN_DIR=$(mktemp -d /tmp/jpsp-plugin-test.XXXXXX)
export JPSP_RUN_DIR
# shellcheck source=services.sh
source scripts/services.sh
cleanup() {
  services_stop
  rm -rf "$JPSP_RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start
redis_start
INDICO_TEST_DATABASE_URI=$(pg_create_db indico_test)
export INDICO_TEST_DATABASE_URI
export INDICO_TEST_REDIS_CACHE_URL="redis://127.0.0.1:$REDIS_PORT/0"

started=$SECONDS
.venv/bin/python -m pytest
echo "indico-jpsp: pytest passed ($((SECONDS - started)) s)"
