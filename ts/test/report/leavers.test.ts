// The member who asked to leave in the middle of a bid (pool.leavers): the model's rules, the story in
// numbers and words (src/report/leavers.ts), and where the HTML and the terminal summary show it.
import { describe, expect, it } from 'vitest';
import { leaverLines, leaverStories } from '../../src/report/leavers.js';
import { renderHtml } from '../../src/report/html.js';
import { validateReport } from '../../src/report/model.js';
import { terminalSummary } from '../../src/report/terminal.js';
import { fixture, fixtureJson } from './load.js';

const WAD = 10n ** 18n;

function problemsAfter(change: (json: any) => void): string[] {
  const json = fixtureJson('no-rivals');
  change(json);
  const result = validateReport(json);
  return result.ok ? [] : result.problems;
}

describe('pool.leavers in the model', () => {
  it('is required, empty when nobody asked to leave', () => {
    expect(fixture('historical').pool.leavers).toEqual([]);
    expect(problemsAfter((j) => delete j.pool.leavers)).toEqual([expect.stringMatching(/^pool\.leavers: /)]);
  });

  it('keeps the story in time order: refused, asked, closed, claimed', () => {
    const problems = problemsAfter((j) => {
      const l = j.pool.leavers[0];
      l.requestedAt = l.refusedAt - 1;
      l.claimedAt = l.roundClosedAt - 1;
    });
    expect(problems).toEqual([
      expect.stringMatching(/^pool\.leavers\[0\]\.requestedAt: \d+ is before refusedAt \d+$/),
      expect.stringMatching(/^pool\.leavers\[0\]\.claimedAt: \d+ is not after the round's close$/),
    ]);
  });

  it('sets the close and its price together, and names only known tiers and auctions', () => {
    const problems = problemsAfter((j) => {
      const l = j.pool.leavers[0];
      l.closeNavDaiWad = null;
      l.tier = '0x00000000000000000000000000000000000000ff';
      l.openAtRequest = [1, 99];
    });
    expect(problems).toEqual([
      'pool.leavers[0].tier: 0x00000000000000000000000000000000000000ff is not one of pool.tiers',
      'pool.leavers[0]: roundClosedAt, closeNavDaiWad and closeTotalSharesWad are set together',
      'pool.leavers[0].openAtRequest[1]: 99 is not in flops',
    ]);
  });
});

describe('leaverStories', () => {
  it('counts the round: the positions open at the request or entered before the close, what they won and cost', () => {
    const report = fixture('no-rivals');
    const [story] = leaverStories(report);
    const l = report.pool.leavers[0]!;
    expect(story!.roundPositions.map((p) => p.auctionId)).toEqual([1, 2, 3]);
    const lots = report.pool.positions.reduce((s, p) => s + BigInt(p.lotWad), 0n);
    expect(story!.roundMkrWonWad).toBe(lots);
    expect(story!.roundDaiSpentWad).toBe(150_000n * WAD);
    expect(story!.closeDaiPerShareWad).toBe((BigInt(l.closeNavDaiWad!) * WAD) / BigInt(l.closeTotalSharesWad!));
    expect(story!.daiLessWad).toBe(BigInt(l.atCostDaiWad) - BigInt(l.daiWad));
    expect(story!.mkrMoreWad).toBe(BigInt(l.mkrWad));
    expect(story!.swapDaiPerMkrWad).toBe((story!.daiLessWad * WAD) / story!.mkrMoreWad);
  });

  it('says why, in words, from the numbers', () => {
    const [story] = leaverStories(fixture('no-rivals'));
    expect(story!.why).toMatch(/^They asked to leave at 2020-03-31 14:30 UTC, while the pool's bid in auction 1 was out: defect was refused \(RoundOpen: the round is open, no deadline until the first request\)/);
    expect(story!.why).toContain('Leaving at cost then, the rule before rounds, would have paid 259.57 DAI');
    expect(story!.why).toContain("The round's 3 positions were all won: 150,000 DAI of the pool bought 1,509.9029 MKR (99.34 DAI/MKR)");
    expect(story!.why).toContain('at 0.625 DAI per share; their claim at 2020-03-31 22:31 UTC paid 162.23 DAI and 0.9798 MKR');
    expect(story!.why).toMatch(/So the 97\.33 DAI they did not take out at cost came back as 0\.9798 MKR, at 99\.3\d DAI\/MKR/);
  });

  it('tells a round that had not closed, and one whose bids were all outbid', () => {
    const json = fixtureJson('no-rivals');
    Object.assign(json.pool.leavers[0], { roundClosedAt: null, closeNavDaiWad: null, closeTotalSharesWad: null, claimedAt: null, daiWad: '0', mkrWad: '0' });
    const open = validateReport(json);
    expect(open.ok).toBe(true);
    const [openStory] = leaverStories(open.ok ? open.report : (undefined as never));
    expect(openStory!.why).toContain('The round had not closed by the end of the run.');
    expect(openStory!.why).not.toContain('came back as');
    expect(leaverLines(open.ok ? open.report : (undefined as never))[0]).toMatch(/not claimed by the end$/);

    const lost = fixtureJson('no-rivals');
    for (const p of lost.pool.positions) Object.assign(p, { outcome: 'outbid', outbidAt: p.enteredAt + 60, wonAt: null });
    const report = validateReport(lost);
    expect(report.ok).toBe(true);
    const [lostStory] = leaverStories(report.ok ? report.report : (undefined as never));
    expect(lostStory!.why).toContain("None of the round's 3 positions was won: the DAI in them came back.");
    expect(lostStory!.roundMkrWonWad).toBe(0n);
  });
});

describe('where the leaver shows', () => {
  it('the HTML has a section with the figures and the why; none without a leaver', async () => {
    const { html } = await renderHtml(fixture('no-rivals'));
    const section = html.match(/<section id="leavers">([\s\S]*?)<\/section>/);
    expect(section).not.toBeNull();
    expect(section![1]).toContain('<h2>A member who asked to leave in the middle of a bid</h2>');
    expect(section![1]).toContain('<tr><th>leaving at cost then</th><td>259.57 DAI</td></tr>');
    expect(section![1]).toContain('<tr><th>claimed</th><td>2020-03-31 22:31 UTC: 162.23 DAI and 0.9798 MKR</td></tr>');
    expect(section![1]).toMatch(/<p class="why">They asked to leave at /);
    expect((await renderHtml(fixture('historical'))).html).not.toContain('id="leavers"');
  }, 60_000);

  it('the terminal summary tells it after the findings', () => {
    const text = terminalSummary(fixture('no-rivals'));
    expect(text).toMatch(/\nasked to leave in the middle of a bid:\n {2}- 0x0000000000000000000000000000000a11000001 \(100 DAI\/MKR\): They asked to leave at /);
    expect(terminalSummary(fixture('historical'))).not.toContain('asked to leave in the middle of a bid');
  });
});
