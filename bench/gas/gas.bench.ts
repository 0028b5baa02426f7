/**
 * `npm run bench:gas`: what the L1 contracts cost, one JSON line per figure.
 * - `execution.*`: the call's own execution gas, measured by forge (contracts/test/Gas.t.sol, `vm.lastCallGas`).
 * - `transaction.*`: gasUsed from anvil receipts of real transactions (adds the 21,000 base and the calldata, which
 *   dominates phase I), on contracts deployed with libs/l1 and certificates signed with @hotshot/crypto.
 * Five equal members, four signing.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { aggregateSignatures, demoKeyPair, signDigest, signersToBitmap, type BlsKeyPair } from '@hotshot/crypto';
import {
  ANVIL_PRIVATE_KEYS,
  deployContracts,
  l1Chain,
  hotShotAbi,
  startAnvil,
  toBatchArg,
  toBatchCommitmentArg,
  toNewBlocksArgs,
  zkEvmRollupAbi,
} from '@hotshot/l1';
import {
  UNBOUNDED,
  buildBlockPayload,
  finalityDigest,
  genesisHeader,
  headerCommitment,
  payloadCommitment,
  type BlockPayload,
  type FinalityCertificate,
  type Header,
  type Transaction,
} from '@hotshot/protocol';
import { createPublicClient, createWalletClient, http, type Hash } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const CHAIN_ID = 35353n;
const NAMESPACE = 1;
const MEMBERS = 5;
const SIGNERS = [0, 1, 2, 3];

function emit(name: string, gas: bigint | number, scope: 'execution' | 'transaction'): void {
  process.stdout.write(`${JSON.stringify({ name: `${scope}.${name}`, gas: Number(gas), scope })}\n`);
}

/** Runs the forge gas tests and emits the figures they log as `gas <name> <value>`. */
function forgeFigures(): void {
  const root = join(__dirname, '..', '..');
  const forge = spawnSync(
    join(root, 'node_modules', '.bin', 'forge'),
    ['test', '--match-contract', '^GasTest$', '--json', '-vv'],
    { cwd: join(root, 'contracts'), encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const start = forge.stdout.indexOf('{');
  if (forge.status !== 0 || start === -1) throw new Error(`forge gas tests failed:\n${forge.stdout}\n${forge.stderr}`);
  const suites = JSON.parse(forge.stdout.slice(start)) as Record<
    string,
    { test_results: Record<string, { decoded_logs: string[] }> }
  >;
  for (const suite of Object.values(suites)) {
    for (const test of Object.values(suite.test_results)) {
      for (const line of test.decoded_logs) {
        const match = /^gas (\S+) (\d+)$/.exec(line);
        if (match) emit(match[1], Number(match[2]), 'execution');
      }
    }
  }
}

/** A chain of blocks from `parent`, one per transaction list, with its payloads. */
function buildBlocks(
  parent: Header,
  perBlock: readonly Transaction[][],
): { headers: Header[]; payloads: BlockPayload[] } {
  const headers: Header[] = [];
  const payloads: BlockPayload[] = [];
  let previous = parent;
  for (const transactions of perBlock) {
    const payload = buildBlockPayload(transactions, UNBOUNDED);
    const header: Header = {
      chainId: CHAIN_ID,
      height: previous.height + 1,
      timestamp: 1_700_000_000_000 + (previous.height + 1) * 1000,
      l1Head: previous.height + 1,
      parentCommitment: headerCommitment(previous),
      payloadCommitment: payloadCommitment(payload.namespaceTable),
      payloadSize: payload.namespacePayloads.reduce((sum, bytes) => sum + bytes.length, 0),
    };
    headers.push(header);
    payloads.push(payload);
    previous = header;
  }
  return { headers, payloads };
}

function certify(header: Header, keys: readonly BlsKeyPair[]): FinalityCertificate {
  const commitment = headerCommitment(header);
  const digest = finalityDigest(header.chainId, header.height, commitment);
  return {
    height: header.height,
    headerCommitment: commitment,
    certificate: {
      signers: signersToBitmap(SIGNERS, keys.length),
      signature: aggregateSignatures(SIGNERS.map((i) => signDigest(keys[i].secretKey, digest))),
    },
  };
}

/** Deploys on a fresh anvil and emits the gasUsed of real transactions. */
async function transactionFigures(): Promise<void> {
  const anvil = await startAnvil();
  try {
    const foundry = l1Chain(anvil.url);
    const publicClient = createPublicClient({ chain: foundry, transport: http(anvil.url) });
    const walletClient = createWalletClient({
      chain: foundry,
      transport: http(anvil.url),
      account: privateKeyToAccount(ANVIL_PRIVATE_KEYS[0]),
    });
    const keys = Array.from({ length: MEMBERS }, (_, i) => demoKeyPair('gas-bench', i));
    const stakeTable = keys.map((key) => ({ publicKey: key.publicKey, stake: 1n }));
    const { hotShot, rollup } = await deployContracts({
      walletClient,
      publicClient,
      chainId: CHAIN_ID,
      stakeTable,
      namespace: NAMESPACE,
    });
    const gasOf = async (hash: Hash): Promise<bigint> => {
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
      return receipt.gasUsed;
    };

    let head = genesisHeader(CHAIN_ID);
    const headers: Header[] = [];
    const payloads: BlockPayload[] = [];
    const store = async (perBlock: Transaction[][]): Promise<bigint> => {
      const blocks = buildBlocks(head, perBlock);
      head = blocks.headers.at(-1)!;
      headers.push(...blocks.headers);
      payloads.push(...blocks.payloads);
      const args = toNewBlocksArgs(blocks.headers, certify(head, keys));
      return gasOf(
        await walletClient.writeContract({ address: hotShot, abi: hotShotAbi, functionName: 'newBlocks', args }),
      );
    };
    const kilobytes = (count: number, seed: number): Transaction[] =>
      Array.from({ length: count }, (_, i) => ({
        namespace: NAMESPACE,
        payload: Uint8Array.from({ length: 1024 }, (_, k) => ((seed * 31 + i * 7 + k) % 255) + 1),
      }));

    // Warm-up: the first call turns HotShot's and the rollup's zero slots nonzero; keep that out of the figures.
    await store([[]]);
    for (const count of [1, 10, 20, 100]) {
      const gas = await store(Array.from({ length: count }, () => []));
      emit(`newBlocks.headers=${count}`, gas, 'transaction');
      if (count >= 20) emit(`newBlocks.headers=${count}.perBlock`, gas / BigInt(count), 'transaction');
    }
    const at = headers.length;
    await store([kilobytes(1, 1), kilobytes(8, 2), [], ...Array.from({ length: 11 }, (_, i) => kilobytes(1, 3 + i))]);

    const batch = (i: number) => {
      const payload = payloads[i];
      const index = payload.namespaceTable.findIndex((entry) => entry.namespace === NAMESPACE);
      const transactions = index < 0 ? [] : decodeTransactions(payload.namespacePayloads[index]);
      return toBatchArg(headers[i], payload.namespaceTable, transactions);
    };
    const sequence = async (from: number, to: number): Promise<bigint> => {
      const batches = Array.from({ length: to - from }, (_, k) => batch(from + k));
      return gasOf(
        await walletClient.writeContract({
          address: rollup,
          abi: zkEvmRollupAbi,
          functionName: 'sequenceBatches',
          args: [batches],
        }),
      );
    };
    const commit = async (from: number, to: number): Promise<bigint> => {
      const batches = Array.from({ length: to - from }, (_, k) =>
        toBatchCommitmentArg(headers[from + k], payloads[from + k].namespaceTable),
      );
      return gasOf(
        await walletClient.writeContract({
          address: rollup,
          abi: zkEvmRollupAbi,
          functionName: 'sequenceBatchCommitments',
          args: [batches],
        }),
      );
    };

    // Heights 1..at-1 are empty blocks: sequence them first (phase II), warming the rollup's slots.
    await commit(0, at);
    const oneKb = await sequence(at, at + 1);
    const eightKb = await sequence(at + 1, at + 2);
    emit('sequenceBatches.batches=1.kb=1', oneKb, 'transaction');
    emit('sequenceBatches.batches=1.kb=8', eightKb, 'transaction');
    emit('sequenceBatches.perKB', (eightKb - oneKb) / 7n, 'transaction');
    const single = await commit(at + 2, at + 3);
    const ten = await commit(at + 3, at + 13);
    emit('sequenceBatchCommitments.heights=1', single, 'transaction');
    emit('sequenceBatchCommitments.heights=10', ten, 'transaction');
    emit('sequenceBatchCommitments.perHeight', (ten - single) / 9n, 'transaction');
  } finally {
    await anvil.stop();
  }
}

/** The transactions of a namespace payload: uint32 count, count x uint32 length, then the bytes. */
function decodeTransactions(payload: Uint8Array): Uint8Array[] {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const count = view.getUint32(0);
  const transactions: Uint8Array[] = [];
  let offset = 4 + 4 * count;
  for (let i = 0; i < count; i++) {
    const length = view.getUint32(4 + 4 * i);
    transactions.push(payload.subarray(offset, offset + length));
    offset += length;
  }
  return transactions;
}

async function main(): Promise<void> {
  forgeFigures();
  await transactionFigures();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
