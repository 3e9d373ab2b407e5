#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's postgresql package) on 127.0.0.1 for the backend's
# database tests and prints the connection string TestDatabases reads:
#   export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$(scripts/start-test-postgres.sh)"
# (15 is Debian bookworm's major version; the script prints the one it started on stderr.)
# Runs the server as the unprivileged `postgres` user (initdb refuses root) in a temp directory
# (PG_DIR, or a new one), trust auth on loopback only. Stop: pg_ctl -D "$PG_DIR/data" stop.
set -euo pipefail
BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
if [ ! -x "$BIN/initdb" ]; then
  echo "start-test-postgres: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install -y postgresql)" >&2
  exit 1
fi
RUN_AS=()
if [ "$(id -u)" = 0 ]; then RUN_AS=(runuser -u postgres --); fi
DIR="${PG_DIR:-$(mktemp -d /tmp/envelope-pg.XXXXXX)}"
chmod 700 "$DIR"
[ "$(id -u)" = 0 ] && chown postgres: "$DIR"
PORT="${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
"${RUN_AS[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --no-instructions >/dev/null
"${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR -c fsync=off -c max_connections=200" start >/dev/null
echo "start-test-postgres: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT, data in $DIR (stop: ${RUN_AS[*]} $BIN/pg_ctl -D $DIR/data stop)" >&2
echo "postgresql://postgres@127.0.0.1:$PORT"
