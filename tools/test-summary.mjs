#!/usr/bin/env node
// Reads the runners' machine-readable results and prints what `make test` shows about them.
//
//   node tools/test-summary.mjs --forge .test-logs/forge.json --vitest .test-logs/vitest.json
//     One line per failing test, then the closing line, last and alone on its line:
//       summary: N passed, N failed, N skipped
//   node tools/test-summary.mjs --report --forge .test-logs/forge.json
//     The Forge report for developers: one line per suite, every skipped test, and every failing
//     test with its reason, counterexample (fuzz input or invariant call sequence), decoded logs
//     and a command to rerun it (with $FORGE if set). No closing line.
//
// Inputs: `forge test --json` (stdout; forge 1.7.1) and vitest's json reporter (3.2.x). A skipped
// or todo test counts as skipped, never as passed. Exit status 1 if a results file is missing,
// empty or not the expected JSON, if any test failed, or if a runner ran no test at all: a silent
// runner never counts as green. Exit status 2 on bad usage.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const RUNNERS = ['forge', 'vitest'];

// --- reading ---------------------------------------------------------------------------------------

/** Reads and parses one results file; returns { data } or { error }. */
function load(file) {
  if (!existsSync(file)) return { error: `${file} is missing: did the runner start?` };
  const text = readFileSync(file, 'utf8');
  if (text.trim() === '') return { error: `${file} is empty: the runner wrote no results (see its errors above)` };
  try {
    return { data: JSON.parse(text) };
  } catch (e) {
    // forge --json writes a failed compilation's errors to stdout as text: show them.
    const lines = text.trimEnd().split('\n');
    return {
      error: `${file} is not JSON (${e.message}); it begins: ${firstLine(text)}`,
      detail: [...lines.slice(0, 60), ...(lines.length > 60 ? [`... ${lines.length - 60} more lines in ${file}`] : [])],
    };
  }
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const firstLine = (s) => String(s ?? '').split('\n').find((l) => l.trim() !== '')?.trim() ?? '';

/**
 * `forge test --json`: { "<path>:<Contract>": { duration, test_results: { "<sig>": result }, warnings } }.
 * A result's status is "Success", "Failure" or "Skipped"; a failing setUp() is reported as a test
 * named "setUp()". Anything else is counted as a failure, so a new status cannot pass silently.
 */
function readForge(data, file) {
  if (!isObject(data)) throw new Error(`${file}: expected an object of suites`);
  const suites = [];
  for (const [id, suite] of Object.entries(data)) {
    if (!isObject(suite) || !isObject(suite.test_results)) {
      throw new Error(`${file}: suite ${id} has no test_results`);
    }
    const colon = id.lastIndexOf(':');
    const s = {
      id,
      path: colon > 0 ? id.slice(0, colon) : id,
      contract: colon > 0 ? id.slice(colon + 1) : id,
      duration: String(suite.duration ?? '').split(' ')[0],
      warnings: Array.isArray(suite.warnings) ? suite.warnings : [],
      tests: [],
    };
    for (const [name, r] of Object.entries(suite.test_results)) {
      const status = r?.status;
      const outcome = status === 'Success' ? 'passed' : status === 'Skipped' ? 'skipped' : 'failed';
      let reason = r?.reason ?? null;
      if (outcome === 'failed' && status !== 'Failure') reason = `unknown forge status ${JSON.stringify(status)}; ${reason ?? ''}`;
      s.tests.push({
        name,
        outcome,
        reason,
        counterexample: r?.counterexample ?? null,
        logs: Array.isArray(r?.decoded_logs) ? r.decoded_logs : [],
        kind: isObject(r?.kind) ? Object.keys(r.kind)[0] : undefined,
      });
    }
    suites.push(s);
  }
  return suites;
}

/**
 * vitest's json reporter (jest-like): testResults[] per file, each with assertionResults[] whose
 * status is passed, failed, skipped, pending or todo. A file that failed to load or whose hooks threw
 * has status "failed" and a message; if none of its tests failed it counts as one failure.
 */
function readVitest(data, file) {
  if (!isObject(data) || !Array.isArray(data.testResults)) throw new Error(`${file}: expected testResults`);
  const suites = [];
  for (const f of data.testResults) {
    const path = relative(process.cwd(), String(f.name ?? '?'));
    const s = { id: path, path, tests: [], warnings: [] };
    for (const a of f.assertionResults ?? []) {
      const outcome = a.status === 'passed' ? 'passed' : a.status === 'failed' ? 'failed' : 'skipped';
      s.tests.push({
        name: [...(a.ancestorTitles ?? []), a.title ?? a.fullName ?? '?'].join(' > '),
        outcome,
        reason: outcome === 'failed' ? firstLine((a.failureMessages ?? []).join('\n')) || 'failed' : null,
      });
    }
    if (f.status === 'failed' && !s.tests.some((t) => t.outcome === 'failed')) {
      s.tests.push({ name: '(file)', outcome: 'failed', reason: firstLine(f.message) || 'the file failed' });
    }
    suites.push(s);
  }
  return suites;
}

const count = (suites) => {
  const c = { passed: 0, failed: 0, skipped: 0 };
  for (const s of suites) for (const t of s.tests) c[t.outcome]++;
  return c;
};

// --- printing --------------------------------------------------------------------------------------

/** A counterexample as lines: a fuzz input, or an invariant's call sequence. */
function counterexampleLines(ce) {
  if (!isObject(ce)) return [];
  const call = (c) => {
    const who = c.contract_name ? `${c.contract_name.split(':').pop()}.` : '';
    const fn = c.func_name ? `${who}${c.func_name}(${c.args ?? ''})` : `args ${c.args ?? c.raw_args ?? '?'}`;
    const extra = [
      c.sender && `sender ${c.sender}`,
      c.addr && `to ${c.addr}`,
      c.warp && `warp ${c.warp}`,
      c.roll && `roll ${c.roll}`,
    ].filter(Boolean);
    return `${fn}${extra.length ? `  [${extra.join(', ')}]` : ''}  calldata ${c.calldata ?? '?'}`;
  };
  if (isObject(ce.Single)) return [`counterexample: ${call(ce.Single)}`];
  if (Array.isArray(ce.Sequence)) {
    const calls = Array.isArray(ce.Sequence[1]) ? ce.Sequence[1] : [];
    return [`call sequence (${calls.length} call${calls.length === 1 ? '' : 's'}):`, ...calls.map((c, i) => `  ${i + 1}. ${call(c)}`)];
  }
  return [`counterexample: ${JSON.stringify(ce)}`];
}

// How the rerun hint calls forge: make passes its $(FORGE), the npm package's binary.
const forgeCommand = process.env.FORGE || 'forge';
const rx = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function forgeReport(suites) {
  const out = [];
  const c = count(suites);
  out.push(`forge: ${suites.length} suites, ${c.passed + c.failed + c.skipped} tests`);
  for (const s of suites) {
    const k = count([s]);
    const parts = [`${k.passed} passed`, k.failed && `${k.failed} failed`, k.skipped && `${k.skipped} skipped`];
    const tag = k.failed ? 'FAIL' : 'ok';
    out.push(`  ${tag.padEnd(4)}  ${s.id}  (${parts.filter(Boolean).join('; ')}; ${s.duration})`);
    for (const w of s.warnings) out.push(`        warning: ${w}`);
  }
  const skipped = suites.flatMap((s) => s.tests.filter((t) => t.outcome === 'skipped').map((t) => ({ s, t })));
  if (skipped.length) {
    out.push('', `forge skipped ${skipped.length}:`);
    for (const { s, t } of skipped) out.push(`  SKIP  ${s.id} ${t.name}${t.reason ? `: ${t.reason}` : ''}`);
  }
  const failed = suites.flatMap((s) => s.tests.filter((t) => t.outcome === 'failed').map((t) => ({ s, t })));
  if (failed.length) {
    out.push('', `forge failed ${failed.length}:`);
    for (const { s, t } of failed) {
      out.push(`  FAIL  ${s.id} ${t.name}`);
      out.push(`        reason: ${t.reason ?? '(none given)'}`);
      for (const l of counterexampleLines(t.counterexample)) out.push(`        ${l}`);
      if (t.logs.length) {
        out.push('        logs:');
        for (const l of t.logs.slice(0, 40)) out.push(`          ${l}`);
        if (t.logs.length > 40) out.push(`          ... ${t.logs.length - 40} more`);
      }
      const fn = t.name.replace(/\(.*$/, '');
      const test = fn === 'setUp' ? '' : ` --match-test '^${rx(fn)}$'`;
      out.push(`        rerun: ${forgeCommand} test --match-path '${s.path}' --match-contract '^${rx(s.contract)}$'${test} -vvvv`);
    }
  }
  return out;
}

// --- main ------------------------------------------------------------------------------------------

function usage(msg) {
  console.error(`test-summary: ${msg}`);
  console.error('usage: test-summary.mjs [--report] [--forge FILE] [--vitest FILE]');
  process.exit(2);
}

const args = process.argv.slice(2);
let report = false;
const files = {};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--report') report = true;
  else if (RUNNERS.includes(a.replace(/^--/, '')) && a.startsWith('--')) {
    const file = args[++i];
    if (!file) usage(`${a} needs a file`);
    files[a.slice(2)] = file;
  } else usage(`unknown argument ${a}`);
}
if (Object.keys(files).length === 0) usage('no results file given');

const errors = [];
const results = {};
for (const runner of RUNNERS) {
  if (!(runner in files)) continue;
  const { data, error, detail } = load(files[runner]);
  if (error) {
    errors.push(`${runner}: ${error}`);
    if (report && detail) errors.push(...detail.map((l) => `  ${l}`));
    continue;
  }
  try {
    results[runner] = runner === 'forge' ? readForge(data, files[runner]) : readVitest(data, files[runner]);
  } catch (e) {
    errors.push(`${runner}: ${e.message}`);
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const [runner, suites] of Object.entries(results)) {
  const c = count(suites);
  for (const k of Object.keys(totals)) totals[k] += c[k];
  if (c.passed + c.failed === 0) errors.push(`${runner}: no test ran (${c.skipped} skipped)`);
}

if (report) {
  if (results.forge) console.log(forgeReport(results.forge).join('\n'));
} else {
  const failed = Object.entries(results).flatMap(([runner, suites]) =>
    suites.flatMap((s) => s.tests.filter((t) => t.outcome === 'failed').map((t) => `  ${runner}  ${s.id} ${t.name}: ${firstLine(t.reason) || '(no reason given)'}`)),
  );
  if (failed.length) console.log(`\nfailed ${failed.length}:\n${failed.join('\n')}\n`);
}
for (const e of errors) console.error(e.startsWith('  ') ? e : `test-summary: ${e}`);
if (!report) {
  const missing = RUNNERS.filter((r) => r in files && !(r in results));
  if (missing.length) console.log(`summary: incomplete, no results from ${missing.join(' and ')}`);
  else console.log(`summary: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
}
process.exit(errors.length || totals.failed ? 1 : 0);
