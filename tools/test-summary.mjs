#!/usr/bin/env node
// Reads the logs `make test` wrote (forge and vitest) and prints one closing line,
// `make test: N passed, N failed, N skipped`. Exits non-zero if a log shows a failure or
// no test ran at all, so a silent runner can never count as green.
import { readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const add = (passed, failed, skipped) => {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
};
// ANSI colour codes would break the patterns below.
const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

for (const file of process.argv.slice(2)) {
  const text = strip(readFileSync(file, 'utf8'));
  // forge: "Ran 12 test suites in 3.1s (9.8s CPU time): 140 tests passed, 0 failed, 0 skipped (140 total tests)"
  const forge = [...text.matchAll(/(\d+) tests passed, (\d+) failed, (\d+) skipped/g)].at(-1);
  if (forge) add(+forge[1], +forge[2], +forge[3]);
  // vitest: "Tests  2 failed | 40 passed | 1 skipped (43)"
  const vitest = [...text.matchAll(/^\s*Tests\s+(.+)\(\d+\)\s*$/gm)].at(-1);
  if (vitest) {
    const count = (word) => +(vitest[1].match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
    add(count('passed'), count('failed'), count('skipped') + count('todo'));
  }
  if (!forge && !vitest) {
    console.error(`test-summary: ${file} has no test result line; did the runner run?`);
    process.exit(1);
  }
}

console.log(`make test: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (totals.failed > 0 || totals.passed === 0) process.exit(1);
