# Sourced by scripts/test.sh: configure, prepare, seed and run a real Indico 3.2.9 from .venv,
# using the PostgreSQL and Redis started by scripts/services.sh. Everything lives in $JPSP_RUN_DIR.

indico_setup() {
  local db_uri=$1
  INDICO_DIR="$JPSP_RUN_DIR/indico"
  INDICO_PORT=$(free_port)
  INDICO_URL="http://127.0.0.1:$INDICO_PORT"
  mkdir -p "$INDICO_DIR"/{log,tmp,cache,archive}
  cat >"$INDICO_DIR/logging.yaml" <<'YAML'
version: 1
root:
  level: WARNING
  handlers: [stderr]
loggers:
  indico:
    level: WARNING
handlers:
  stderr:
    class: logging.StreamHandler
    formatter: plain
formatters:
  plain:
    format: '%(asctime)s %(levelname)s %(name)s %(message)s'
YAML
  cat >"$INDICO_DIR/indico.conf" <<CONF
SQLALCHEMY_DATABASE_URI = '$db_uri'
SECRET_KEY = '$(python3 -c 'import secrets; print(secrets.token_hex(32))')'
BASE_URL = '$INDICO_URL'
USE_PROXY = False
REDIS_CACHE_URL = 'redis://127.0.0.1:$REDIS_PORT/1'
CELERY_BROKER = 'redis://127.0.0.1:$REDIS_PORT/2'
DISABLE_CELERY_CHECK = True
SMTP_USE_CELERY = False
EMAIL_BACKEND = 'indico.vendor.django_mail.backends.console.EmailBackend'
NO_REPLY_EMAIL = 'noreply@example.test'
SUPPORT_EMAIL = 'support@example.test'
DEFAULT_TIMEZONE = 'UTC'
DEFAULT_LOCALE = 'en_GB'
ENABLE_ROOMBOOKING = False
LOG_DIR = '$INDICO_DIR/log'
LOGGING_CONFIG_FILE = 'logging.yaml'
TEMP_DIR = '$INDICO_DIR/tmp'
CACHE_DIR = '$INDICO_DIR/cache'
STORAGE_BACKENDS = {'default': 'fs:$INDICO_DIR/archive'}
ATTACHMENT_STORAGE = 'default'
PLUGINS = {'jpsp'}
CONF
  export INDICO_CONFIG="$INDICO_DIR/indico.conf"
  .venv/bin/indico db prepare >"$INDICO_DIR/db-prepare.log" 2>&1 || { cat "$INDICO_DIR/db-prepare.log" >&2; return 1; }
  .venv/bin/python e2e/seed.py "$INDICO_DIR/seed.json"
}

indico_start() {
  .venv/bin/indico run -h 127.0.0.1 -p "$INDICO_PORT" -q --reloader none >"$INDICO_DIR/run.log" 2>&1 &
  INDICO_PID=$!
  local i
  for i in $(seq 1 120); do
    if curl -fs -o /dev/null "$INDICO_URL/"; then return 0; fi
    if ! kill -0 "$INDICO_PID" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "indico.sh: Indico did not answer on $INDICO_URL" >&2
  cat "$INDICO_DIR/run.log" >&2
  return 1
}

indico_stop() {
  if [ -n "${INDICO_PID:-}" ]; then
    kill "$INDICO_PID" 2>/dev/null || true
    wait "$INDICO_PID" 2>/dev/null || true
    INDICO_PID=
  fi
}
