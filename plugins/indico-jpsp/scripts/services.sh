# Sourced by the test scripts: a private PostgreSQL cluster and a Redis server on free loopback ports,
# both under $JPSP_RUN_DIR and stopped by `services_stop`. Works as root (PostgreSQL then runs as the
# `postgres` system user, since initdb refuses root) and as an ordinary user.

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ]; then
    dir=$(dirname "$(command -v initdb || command -v pg_ctl || echo /nonexistent/x)")
  fi
  [ -x "$dir/initdb" ] || { echo "services.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; return 1; }
  echo "$dir"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

as_pg_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  local bindir
  bindir=$(pg_bindir)
  PG_DIR="$JPSP_RUN_DIR/pg"
  PG_PORT=$(free_port)
  mkdir -p "$PG_DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_DIR"; chmod 755 "$JPSP_RUN_DIR"; fi
  as_pg_owner "$bindir/initdb" --pgdata="$PG_DIR/data" --encoding=UTF8 --locale=C.UTF-8 --username=postgres \
    --auth=trust >"$JPSP_RUN_DIR/initdb.log" 2>&1 || { cat "$JPSP_RUN_DIR/initdb.log" >&2; return 1; }
  as_pg_owner "$bindir/pg_ctl" --pgdata="$PG_DIR/data" --wait --log="$PG_DIR/postgres.log" \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null \
    || { cat "$PG_DIR/postgres.log" >&2; return 1; }
  PG_STARTED=1
}

pg_psql() {
  local bindir
  bindir=$(pg_bindir)
  "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"
}

# pg_create_db NAME: an Indico-ready database (UTF8, unaccent, pg_trgm) owned by role `indico`.
pg_create_db() {
  pg_psql -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'indico') THEN CREATE ROLE indico LOGIN; END IF; END \$\$;"
  pg_psql -d postgres -c "CREATE DATABASE $1 OWNER indico ENCODING 'UTF8' TEMPLATE template0;"
  pg_psql -d "$1" -c 'CREATE EXTENSION unaccent; CREATE EXTENSION pg_trgm;'
  echo "postgresql://indico@127.0.0.1:$PG_PORT/$1"
}

redis_start() {
  REDIS_PORT=$(free_port)
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$JPSP_RUN_DIR" \
    --logfile "$JPSP_RUN_DIR/redis.log" &
  REDIS_PID=$!
  local i
  for i in $(seq 1 50); do
    if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then return 0; fi
    sleep 0.1
  done
  echo "services.sh: redis-server did not start" >&2
  cat "$JPSP_RUN_DIR/redis.log" >&2 || true
  return 1
}

services_stop() {
  if [ -n "${REDIS_PID:-}" ]; then
    kill "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=
  fi
  if [ -n "${PG_STARTED:-}" ]; then
    as_pg_owner "$(pg_bindir)/pg_ctl" --pgdata="$PG_DIR/data" --mode=fast --wait stop >/dev/null 2>&1 || true
    PG_STARTED=
  fi
}
