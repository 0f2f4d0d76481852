#!/usr/bin/env node
// Refuses inexact revert assertions in the Forge tests (run by `make lint`).
//
// Forge's `vm.expectRevert` does not compare revert data exactly (forge 1.7.1): when the expected
// data decodes as a known error, the decoded errors are compared, and decoding ignores trailing
// bytes. `PoolHalted()` followed by 32 stray bytes passes `vm.expectRevert(PoolHalted.selector)` and
// `vm.expectRevert(abi.encodeWithSelector(PoolHalted.selector))` alike; so does `SettlementDue(7)`
// with stray bytes against `abi.encodeWithSelector(SettlementDue.selector, 7)`. A custom error is
// asserted with `_assertRevert(target, callData, expected)` (test/helpers/ExactRevert.sol), which
// makes the call and compares the bytes.
//
// Allowed: `vm.expectRevert()` (any revert: the local MCD's DSToken reverts without data),
// `vm.expectRevert(bytes("..."))` (the local MCD's revert strings) and `vm.expectRevert(stdError.x)`
// (panics). Anything else given to `expectRevert` (a selector, an encoded error, a variable) and any
// `expectPartialRevert` is reported with its file and line, and the exit status is 1.
//
// Usage: node test/helpers/check-exact-reverts.mjs [dir or file ...]   (default: test)
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';

const ALLOWED = [/^$/, /^bytes\(\s*"[^"\\]*"\s*\)$/, /^stdError\.\w+$/];

/** The source with comments blanked (newlines kept, so offsets map to the same lines). */
function stripComments(src) {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const two = src.slice(i, i + 2);
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else if (two === '//') {
      while (i < src.length && src[i] !== '\n') (out += ' '), i++;
    } else if (two === '/*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Every `expectRevert(...)` / `expectPartialRevert(...)` call: [offset, name, argument text]. */
function* revertExpectations(src) {
  const re = /\b(expectRevert|expectPartialRevert)\s*\(/g;
  for (let m; (m = re.exec(src)); ) {
    let depth = 1;
    let j = re.lastIndex;
    for (; j < src.length && depth > 0; j++) {
      if (src[j] === '(') depth++;
      else if (src[j] === ')') depth--;
    }
    yield [m.index, m[1], src.slice(re.lastIndex, j - 1).replace(/\s+/g, ' ').trim()];
  }
}

function* solFiles(path) {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) yield* solFiles(join(path, entry));
  } else if (path.endsWith('.sol')) {
    yield path;
  }
}

const roots = process.argv.slice(2);
let problems = 0;
let checked = 0;
for (const root of roots.length ? roots : ['test']) {
  for (const file of solFiles(root)) {
    const src = stripComments(readFileSync(file, 'utf8'));
    for (const [offset, name, arg] of revertExpectations(src)) {
      checked++;
      if (name === 'expectRevert' && ALLOWED.some((re) => re.test(arg))) continue;
      const line = src.slice(0, offset).split('\n').length;
      console.error(
        `${file}:${line}: ${name}(${arg}) does not check the revert data exactly; ` +
          'use _assertRevert(target, callData, expected) from test/helpers/ExactRevert.sol',
      );
      problems++;
    }
  }
}
if (problems) {
  console.error(`check-exact-reverts: ${problems} inexact revert assertion(s)`);
  process.exit(1);
}
console.log(`check-exact-reverts: ${checked} expectRevert calls, all revert strings, panics or bare`);
