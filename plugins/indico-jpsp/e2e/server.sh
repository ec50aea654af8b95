# Sourced by scripts/test.sh: run the built JPSP task server (apps/server/dist/main.js) on an
# ephemeral loopback port with a fresh API key, allowing Indico's origin. One worker thread, and the
# server suite's test tasks (a `test-slow` run holds that worker to make a booklet wait). Indico is on
# loopback here, so the server may fetch from private addresses (the papers' signed links).

jpsp_server_start() {
  local main_js=$1 allowed_origin=$2
  JPSP_API_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
  export JPSP_API_KEY
  local test_tasks
  test_tasks="$(cd "$(dirname "$main_js")/.." && pwd)/test/tasks/test-tasks.mjs"
  PORT=0 HOST=127.0.0.1 JPSP_API_KEYS="$JPSP_API_KEY" JPSP_ALLOWED_ORIGINS="$allowed_origin" \
    JPSP_MAX_THREADS=1 JPSP_EXTRA_TASKS="$test_tasks" JPSP_FETCH_ALLOW_PRIVATE=true \
    node "$main_js" >"$JPSP_RUN_DIR/server.log" 2>&1 &
  SERVER_PID=$!
  local i
  for i in $(seq 1 120); do
    JPSP_SERVER_URL=$(python3 - "$JPSP_RUN_DIR/server.log" <<'PY'
import json, sys
for line in open(sys.argv[1], errors='replace'):
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    if isinstance(entry, dict) and entry.get('msg') == 'listening' and entry.get('url'):
        print(entry['url'])
        break
PY
)
    if [ -n "$JPSP_SERVER_URL" ]; then
      export JPSP_SERVER_URL
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "server.sh: the task server did not report \"listening\"" >&2
  cat "$JPSP_RUN_DIR/server.log" >&2
  return 1
}

jpsp_server_stop() {
  if [ -n "${SERVER_PID:-}" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}
