/**
 * The address book: every contract address the package uses, for the chain it talks to.
 * - local: the records the Forge scripts write, deployments/mcd-<chainid>.json (DeployMcd) and
 *   deployments/syndicate-<chainid>.json (DeploySyndicate);
 * - fork and mainnet: Maker's mainnet addresses (networks.ts); the factory from the syndicate record
 *   for that chain id if there is one, or `--factory`.
 * Every missing or malformed entry is reported on its own line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress, isAddress, type Address } from 'viem';
import { InputError } from '../errors.js';
import { FIELDS, type ChainKind } from './schema.js';
import { MAINNET_MAKER, MAINNET_MCD_FROM_BLOCK } from './networks.js';

/** Maker's contracts, named as DeployMcd records them. */
export interface MakerAddresses {
  vat: Address;
  vow: Address;
  cat: Address;
  ethFlip: Address;
  flop: Address;
  ethJoin: Address;
  daiJoin: Address;
  dai: Address;
  mkr: Address;
  spotter: Address;
  jug: Address;
  pip: Address;
  weth: Address;
  /** Local only: the settable price feed behind the OSM, and MKR's mint authority. */
  feed?: Address;
  mkrAuthority?: Address;
  /** Local only: the batch-read contract DeployMcd deploys (Multicall3's `aggregate3`). */
  multicall3?: Address;
}

export interface AddressBook {
  chain: ChainKind;
  chainId: number;
  maker: MakerAddresses;
  /** The SyndicateFactory, if one is known for this chain. */
  factory: Address | undefined;
  /** The first block worth scanning for the Flopper's logs: the local deployment's, or MCD's launch on mainnet. */
  fromBlock: bigint;
  /** Where the addresses came from, for messages. */
  sources: { maker: string; factory: string | undefined };
}

const REQUIRED_MAKER = ['vat', 'vow', 'cat', 'ethFlip', 'flop', 'ethJoin', 'daiJoin', 'dai', 'mkr', 'spotter', 'jug', 'pip', 'weth'] as const satisfies readonly (keyof MakerAddresses)[];
const OPTIONAL_MAKER = ['feed', 'mkrAuthority', 'multicall3'] as const satisfies readonly (keyof MakerAddresses)[];

export function mcdRecordPath(dir: string, chainId: number): string {
  return join(dir, `mcd-${chainId}.json`);
}
export function syndicateRecordPath(dir: string, chainId: number): string {
  return join(dir, `syndicate-${chainId}.json`);
}

function readRecord(path: string, problems: string[], whenMissing: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) {
    problems.push(`${path}: not found; ${whenMissing}`);
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    problems.push(`${path}: not a JSON object (${(error as Error).message}); rerun the deploy script that writes it`);
    return undefined;
  }
}

function readAddress(record: Record<string, unknown>, key: string, path: string, problems: string[], optional = false): Address | undefined {
  const value = record[key];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string') {
    problems.push(`${path}: "${key}" is missing; rerun the deploy script that writes it`);
    return undefined;
  }
  if (!isAddress(value, { strict: false })) {
    problems.push(`${path}: "${key}" is ${JSON.stringify(value)}, not a 0x address of 40 hex digits`);
    return undefined;
  }
  return getAddress(value);
}

function checkChainId(record: Record<string, unknown>, chainId: number, path: string, problems: string[]): void {
  if (record.chainId !== undefined && Number(record.chainId) !== chainId) {
    problems.push(`${path}: records chain id ${String(record.chainId)}, but the RPC answers ${chainId}; check ${FIELDS.rpcUrl.flag}`);
  }
}

export interface ResolveOptions {
  chain: ChainKind;
  /** The chain id the RPC answers. */
  chainId: number;
  deploymentsDir: string;
  /** `--factory`, overriding the syndicate record. */
  factory?: Address | undefined;
}

export function resolveAddressBook({ chain, chainId, deploymentsDir, factory }: ResolveOptions): AddressBook {
  const problems: string[] = [];
  const dirHint = `set ${FIELDS.deployments.flag} (${FIELDS.deployments.env}) to the directory holding it`;
  let maker: Partial<MakerAddresses> = {};
  let makerSource: string;
  let fromBlock = 0n;

  if (chain === 'local') {
    const path = mcdRecordPath(deploymentsDir, chainId);
    makerSource = path;
    const record = readRecord(path, problems, `deploy the local MCD (make chain) or ${dirHint}`);
    if (record) {
      checkChainId(record, chainId, path, problems);
      for (const key of REQUIRED_MAKER) {
        const value = readAddress(record, key, path, problems);
        if (value) maker[key] = value;
      }
      for (const key of OPTIONAL_MAKER) {
        const value = readAddress(record, key, path, problems, true);
        if (value) maker[key] = value;
      }
      if (typeof record.block === 'number' && Number.isSafeInteger(record.block) && record.block >= 0) fromBlock = BigInt(record.block);
    }
  } else {
    if (chain === 'mainnet' && chainId !== 1) {
      problems.push(`${FIELDS.chain.flag} (${FIELDS.chain.env}): mainnet, but the RPC answers chain id ${chainId}; use --chain fork for a fork with another id`);
    }
    maker = { ...MAINNET_MAKER };
    makerSource = 'mainnet (networks.ts)';
    fromBlock = MAINNET_MCD_FROM_BLOCK;
  }

  let factoryAddress = factory;
  let factorySource: string | undefined = factory ? FIELDS.factory.flag : undefined;
  if (!factoryAddress) {
    const path = syndicateRecordPath(deploymentsDir, chainId);
    if (existsSync(path)) {
      const record = readRecord(path, problems, '');
      if (record) {
        checkChainId(record, chainId, path, problems);
        factoryAddress = readAddress(record, 'factory', path, problems);
        factorySource = path;
      }
    }
  }

  if (problems.length > 0) {
    throw new InputError(
      problems.length === 1 ? `address book: ${problems[0]}` : `address book: ${problems.length} problems`,
      { details: problems.length === 1 ? undefined : problems.join('\n') },
    );
  }
  return {
    chain,
    chainId,
    maker: maker as MakerAddresses,
    factory: factoryAddress,
    fromBlock,
    sources: { maker: makerSource, factory: factorySource },
  };
}

/** The factory, or an error saying how to give one. */
export function requireFactory(book: AddressBook, deploymentsDir: string): Address {
  if (book.factory) return book.factory;
  throw new InputError(`no SyndicateFactory known for chain ${book.chainId}`, {
    hint: `deploy one (forge script script/DeploySyndicate.s.sol writes ${syndicateRecordPath(deploymentsDir, book.chainId)}) or set ${FIELDS.factory.flag} (${FIELDS.factory.env})`,
  });
}
