#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: created in a temporary folder,
# listening on 127.0.0.1 on a free port, removed afterwards whatever the outcome.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]   (DATABASE_URL is set for COMMAND)
set -euo pipefail
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$BIN/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
TMP=$(mktemp -d /tmp/qingfeng-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
AS=()
if [ "$(id -u)" -eq 0 ]; then  # initdb refuses root: run the cluster as postgres
  chown postgres "$TMP"
  AS=(runuser -u postgres --)
fi
cleanup() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$TMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
"${AS[@]}" "$BIN/initdb" -D "$TMP/data" -U qingfeng --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS[@]}" "$BIN/pg_ctl" -D "$TMP/data" -l "$TMP/log" -w -o "-c listen_addresses=127.0.0.1 -p $PORT -k $TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" start >/dev/null
"${AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U qingfeng qingfeng
export DATABASE_URL="postgres://qingfeng@127.0.0.1:$PORT/qingfeng"
echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (temporary, $TMP)"
set +e
"$@"
status=$?
set -e
exit $status
