# Dai Backstop Syndicate: every target installs what it needs on first use (`npm ci`, keyed on
# the lock file). Tools come from npm: forge/anvil/cast (@foundry-rs/*), the Solidity compiler
# (tools/solc wraps solc-js), forge-std and solady. See README.md.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

BIN      := node_modules/.bin
# The platform binaries themselves: the npm launcher in node_modules/.bin drops their exit status.
# A native Foundry can be used instead: make FORGE=forge ANVIL=anvil CAST=cast ...
FORGE    ?= $(shell node tools/foundry-bin.mjs forge)
ANVIL    ?= $(shell node tools/foundry-bin.mjs anvil)
CAST     ?= $(shell node tools/foundry-bin.mjs cast)
STAMP    := node_modules/.install-stamp
LOGS     := .test-logs

# Paths the coverage report leaves out: tests, the local MCD, scripts and dependencies.
COVERAGE_SKIP := (test|script|node_modules)

.PHONY: help install browser build demo test test-sol test-ts lint fmt gas gas-update bench bugs fuzz coverage chain clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(STAMP): package.json package-lock.json ts/package.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(STAMP) ## Install every tool from the lock file (idempotent)

# The report's browser test (ts/test/report/browser.test.ts) drives Debian's Chromium through playwright-core.
CHROMIUM ?= /usr/bin/chromium
browser: ## Install Debian's chromium for the report's browser test (apt-get, with sudo when not root)
	@if [ -x '$(CHROMIUM)' ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=; elif command -v sudo >/dev/null && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then sudo=sudo; \
	else echo "browser: $(CHROMIUM) is missing; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium" >&2; exit 1; fi; \
	if ! command -v apt-get >/dev/null; then echo "browser: $(CHROMIUM) is missing and there is no apt-get; install Debian's chromium package (or set CHROMIUM=/path/to/chromium)" >&2; exit 1; fi; \
	echo "browser: installing Debian's chromium (apt-get install -y --no-install-recommends chromium)"; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null \
	  || { echo "browser: the install failed; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium" >&2; exit 1; }; \
	[ -x '$(CHROMIUM)' ] || { echo "browser: chromium installed but $(CHROMIUM) is missing; set CHROMIUM=/path/to/chromium" >&2; exit 1; }

# The TypeScript bindings (ts/generated/) are generated from the artifacts this build writes to out/.
build: $(STAMP) ## Compile all contracts and generate the TypeScript bindings (ts/generated/)
	$(FORGE) build
	cd ts && FORGE='$(if $(findstring /,$(FORGE)),$(abspath $(FORGE)),$(FORGE))' ../$(BIN)/wagmi generate

# The demo's settings; each is optional (see README "Black Thursday, replayed").
SCENARIO ?= historical
DEMO_ARGS = --scenario '$(SCENARIO)' $(if $(MEMBERS),--members '$(MEMBERS)') $(if $(POOL_DAI),--pool-dai '$(POOL_DAI)') \
  $(if $(PORT),--port '$(PORT)') $(if $(FLIPS),--flips '$(FLIPS)') $(if $(SEED),--seed '$(SEED)') $(if $(OUT),--out '$(OUT)') \
  $(if $(FORK),--fork '$(FORK)') $(if $(FORK_BLOCK),--fork-block '$(FORK_BLOCK)')
demo: build ## Replay Black Thursday on a local Anvil with the syndicate and its keeper; writes report/ (SCENARIO=historical|no-rivals|tiers|congestion)
	@FORGE='$(FORGE)' ANVIL='$(ANVIL)' node ts/bin/backstop.mjs demo $(DEMO_ARGS)

# Each runner writes machine-readable results to $(LOGS)/ (forge.json, vitest.json); tools/test-summary.mjs
# reads them, never the runners' prose. A failing runner does not stop the others or the summary: the
# closing line `summary: N passed, N failed, N skipped` is always printed last, and make exits non-zero
# if any runner or the summary failed (a results file missing or unreadable, a failed test, no test run).
test: ## Run every test (Forge, then vitest) and print one summary line
	@rm -rf $(LOGS) && mkdir -p $(LOGS)
	@status=0; \
	$(MAKE) test-sol || status=1; \
	$(MAKE) test-ts || status=1; \
	node tools/test-summary.mjs --forge $(LOGS)/forge.json --vitest $(LOGS)/vitest.json || status=1; \
	exit $$status

# Gas snapshots and the scale benchmark need --isolate and have their own targets (gas, bench).
# forge --json prints nothing until every suite has run; the report (one line per suite, each failure
# with its reason, counterexample and logs) follows, and is kept in $(LOGS)/forge.log. -vv keeps the
# tests' decoded logs in the JSON. Forge's stderr (compiler errors, invariant failure events) is shown
# and kept in $(LOGS)/forge.stderr.log.
test-sol: $(STAMP) ## Run the Forge tests (default profile)
	@mkdir -p $(LOGS)
	@echo "$(FORGE) test --json -vv --no-match-path 'test/{gas,bench}/*' > $(LOGS)/forge.json"
	@echo "(compiles, then runs every suite; the report follows when all are done)"
	@status=0; \
	$(FORGE) test --json -vv --no-match-path 'test/{gas,bench}/*' 2>&1 >$(LOGS)/forge.json \
	  | tee $(LOGS)/forge.stderr.log >&2 || status=$$?; \
	FORGE='$(FORGE)' node tools/test-summary.mjs --report --forge $(LOGS)/forge.json | tee $(LOGS)/forge.log || status=1; \
	exit $$status

test-ts: build browser ## Run the TypeScript tests (vitest; their global setup deploys on Anvil from out/)
	@mkdir -p $(LOGS) && rm -f $(LOGS)/vitest.json
	cd ts && CHROMIUM='$(CHROMIUM)' ../$(BIN)/vitest run --reporter=default --reporter=json --outputFile.json=$(CURDIR)/$(LOGS)/vitest.json \
	  2>&1 | tee $(CURDIR)/$(LOGS)/vitest.log

# forge lint compiles what changed with ABI-only output; in the build's out/ and cache/ those artifacts
# would pass for up to date, and the next test run would find no bytecode to vm.deployCode.
lint: build ## solhint, forge lint, forge fmt --check, tsc --noEmit (over the generated bindings)
	$(BIN)/solhint --disc --noPoster --max-warnings 0 'src/**/*.sol'
	FOUNDRY_OUT=cache/lint/out FOUNDRY_CACHE_PATH=cache/lint/cache $(FORGE) lint src
	$(BIN)/solhint --disc --noPoster --max-warnings 0 --config test/.solhint.json 'test/**/*.sol' 'script/**/*.sol'
	node test/helpers/check-exact-reverts.mjs
	$(FORGE) fmt --check
	cd ts && ../$(BIN)/tsc --noEmit -p .

fmt: $(STAMP) ## Format Solidity sources
	$(FORGE) fmt

# Gas snapshots are whole transactions (`--isolate`; see test/gas/SyndicateGas.t.sol). Forge writes them
# to a scratch dir (FOUNDRY_SNAPSHOTS) that is diffed with snapshots/: FORGE_SNAPSHOT_CHECK exits 0 on
# drift (forge 1.7.1) and ignores added or removed entries.
gas: $(STAMP) ## Check the gas snapshots in snapshots/ (fails on any drift)
	@fresh=$$(mktemp -d); trap 'rm -rf "$$fresh"' EXIT; \
	FORGE_SNAPSHOT_CHECK=false FOUNDRY_SNAPSHOTS="$$fresh" $(FORGE) test --isolate --match-path 'test/gas/*'; \
	ls "$$fresh"/*.json >/dev/null 2>&1 || { echo "gas: no snapshot was taken" >&2; exit 1; }; \
	drift=0; for f in "$$fresh"/*.json; do \
	  g=snapshots/$${f##*/}; [ -f "$$g" ] || g=/dev/null; \
	  diff -u --label "$$g (checked in)" --label "$${f##*/} (this run)" "$$g" "$$f" || drift=1; \
	done; \
	if [ "$$drift" = 1 ]; then echo "gas: drift from snapshots/ (make gas-update if it is intended)" >&2; exit 1; fi; \
	echo "gas: snapshots/ matches"

gas-update: $(STAMP) ## Rewrite the gas snapshots after an intended change
	@fresh=$$(mktemp -d); trap 'rm -rf "$$fresh"' EXIT; \
	FORGE_SNAPSHOT_CHECK=false FOUNDRY_SNAPSHOTS="$$fresh" $(FORGE) test --isolate --match-path 'test/gas/*'; \
	ls "$$fresh"/*.json >/dev/null 2>&1 || { echo "gas-update: no snapshot was taken" >&2; exit 1; }; \
	mkdir -p snapshots; cp "$$fresh"/*.json snapshots/; echo "gas-update: wrote $$(cd "$$fresh" && ls *.json) to snapshots/"

bench: $(STAMP) ## Scale benchmark: enlist/defect/finalize gas at 1 vs 500 positions, 1 vs 10,000 holders
	BENCH=1 FOUNDRY_GAS_LIMIT=9223372036854775807 $(FORGE) test --isolate --match-path 'test/bench/*' -vv

.PHONY: bench-ts
bench-ts: build ## Keeper benchmarks: reaction, RPC requests per block, RSS after 10,000 blocks, status wall time
	cd ts && node --import tsx bench/keeper.ts

bugs: $(STAMP) ## Apply each deliberate bug in test/bugs/ to a copy and check the suites catch it
	@FORGE=$(FORGE) tools/bugs.sh

# FUZZ_PATH narrows the campaign, e.g. make fuzz FUZZ_PATH='test/invariant/*'.
FUZZ_PATH ?= test/{fuzz,invariant}/**
fuzz: $(STAMP) ## Long fuzz and invariant campaign (deep profile; FOUNDRY_FUZZ_SEED to reproduce)
	FOUNDRY_PROFILE=deep $(FORGE) test --match-path '$(FUZZ_PATH)' 2>&1 | tee $(LOGS)-deep.log

# Coverage compiles without the optimizer: test contracts that embed the local MCD outgrow the
# contract-size limits (warnings 3860, 5574), which deny = "warnings" would make fatal. Forge deploys
# them in tests anyway. lcov.info is left for editors and reviewers.
coverage: $(STAMP) ## Line and branch coverage of src/ (summary; lcov.info)
	FOUNDRY_IGNORED_ERROR_CODES='[3860,5574]' $(FORGE) coverage --no-match-path 'test/{gas,bench}/*' \
	  --report summary --report lcov --no-match-coverage '$(COVERAGE_SKIP)'

chain: build ## Start Anvil with the local MCD, the factory and the 100 DAI/MKR tier deployed; print the addresses
	@FORGE=$(FORGE) ANVIL=$(ANVIL) CAST=$(CAST) tools/chain.sh

clean: ## Remove build output, caches and logs (keeps node_modules)
	rm -rf out cache broadcast coverage lcov.info $(LOGS) $(LOGS)-deep.log ts/generated
