// tools/test-summary.mjs, run as `make test` runs it, against real forge and vitest JSON
// (fixtures/README.md says how each was made).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tool = join(root, 'tools/test-summary.mjs');
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'test-summary-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// What CI counts: one word and a colon, then the three counts, alone on the last line.
const CLOSING = /^\w+: (\d+) passed, (\d+) failed, (\d+) skipped$/;

function summary(...args: string[]) {
  const env = { ...process.env, FORGE: 'forge' };
  const r = spawnSync(process.execPath, [tool, ...args], { cwd: root, encoding: 'utf8', env });
  const lines = r.stdout.trimEnd().split('\n');
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, last: lines.at(-1) ?? '' };
}

describe('test-summary', () => {
  it('passes when every runner passed, closing with the summary line', () => {
    const r = summary('--forge', fixture('forge-pass.json'), '--vitest', fixture('vitest-pass.json'));
    expect(r.status).toBe(0);
    expect(r.last).toBe('summary: 11 passed, 0 failed, 0 skipped');
    expect(r.last).toMatch(CLOSING);
    expect(r.stdout.trim()).toBe(r.last);
    expect(r.stderr).toBe('');
  });

  it('counts failures of every kind, skips and todos as skipped, and lists each failure', () => {
    const r = summary('--forge', fixture('forge-mixed.json'), '--vitest', fixture('vitest-mixed.json'));
    expect(r.status).toBe(1);
    // forge: 3 passed, 6 failed (assert, revert, fuzz, two invariants, setUp), 3 skipped (one a fuzz
    // test); vitest: 2 passed, 2 failed (one a file that did not load), 3 skipped (skip, todo, ctx.skip).
    expect(r.last).toBe('summary: 5 passed, 8 failed, 6 skipped');
    expect(r.stdout).toContain('failed 8:');
    for (const line of [
      'forge  test/Mixed.t.sol:MixedTest test_fail_assert(): one is not two: 1 != 2',
      'forge  test/Mixed.t.sol:MixedTest test_fail_revert(): plain revert',
      'forge  test/Mixed.t.sol:MixedTest testFuzz_fail(uint256): x too big:',
      'forge  test/Mixed.t.sol:InvFailTest invariant_small(): n grew: 183 >= 3',
      'forge  test/Mixed.t.sol:InvRevertTest invariant_noop(): seven',
      'forge  test/Mixed.t.sol:SetUpFailTest setUp(): setup broke',
      'mixed.test.ts units > fails: AssertionError: expected 2 to be 3',
      "broken.test.ts (file): Cannot find module './does-not-exist.js'",
    ]) {
      expect(r.stdout).toContain(line);
    }
  });

  it('prints the Forge report: a line per suite, skips, and each failure in full', () => {
    const r = summary('--report', '--forge', fixture('forge-mixed.json'));
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(/^\w+: \d+ passed, \d+ failed, \d+ skipped$/m);
    expect(r.stdout).toContain('forge: 5 suites, 12 tests');
    expect(r.stdout).toMatch(/^ {2}ok {4}test\/Mixed\.t\.sol:InvPassTest {2}\(1 passed; /m);
    expect(r.stdout).toMatch(/^ {2}FAIL {2}test\/Mixed\.t\.sol:MixedTest {2}\(2 passed; 3 failed; 3 skipped; /m);
    expect(r.stdout).toContain('SKIP  test/Mixed.t.sol:MixedTest test_skip_reason(): not on this chain');
    // A failing assertion with its decoded logs (console.log and log_named_uint).
    expect(r.stdout).toContain('FAIL  test/Mixed.t.sol:MixedTest test_fail_assert()\n        reason: one is not two: 1 != 2\n        logs:\n          about to fail 42\n          n: 3\n');
    // A fuzz counterexample and an invariant's call sequence.
    expect(r.stdout).toContain('counterexample: args 120209876281281145568259943 [1.202e26]');
    expect(r.stdout).toMatch(/call sequence \(1 call\):\n {10}1\. Counter\.boom\(183\) {2}\[sender 0x[0-9a-f]{40}, to 0x[0-9a-f]{40}\] {2}calldata 0x984fca89/);
    expect(r.stdout).toContain("rerun: forge test --match-path 'test/Mixed.t.sol' --match-contract '^InvFailTest$' --match-test '^invariant_small$' -vvvv");
    expect(r.stdout).toContain("rerun: forge test --match-path 'test/Mixed.t.sol' --match-contract '^SetUpFailTest$' -vvvv");
  });

  it('prints a passing report and exits 0', () => {
    const r = summary('--report', '--forge', fixture('forge-pass.json'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^forge: 1 suites, 10 tests\n {2}ok {4}test\/unit\/mcd\/Weth\.t\.sol:WethTest {2}\(10 passed; \S+\)\n$/);
  });

  it('fails when a runner ran no test: all skipped, or nothing matched', () => {
    const skipped = summary('--forge', fixture('forge-skipped.json'), '--vitest', fixture('vitest-pass.json'));
    expect(skipped.status).toBe(1);
    expect(skipped.last).toBe('summary: 1 passed, 0 failed, 3 skipped');
    expect(skipped.stderr).toContain('forge: no test ran (3 skipped)');

    const none = summary('--forge', fixture('forge-pass.json'), '--vitest', fixture('vitest-none.json'));
    expect(none.status).toBe(1);
    expect(none.last).toBe('summary: 10 passed, 0 failed, 0 skipped');
    expect(none.stderr).toContain('vitest: no test ran');
  });

  it('fails without a count when results are missing, empty or not JSON', () => {
    const missing = summary('--forge', join(scratch, 'nope.json'), '--vitest', fixture('vitest-pass.json'));
    expect(missing.status).toBe(1);
    expect(missing.last).toBe('summary: incomplete, no results from forge');
    expect(missing.last).not.toMatch(CLOSING);
    expect(missing.stderr).toMatch(/forge: .*nope\.json is missing/);

    // What forge writes when no test matches its filters: nothing at all.
    const empty = summary('--forge', fixture('forge-none.json'), '--vitest', fixture('vitest-pass.json'));
    expect(empty.status).toBe(1);
    expect(empty.last).toBe('summary: incomplete, no results from forge');
    expect(empty.stderr).toMatch(/forge-none\.json is empty/);

    const cut = join(scratch, 'cut.json');
    writeFileSync(cut, readFileSync(fixture('vitest-pass.json'), 'utf8').slice(0, 100));
    const truncated = summary('--forge', fixture('forge-pass.json'), '--vitest', cut);
    expect(truncated.status).toBe(1);
    expect(truncated.last).toBe('summary: incomplete, no results from vitest');
    expect(truncated.stderr).toMatch(/cut\.json is not JSON/);

    // What forge --json writes when compilation fails: the compiler's errors, as text. The report
    // shows them; the summary names the first line.
    const broken = fixture('forge-compile-failed.json');
    const compile = summary('--forge', broken, '--vitest', fixture('vitest-pass.json'));
    expect(compile.status).toBe(1);
    expect(compile.last).toBe('summary: incomplete, no results from forge');
    expect(compile.stderr).toMatch(/forge-compile-failed\.json is not JSON .*it begins: Compiler run failed:\n$/);
    const report = summary('--report', '--forge', broken);
    expect(report.status).toBe(1);
    expect(report.stdout).toBe('');
    expect(report.stderr).toContain("  Error (2314): Expected ';' but got identifier\n    --> test/unit/mcd/Weth.t.sol:28:50:\n");

    // Valid JSON of the wrong runner.
    const swapped = summary('--forge', fixture('vitest-pass.json'), '--vitest', fixture('vitest-pass.json'));
    expect(swapped.status).toBe(1);
    expect(swapped.last).toBe('summary: incomplete, no results from forge');
  });

  it('counts a Forge status it does not know as a failure', () => {
    const odd = join(scratch, 'odd.json');
    writeFileSync(odd, readFileSync(fixture('forge-pass.json'), 'utf8').replace('"status":"Success"', '"status":"Flaky"'));
    const r = summary('--forge', odd, '--vitest', fixture('vitest-pass.json'));
    expect(r.status).toBe(1);
    expect(r.last).toBe('summary: 10 passed, 1 failed, 0 skipped');
    expect(r.stdout).toContain('unknown forge status "Flaky"');
  });

  it('rejects bad usage with status 2', () => {
    expect(summary().status).toBe(2);
    expect(summary('--forge').status).toBe(2);
    expect(summary('results.log').status).toBe(2);
  });
});
