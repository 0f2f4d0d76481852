// What the demo's world says happened in a block (src/demo/world.ts blockActivity, idRanges), for the
// progress line after the last debt auction is kicked: the keeper's ticks, bids and finalizes with their
// auctions and tier, rounds opening and closing, the leaver's moves. Pure.
import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { blockActivity, idRanges, type WorldRecord } from '../../src/demo/world.js';

const TIER: Address = '0x944229a0E37CB2e96a23bB60D5a03B155E41074d';
type Action = WorldRecord['keeperActions'][number];
const action = (kind: Action['action'], status: Action['status'], auctionId: bigint | undefined, tier?: Address): Action => ({ at: 0n, action: kind, status, reason: '', tier, auctionId });
const round = (before: { round: bigint; open: boolean } | undefined, after: { round: bigint; open: boolean }) => [{ tier: TIER, label: '100 DAI/MKR', before, after }];
const closed1 = { round: 1n, open: false };
const open1 = { round: 1n, open: true };

describe('idRanges', () => {
  it('compresses runs of ids, sorted, each once', () => {
    expect(idRanges([3n, 1n, 2n, 8n, 5n, 6n, 2n])).toBe('1-3, 5-6, 8');
    expect(idRanges([7n])).toBe('7');
    expect(idRanges([])).toBe('');
  });
});

describe('blockActivity', () => {
  it('says nothing for a block where nothing happened', () => {
    expect(blockActivity({ actions: [], rounds: round(closed1, closed1) })).toBeUndefined();
    // confirmations of what was already told are not news
    expect(blockActivity({ actions: [action('tick', 'confirmed', 1n)], rounds: round(closed1, closed1) })).toBeUndefined();
  });

  it('tells the ticks sent, with their auctions', () => {
    const ticks = [...Array(40).keys()].map((i) => action('tick', 'sent', BigInt(i + 1)));
    expect(blockActivity({ actions: ticks, rounds: round(closed1, closed1) })).toBe('keeper ticks 40 unbid debt auctions (1-40)');
    expect(blockActivity({ actions: [action('tick', 'sent', 99n)], rounds: round(undefined, closed1) })).toBe('keeper ticks 1 unbid debt auction (99)');
  });

  it("tells the tier's bids and the round they open, then the finalizes and the round's close", () => {
    const enters = [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n].map((id) => action('enter', 'sent', id, TIER));
    expect(blockActivity({ actions: enters, rounds: round(closed1, closed1) })).toBe('tier 100 DAI/MKR bids in auctions 1-8');
    expect(blockActivity({ actions: enters.map((a) => ({ ...a, status: 'confirmed' as const })), rounds: round(closed1, open1) })).toBe("tier 100 DAI/MKR's round 1 opens (a bid is out: enlist and defect wait)");
    const finals = [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n].map((id) => action('finalize', 'sent', id, TIER));
    expect(blockActivity({ actions: finals, rounds: round(open1, open1) })).toBe('tier 100 DAI/MKR finalizes auctions 1-8');
    expect(blockActivity({ actions: [], rounds: round(open1, { round: 2n, open: false }), leaver: 'member 0x4D96…2Fa1 claims what round 1 paid their exit request' })).toBe(
      "tier 100 DAI/MKR's round 1 closes; member 0x4D96…2Fa1 claims what round 1 paid their exit request",
    );
  });

  it('tells a kiss and the leaver’s refused defect', () => {
    expect(blockActivity({ actions: [action('kiss', 'sent', undefined)], rounds: round(closed1, closed1), leaver: 'member 0x4D96…2Fa1 tries to defect: refused' })).toBe(
      "keeper kisses the Vow's DAI against its debt; member 0x4D96…2Fa1 tries to defect: refused",
    );
  });
});
