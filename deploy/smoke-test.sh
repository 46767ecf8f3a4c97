#!/usr/bin/env bash
# End-to-end smoke test of a running suite (deploy/run-local.sh in another terminal): the flows
# that cross services, through their public APIs only. Reads the bootstrap credentials from
# .local/signet.env. Prints "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC1091
source "$ROOT/.local/signet.env"
TOKEN_URL="http://127.0.0.1:${SIGNET_TOKEN_PORT:-8081}"
KEYRING_URL="http://127.0.0.1:${SIGNET_KEYRING_PORT:-8082}"
ADMIN_URL="http://127.0.0.1:${SIGNET_ADMIN_PORT:-8085}"
passed=0
failed=0

check() { # name, command...
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    printf 'ok   %s\n' "$name"
  else
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$name"
  fi
}

# Retries a check for up to N seconds: caches (accounts 5 s) and the outbox are eventually consistent.
eventually() { # seconds, command...
  local until=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < until)) || return 1
    sleep 1
  done
}

token_for() { # client_id secret scope -> prints access token or nothing
  curl -s -u "$1:$2" -d grant_type=client_credentials -d "scope=$3" "$TOKEN_URL/oauth2/token" |
    python3 -c 'import json,sys; print(json.load(sys.stdin).get("access_token",""))' 2>/dev/null
}
status_of_token_request() { # client_id secret scope -> HTTP status
  curl -s -o /dev/null -w '%{http_code}' -u "$1:$2" -d grant_type=client_credentials -d "scope=$3" \
    "$TOKEN_URL/oauth2/token"
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# token-service may still be loading the key keyring just activated: allow it a few seconds.
ADMIN_TOKEN=""
admin_token() {
  ADMIN_TOKEN=$(token_for "$SIGNET_BOOTSTRAP_CLIENT_ID" "$SIGNET_BOOTSTRAP_CLIENT_SECRET" "signet:admin")
  test -n "$ADMIN_TOKEN"
}
check "bootstrap admin gets a token" eventually 30 admin_token
auth=(-H "Authorization: Bearer $ADMIN_TOKEN")

created=$(curl -s "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"name":"smoke","scopes":["orders:read","orders:write"]}' "$ADMIN_URL/v1/service-accounts")
CLIENT_ID=$(echo "$created" | json 'd.get("client_id","")')
SECRET=$(echo "$created" | json 'd.get("client_secret","")')
check "admin-api creates a service account with a secret" test -n "$CLIENT_ID" -a -n "$SECRET"

ACCESS=$(token_for "$CLIENT_ID" "$SECRET" "orders:read")
check "client_credentials works with the new secret" test -n "$ACCESS"

kid=$(echo "$ACCESS" | cut -d. -f1 | tr '_-' '/+' | base64 -d 2>/dev/null | json 'd["kid"]')
check "the token's kid is published in the keyring JWKS" \
  bash -c "curl -s '$KEYRING_URL/.well-known/jwks.json' | grep -q '\"$kid\"'"

active=$(curl -s -u "$CLIENT_ID:$SECRET" -d "token=$ACCESS" "$TOKEN_URL/oauth2/introspect" | json 'd["active"]')
check "introspection says active" test "$active" = "True"

rotated=$(curl -s "${auth[@]}" -X POST "$ADMIN_URL/v1/service-accounts/$CLIENT_ID/rotate-secret?overlap_seconds=0")
NEW_SECRET=$(echo "$rotated" | json 'd.get("client_secret","")')
check "secret rotation returns a new secret" test -n "$NEW_SECRET" -a "$NEW_SECRET" != "$SECRET"
new_works() { test -n "$(token_for "$CLIENT_ID" "$NEW_SECRET" orders:read)"; }
check "the new secret works" eventually 10 new_works
old_refused() { test "$(status_of_token_request "$CLIENT_ID" "$SECRET" orders:read)" = "401"; }
check "the old secret is refused once the overlap is 0" eventually 10 old_refused

curl -s -o /dev/null "${auth[@]}" -X POST "$ADMIN_URL/v1/service-accounts/$CLIENT_ID/disable"
disabled_refused() { test "$(status_of_token_request "$CLIENT_ID" "$NEW_SECRET" orders:read)" = "401"; }
check "a disabled account is refused by the token endpoint" eventually 10 disabled_refused

issued_audited() {
  curl -s "${auth[@]}" "$ADMIN_URL/v1/audit-events?type=token.issued&limit=500" | grep -q "$CLIENT_ID"
}
check "token issuance reaches admin-api's audit trail through the outbox" eventually 30 issued_audited

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
