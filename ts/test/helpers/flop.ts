// Debt-auction actions for keeper tests on the local MCD (the deployer is the Vat's and the Flopper's
// ward), a reorg that respects the fixture's snapshot, a client that counts its JSON-RPC requests, and
// a logger whose lines the test can read.
import { beforeEach } from 'vitest';
import { createPublicClient, http, type Hash } from 'viem';
import { pino, type Logger } from 'pino';
import { flopperAbi, vatAbi, type ReadClient } from '../../src/chain/index.js';
import type { useAnvil } from './fixtures.js';

type Fixture = ReturnType<typeof useAnvil>;

/**
 * Kicks, dents, deals and ticks sent by the deployer, time travel, and `anvil_reorg`.
 * Call it at the top level of a test file, after `useAnvil()`: it notes the block each test starts
 * from, because a reorg reaching below the fixture's snapshot breaks Anvil's `evm_revert` ("Resource
 * not found") and leaves the node without a latest block; `reorg` refuses that depth.
 */
export function useFlop(fx: Fixture) {
  const { flop, vat } = fx.book.maker;
  const deployer = fx.deployer.account.address;
  let startBlock = 0n;
  beforeEach(async () => {
    startBlock = await fx.client.getBlockNumber({ cacheTime: 0 });
  });

  const send = async (hash: Promise<Hash>) => fx.mine(await hash);

  return {
    /** Vat DAI for the deployer to bid with (`suck`), and the Flopper allowed to move it (`hope`). */
    async fundBidder(rad: bigint) {
      await send(fx.deployer.writeContract({ address: vat, abi: vatAbi, functionName: 'suck', args: [deployer, deployer, rad] }));
      await send(fx.deployer.writeContract({ address: vat, abi: vatAbi, functionName: 'hope', args: [flop] }));
    },
    dent: (id: bigint, lotWad: bigint, bidRad: bigint) =>
      send(fx.deployer.writeContract({ address: flop, abi: flopperAbi, functionName: 'dent', args: [id, lotWad, bidRad] })),
    deal: (id: bigint) => send(fx.deployer.writeContract({ address: flop, abi: flopperAbi, functionName: 'deal', args: [id] })),
    tick: (id: bigint) => send(fx.deployer.writeContract({ address: flop, abi: flopperAbi, functionName: 'tick', args: [id] })),
    /** Moves the clock `seconds` ahead and mines a block with that time. */
    async warp(seconds: bigint) {
      await fx.testClient.increaseTime({ seconds: Number(seconds) });
      await fx.testClient.mine({ blocks: 1 });
    },
    /** Empty blocks. */
    mineBlocks: (blocks: number) => fx.testClient.mine({ blocks }),
    /** Replaces the last `depth` blocks with empty ones; the height stays (their transactions are dropped). */
    async reorg(depth: number) {
      const head = await fx.client.getBlockNumber({ cacheTime: 0 });
      if (head - BigInt(depth) < startBlock) {
        throw new Error(`a reorg of depth ${depth} from block ${head} reaches below the test's snapshot (block ${startBlock})`);
      }
      const request = fx.client.request as unknown as (args: { method: string; params: unknown }) => Promise<unknown>;
      // Anvil 1.7 takes one params object, snake case (an array holding the object is refused).
      // Replacement blocks that are empty and fall on the same second as the blocks they replace get
      // the same hash (the clock a previous test moved decides that): a 1-wei transfer of the ward's
      // in the first one makes every replaced hash differ.
      const marker = { from: deployer, to: deployer, value: '0x1' };
      await request({ method: 'anvil_reorg', params: { depth, tx_block_pairs: [[marker, 0]] } });
    },
    /** Drops the last `depth` blocks: the head goes back. */
    async rollback(depth: number) {
      const head = await fx.client.getBlockNumber({ cacheTime: 0 });
      if (head - BigInt(depth) < startBlock) throw new Error(`a rollback of depth ${depth} reaches below the test's snapshot`);
      const request = fx.client.request as unknown as (args: { method: string; params: unknown }) => Promise<unknown>;
      await request({ method: 'anvil_rollback', params: [depth] });
    },
    get startBlock() {
      return startBlock;
    },
  };
}

/** A read client on the fixture's Anvil that records the method of every JSON-RPC request it sends. */
export function countingClient(fx: Fixture): { client: ReadClient; methods: string[]; take(): string[] } {
  const methods: string[] = [];
  const client = createPublicClient({
    chain: fx.chain,
    transport: http(fx.rpcUrl, {
      onFetchRequest(_request, init) {
        const body = JSON.parse(String(init.body)) as { method: string } | { method: string }[];
        for (const call of Array.isArray(body) ? body : [body]) methods.push(call.method);
      },
    }),
  });
  return {
    client,
    methods,
    /** The methods recorded since the last call. */
    take: () => methods.splice(0, methods.length),
  };
}

/** A pino logger writing JSON lines into an array. */
export function captureLog(): { log: Logger; lines: Record<string, unknown>[]; events: () => string[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines, events: () => lines.map((l) => String(l['msg'])) };
}
