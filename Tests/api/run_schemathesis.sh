#!/usr/bin/env bash
# Property-based test of the REST API against its own OpenAPI document (schemathesis): starts
# `switchboard serve` on a free port with a fresh database and an administrator, logs in, and lets
# schemathesis call every operation with generated valid and invalid input. It checks that nothing
# answers 5xx and that every answer matches the documented schema.
#
# Usage: Tests/api/run_schemathesis.sh            (builds the debug binary first)
#   SKIP_BUILD=1        use the existing .build/debug/switchboard
#   MAX_EXAMPLES=20     test cases per operation
#   SEED=1              schemathesis seed (reproducible runs)
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT="$(pwd)"
MAX_EXAMPLES="${MAX_EXAMPLES:-20}"
SEED="${SEED:-1}"

if ! python3 -c "import schemathesis" 2>/dev/null; then
    python3 -m pip install -q schemathesis
fi
if [ -z "${SKIP_BUILD:-}" ]; then
    swift build --product switchboard
fi
BIN=.build/debug/switchboard

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/public"
"$BIN" user add --db "$WORK/api.db" --username admin --password secret123 >/dev/null

"$BIN" serve --db "$WORK/api.db" --port 0 --public-dir "$WORK/public" --loops 1 --log-level warning >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 100); do
    PORT="$(sed -n 's#^Switchboard listening on http://[^:]*:\([0-9]*\)/.*#\1#p' "$WORK/serve.out")"
    [ -n "$PORT" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.err" >&2; echo "server did not start" >&2; exit 1; }
    sleep 0.1
done
[ -n "$PORT" ] || { echo "server did not print its port" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"

COOKIE="$(curl -s -o /dev/null -D - -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"secret123"}' "$BASE/api/login" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(sb_session=[^;]*\).*/\1/p')"
[ -n "$COOKIE" ] || { echo "login failed" >&2; exit 1; }

# Some data for the operations that take an id: provider 1, campaign 1 on it, agent 2 a member of it.
post() { curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" -H 'Content-Type: application/json' -d "$2" "$BASE$1"; }
[ "$(post /api/providers '{"name":"Seed","kind":"classic","baseUrl":"https://api.example.com","numbers":["+59899000001","+59899000002"],"accountSid":"AC1","authToken":"seed-token"}')" = 201 ]
[ "$(post /api/campaigns '{"name":"Seed campaign","providerId":1,"number":"+59899000002"}')" = 201 ]
[ "$(post /api/users '{"username":"seed.agent","password":"seed password","role":"agent"}')" = 201 ]
[ "$(post /api/campaigns/1/members '{"agentId":2}')" = 201 ]

# Logging out would end the session the run uses, so that one operation is left out.
set +e
# From the temporary folder: schemathesis keeps a cache folder in its working directory.
cd "$WORK"
schemathesis --config-file "$ROOT/Tests/api/schemathesis.toml" run "$BASE/api/openapi.json" \
    --header "Cookie: $COOKIE" \
    --checks not_a_server_error,response_schema_conformance \
    --exclude-path /api/logout \
    --max-examples "$MAX_EXAMPLES" \
    --seed "$SEED" \
    --workers 1 \
    --request-timeout 30 \
    --generation-database none \
    --no-color
STATUS=$?
set -e
cd "$ROOT"

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "the server died during the run:" >&2
    tail -n 50 "$WORK/serve.err" >&2
    STATUS=1
fi
exit "$STATUS"
