# Dai Backstop Syndicate: every target installs what it needs on first use (`npm ci`, keyed on
# the lock file). Tools come from npm: forge/anvil/cast (@foundry-rs/*), the Solidity compiler
# (tools/solc wraps solc-js), forge-std and solady. See README.md.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

BIN      := node_modules/.bin
FORGE    ?= $(BIN)/forge
ANVIL    ?= $(BIN)/anvil
STAMP    := node_modules/.install-stamp
LOGS     := .test-logs

# Paths the coverage report leaves out: tests, the local MCD, scripts and dependencies.
COVERAGE_SKIP := (test|script|node_modules)

.PHONY: help install build test test-sol test-ts lint fmt gas gas-update fuzz coverage chain clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(STAMP): package.json package-lock.json ts/package.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(STAMP) ## Install every tool from the lock file (idempotent)

build: $(STAMP) ## Compile all contracts
	$(FORGE) build

test: ## Run every test (Forge, then vitest) and print one summary line
	@rm -rf $(LOGS) && mkdir -p $(LOGS)
	@$(MAKE) test-sol
	@$(MAKE) test-ts
	@node tools/test-summary.mjs $(LOGS)/*.log

test-sol: $(STAMP) ## Run the Forge tests (default profile)
	@mkdir -p $(LOGS)
	$(FORGE) test 2>&1 | tee $(LOGS)/forge.log

test-ts: $(STAMP) ## Run the TypeScript tests (vitest)
	@mkdir -p $(LOGS)
	cd ts && ../$(BIN)/vitest run 2>&1 | tee ../$(LOGS)/vitest.log

lint: $(STAMP) ## solhint, forge fmt --check, tsc --noEmit
	$(BIN)/solhint --disc --noPoster --max-warnings 0 'src/**/*.sol'
	$(FORGE) lint src
	$(BIN)/solhint --disc --noPoster --max-warnings 0 --config test/.solhint.json 'test/**/*.sol' 'script/**/*.sol'
	$(FORGE) fmt --check
	cd ts && ../$(BIN)/tsc --noEmit -p .

fmt: $(STAMP) ## Format Solidity sources
	$(FORGE) fmt

gas: $(STAMP) ## Check the gas snapshots in snapshots/ (fails on any drift)
	FORGE_SNAPSHOT_CHECK=true $(FORGE) test --isolate --match-path 'test/gas/*'

gas-update: $(STAMP) ## Rewrite the gas snapshots after an intended change
	$(FORGE) test --isolate --match-path 'test/gas/*'

fuzz: $(STAMP) ## Long fuzz and invariant campaign (deep profile; FOUNDRY_FUZZ_SEED to reproduce)
	FOUNDRY_PROFILE=deep $(FORGE) test --match-path 'test/{fuzz,invariant}/**' 2>&1 | tee $(LOGS)-deep.log

coverage: $(STAMP) ## Line and branch coverage of src/
	$(FORGE) coverage --report summary --no-match-coverage '$(COVERAGE_SKIP)'

chain: $(STAMP) ## Start Anvil with the local MCD deployed and print the addresses
	@tools/chain.sh

clean: ## Remove build output, caches and logs (keeps node_modules)
	rm -rf out cache broadcast coverage lcov.info $(LOGS) $(LOGS)-deep.log ts/generated
