#!/usr/bin/env bash
# `make bugs`: proves the test suites catch each deliberate bug in test/bugs/NN-<name>.patch.
#
# The tree under test is this working tree as `make test` sees it: tracked files plus untracked files
# that are not ignored (test suites being written count), without build output or node_modules.
# It is copied once into a temporary directory, and then, at the same path so Forge's cache stays
# valid:
#   1. baseline: the tree as it is, the Forge tests of `make test-sol` (JSON results); its failing tests
#      (if any) are noted;
#   2. for each patch: a fresh copy of the tree, apply the patch (patch -p1, no fuzz), the same tests
#      with FOUNDRY_OUT/FOUNDRY_CACHE_PATH restored from the baseline's (only what depends on the
#      patched files recompiles). When the baseline passes, a patch's run stops at its first failing
#      test (`--fail-fast`: one failure is the verdict, so a caught patch does not wait for the
#      invariant campaigns); a missed patch runs every test. BUGS_ALL_FAILURES=1 runs every test for
#      every patch and lists all that fail (to write a patch's "Caught by:" header).
# A patch is CAUGHT when a test that passed at baseline fails, MISSED when none does. A patch that
# does not apply, or whose tree does not compile, is reported as such. Exit status: 0 when every patch
# is CAUGHT; 1 when any is MISSED, does not apply or does not compile; 2 when the baseline does not
# compile (then nothing can be judged).
#
# Usage: tools/bugs.sh [test/bugs/NN-name.patch ...]   (default: every test/bugs/*.patch)
# Settings: BUGS_KEEP=1 keeps the temporary directory; BUGS_DIR=<dir> uses <dir> instead of mktemp.
set -euo pipefail
patches=()
for arg in "$@"; do patches+=("$(realpath "$arg")"); done
cd "$(dirname "$0")/.."
ROOT=$(pwd)

if [ "${#patches[@]}" -eq 0 ]; then
  shopt -s nullglob
  patches=(test/bugs/*.patch)
  shopt -u nullglob
fi
if [ "${#patches[@]}" -eq 0 ]; then
  echo "bugs: no patch in test/bugs/" >&2
  exit 1
fi

WORK=${BUGS_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/bugs.XXXXXX")}
mkdir -p "$WORK"
if [ "${BUGS_KEEP:-0}" != 1 ]; then
  trap 'rm -rf "$WORK"' EXIT
else
  echo "bugs: working in $WORK (kept)"
fi
TREE="$WORK/tree"
LOGS="$WORK/logs"
mkdir -p "$LOGS"

# The tree, once: everything git does not ignore, as it is now (patches are judged against today's
# src/ and today's tests). node_modules is shared through a symlink; `make` is told never to rebuild
# its install stamp there (-o), so a copy can never run `npm ci` into the shared node_modules.
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf "$WORK/tree.tar"
STAMP=node_modules/.install-stamp
# The patches too, as they are now (one may be edited while this runs).
mkdir -p "$WORK/patches"
for patch in "${patches[@]}"; do cp "$patch" "$WORK/patches/"; done

fresh_tree() {
  rm -rf "$TREE"
  mkdir -p "$TREE"
  tar -xf "$WORK/tree.tar" -C "$TREE"
  ln -s "$ROOT/node_modules" "$TREE/node_modules"
}

# Runs the Forge tests `make test-sol` runs, in the tree, with machine-readable results: forge's JSON to
# $1.json, its stderr (compiler errors) to $1. Forge's output and cache always sit at the same paths
# ($WORK/out, $WORK/cache), as the tree does: its cache records them, and moving either would force a
# full recompile. Only the contract-size warnings are let through (3860 initcode, 5574 code): test
# contracts embed much of the local MCD and sit near the 49,152-byte initcode limit, so a patch that
# adds a few bytes would otherwise fail to compile instead of being judged by the tests (Forge deploys
# oversized test contracts anyway). Baseline and patches run with the same setting.
FORGE_BIN=${FORGE:-$(node "$ROOT/tools/foundry-bin.mjs" forge)}
run_tests() {
  local log=$1
  shift
  (
    cd "$TREE"
    FOUNDRY_OUT="$WORK/out" FOUNDRY_CACHE_PATH="$WORK/cache" FOUNDRY_IGNORED_ERROR_CODES='[3860,5574]' \
      "$FORGE_BIN" test --json --no-match-path 'test/{gas,bench}/*' "$@" >"$log.json"
  ) 2>"$log" || true
}

# Prints "suite::test" for every failing test in forge's JSON results ($1.json), one per line, sorted.
failures() {
  node -e '
    const results = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const [suite, r] of Object.entries(results))
      for (const [test, t] of Object.entries(r.test_results ?? {}))
        if (t.status !== "Success" && t.status !== "Skipped") console.log(`${suite}::${test.replace(/\(.*/, "")}`);
  ' "$1.json" | sort -u
}

# True when the tests ran: the results are JSON with at least one test in them.
compiled() {
  node -e '
    let results;
    try { results = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); } catch { process.exit(1); }
    const n = Object.values(results).reduce((k, r) => k + Object.keys(r.test_results ?? {}).length, 0);
    process.exit(n > 0 ? 0 : 1);
  ' "$1.json"
}

# The first error line of a run that did not get to the tests (forge prints compiler errors as text).
first_error() {
  cat "$1" "$1.json" 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' \
    | awk '/^Error/ && !e { e = $0 } END { print (e ? e : "no test ran") }'
}

echo "bugs: baseline (the tree as it is)..."
fresh_tree
run_tests "$LOGS/baseline.log"
if ! compiled "$LOGS/baseline.log"; then
  echo "bugs: the baseline tree does not build or run; nothing can be judged. Its log:" >&2
  tail -n 30 "$LOGS/baseline.log" "$LOGS/baseline.log.json" >&2
  exit 2
fi
failures "$LOGS/baseline.log" >"$LOGS/baseline.fail"
cp -a "$WORK/out" "$WORK/out-base"
cp -a "$WORK/cache" "$WORK/cache-base"
base_failing=$(wc -l <"$LOGS/baseline.fail")
if [ "$base_failing" -gt 0 ]; then
  echo "bugs: warning: $base_failing test(s) already fail at baseline; only other failures count:"
  sed 's/^/  /' "$LOGS/baseline.fail"
fi

patch_flags=()
if [ "$base_failing" -eq 0 ] && [ "${BUGS_ALL_FAILURES:-0}" != 1 ]; then patch_flags=(--fail-fast); fi
started=$(date +%s)

status=0
results=()
for patch in "${patches[@]}"; do
  name=$(basename "$patch" .patch)
  fresh_tree
  # patch(1), strict (no fuzz): `git apply` inside a directory that sits in some git work tree would
  # resolve paths against that repository instead of the copy.
  if ! (cd "$TREE" && patch -p1 -s --batch --forward --fuzz=0 --no-backup-if-mismatch -r - <"$WORK/patches/$name.patch") \
    >"$LOGS/$name.apply" 2>&1; then
    results+=("$name|DOES NOT APPLY|$(head -n 1 "$LOGS/$name.apply")")
    status=1
    continue
  fi
  echo "bugs: $name..."
  rm -rf "$WORK/out" "$WORK/cache"
  cp -a "$WORK/out-base" "$WORK/out"
  cp -a "$WORK/cache-base" "$WORK/cache"
  run_tests "$LOGS/$name.log" "${patch_flags[@]}"
  if ! compiled "$LOGS/$name.log"; then
    results+=("$name|DOES NOT COMPILE|$(first_error "$LOGS/$name.log")")
    status=1
    continue
  fi
  failures "$LOGS/$name.log" | comm -23 - "$LOGS/baseline.fail" >"$LOGS/$name.caught"
  if [ -s "$LOGS/$name.caught" ]; then
    summary=$(awk -F'::' '{ n++; if (n <= 3) names = names " " $2 } END { print n " failing:" names (n > 3 ? " ..." : "") }' \
      "$LOGS/$name.caught")
    [ "${#patch_flags[@]}" -gt 0 ] && summary="$summary (first failure; stopped there)"
    results+=("$name|CAUGHT|$summary")
  else
    results+=("$name|MISSED|no test that passes at baseline fails")
    status=1
  fi
done

echo
echo "bugs: results"
for r in "${results[@]}"; do
  IFS='|' read -r name verdict detail <<<"$r"
  printf '  %-44s %-16s %s\n' "$name" "$verdict" "$detail"
done
[ "$base_failing" -gt 0 ] && echo "  (baseline: $base_failing test(s) failing before any patch)"
echo "bugs: ${#results[@]} patch(es) judged in $(($(date +%s) - started)) s after the baseline"
if [ "${BUGS_KEEP:-0}" = 1 ]; then echo "bugs: logs in $LOGS"; fi
exit "$status"
