/**
 * Arguments of the write commands, parsed exactly (no floats) before anything touches the chain. Every
 * failure is an `InputError` (exit 2) saying what was wrong and what to give instead.
 */
import { isAddress, getAddress, type Address } from 'viem';
import { InputError } from '../errors.js';
import { parseUnit } from '../units.js';

const DECIMALS = 18;

/**
 * A positive decimal amount with at most 18 decimals ("1000", "0.5"), as an 18-decimal integer (wad for
 * DAI and prices, 1e18 per share for shares).
 * @param arg How the argument is named in messages (`<dai>`, `--price`).
 * @param unit What it counts, for messages (`DAI`, `shares`, `DAI per MKR`).
 * @param example A command line that works, for the hint.
 * @throws InputError malformed ("1.2.3"), negative ("-5"), too many decimals, or zero.
 */
export function parseAmount(text: string, { arg, unit, example }: { arg: string; unit: string; example: string }): bigint {
  const hint = `give a positive number of ${unit} with at most ${DECIMALS} decimals, e.g. ${example}`;
  const shown = JSON.stringify(text);
  const trimmed = text.trim();
  if (/^-\s*\d*\.?\d/.test(trimmed)) throw new InputError(`${arg}: ${shown} is negative`, { hint });
  if (!/^\d+(\.\d+)?$/.test(trimmed)) throw new InputError(`${arg}: ${shown} is not a decimal number`, { hint });
  const decimals = (trimmed.split('.')[1] ?? '').length;
  if (decimals > DECIMALS) throw new InputError(`${arg}: ${shown} has ${decimals} decimals; at most ${DECIMALS} are allowed`, { hint });
  const value = parseUnit(trimmed, 'wad');
  if (value === 0n) throw new InputError(`${arg}: ${shown} is zero`, { hint });
  return value;
}

/**
 * A Flopper auction id: a whole number from 1.
 * @throws InputError anything else.
 */
export function parseAuctionId(text: string, arg = '<id>'): bigint {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || BigInt(trimmed) === 0n || BigInt(trimmed) >= 2n ** 256n) {
    throw new InputError(`${arg}: ${JSON.stringify(text)} is not an auction id`, {
      hint: 'give the Flopper auction id, a whole number from 1 (backstop auctions lists them)',
    });
  }
  return BigInt(trimmed);
}

/**
 * An address given on the command line: 0x and 40 hex digits; mixed case must match its EIP-55
 * checksum (a typo in a checksummed address is caught, not sent to).
 * @throws InputError anything else.
 */
export function parseAddress(text: string, arg: string): Address {
  const trimmed = text.trim();
  if (!isAddress(trimmed, { strict: true })) {
    const why = isAddress(trimmed, { strict: false }) ? 'its mixed case does not match the EIP-55 checksum' : 'not 0x and 40 hex digits';
    throw new InputError(`${arg}: ${JSON.stringify(text)} is not an address (${why})`, {
      hint: arg === '--tier' ? 'copy the address again, e.g. from backstop tiers' : 'copy the address again from where you got it (a wallet, a block explorer)',
    });
  }
  return getAddress(trimmed);
}
