#!/usr/bin/env bash
# `make chain`: start Anvil, deploy the local MCD on it, print the addresses, keep Anvil running
# in the foreground until Ctrl-C. Settings: PORT (8545), MCD_PROFILE (post|pre, default post).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8545}"
RPC="http://127.0.0.1:${PORT}"
# Anvil's first default account: a well-known development key, never used on a real network.
DEPLOYER_KEY="0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
# The platform binaries (the npm launcher drops exit statuses); the Makefile passes them in.
FORGE="${FORGE:-$(node tools/foundry-bin.mjs forge)}"
ANVIL="${ANVIL:-$(node tools/foundry-bin.mjs anvil)}"
CAST="${CAST:-$(node tools/foundry-bin.mjs cast)}"

if "$CAST" chain-id --rpc-url "$RPC" >/dev/null 2>&1; then
  echo "chain: something already answers on $RPC; stop it or pick another PORT=..." >&2
  exit 1
fi

"$ANVIL" --port "$PORT" --silent &
anvil_pid=$!
trap 'kill "$anvil_pid" 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 50); do
  "$CAST" chain-id --rpc-url "$RPC" >/dev/null 2>&1 && break
  sleep 0.2
done
chain_id=$("$CAST" chain-id --rpc-url "$RPC")

# The clock stands still while the scripts run: each call is a transaction, and some must share a
# second with the one before (the Jug's `file duty` needs `now == rho` from the drip just before).
"$CAST" rpc anvil_setBlockTimestampInterval 0 --rpc-url "$RPC" >/dev/null
"$FORGE" script script/DeployMcd.s.sol --rpc-url "$RPC" --broadcast --slow \
  --private-key "$DEPLOYER_KEY" --silent >/dev/null

# The factory and the March 2020 syndicate's tier (100 DAI/MKR); `backstop deploy --price N` adds more.
LIMIT_WAD="${LIMIT_WAD:-100000000000000000000}" "$FORGE" script script/DeploySyndicate.s.sol --rpc-url "$RPC" --broadcast --slow \
  --private-key "$DEPLOYER_KEY" --silent >/dev/null
"$CAST" rpc anvil_removeBlockTimestampInterval --rpc-url "$RPC" >/dev/null

out="deployments/mcd-${chain_id}.json"
echo "Local MCD (${MCD_PROFILE:-post}-spell parameters) deployed on $RPC, chain id $chain_id:"
node -e '
  for (const file of process.argv.slice(1)) {
    const d = require(file);
    for (const [k, v] of Object.entries(d)) if (typeof v !== "object") console.log(`  ${k.padEnd(13)} ${v}`);
  }
' "$(pwd)/$out" "$(pwd)/deployments/syndicate-${chain_id}.json"
echo "Addresses written to $out and deployments/syndicate-${chain_id}.json. Anvil is running; Ctrl-C stops it."
wait "$anvil_pid"
