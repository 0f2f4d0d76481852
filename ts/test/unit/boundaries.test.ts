// The package's boundaries, as a reviewer would check them with grep: only chain/ imports the generated
// bindings; only cli/main.ts, config/ and log.ts touch process.env, process.exit or the console; the
// planner takes no client, clock or I/O.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}
const sources = files(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));

describe('boundaries', () => {
  it('finds the sources', () => {
    expect(sources.length).toBeGreaterThan(30);
  });

  it('only chain/ imports the generated bindings', () => {
    const offenders = sources.filter((s) => /from '(\.\.\/)+generated\//.test(s.text) && !s.path.startsWith('chain/'));
    expect(offenders.map((s) => s.path)).toEqual([]);
  });

  it('only cli/main.ts, config/ and log.ts touch process.env, process.exit or the console', () => {
    const allowed = (p: string) => p === 'cli/main.ts' || p.startsWith('config/') || p === 'log.ts';
    const offenders = sources.filter((s) => /process\.env|process\.exit|console\./.test(s.text) && !allowed(s.path));
    expect(offenders.map((s) => s.path)).toEqual([]);
  });

  it('the planner is pure: no client, no clock, no I/O', () => {
    const planner = sources.find((s) => s.path === 'keeper/planner.ts')!.text;
    expect(planner).not.toMatch(/Date\.now|new Date|setTimeout|node:|ReadClient|fetch\(|await /);
  });
});
