/** The report fixtures (hand-made, see test/fixtures/report/make.ts) and the data files, for the report tests. */
import { readFileSync } from 'node:fs';
import { loadReport, type Report } from '../../src/report/model.js';

export const FIXTURES = new URL('../fixtures/report/', import.meta.url);
export const DATA = new URL('../../../data/', import.meta.url);

/** The fixture's raw JSON value (a fresh copy each call, free to mutate). */
export function fixtureJson(name: 'historical' | 'no-rivals'): any {
  return JSON.parse(readFileSync(new URL(`${name}.report.json`, FIXTURES), 'utf8'));
}

/** The fixture, validated (a fresh copy each call). */
export function fixture(name: 'historical' | 'no-rivals'): Report {
  return loadReport(readFileSync(new URL(`${name}.report.json`, FIXTURES), 'utf8'), `${name}.report.json`);
}

/** black-thursday.json, parsed. */
export function blackThursday(): unknown {
  return JSON.parse(readFileSync(new URL('black-thursday.json', DATA), 'utf8'));
}
