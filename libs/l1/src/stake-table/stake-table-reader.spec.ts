import { demoKeyPair, toEip2537G1 } from '@hotshot/crypto';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  parseEther,
  type Address,
  type PublicClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ANVIL_PRIVATE_KEYS, startAnvil, type AnvilProcess } from '../anvil/anvil-process';
import { l1Chain } from '../chain/l1-chain';
import { toG1PointArg } from '../encode/contract-args';
import { mockVerifierAbi, mockVerifierBytecode } from '../generated/mock-verifier';
import {
  StakeTableBadAnswerError,
  StakeTableBlockNotFinalizedError,
  StakeTableNotDeployedError,
  StakeTableUnreachableError,
} from './stake-table-errors';
import { readL1ActiveSet } from './stake-table-reader';
import { deployStakeTable, registerValidator, type StakeTableWriter } from './stake-table-registration';

/** anvil calls latest - 64 finalized. */
const FINALITY_DEPTH = 64;

describe('readL1ActiveSet on anvil', () => {
  jest.setTimeout(120_000);
  let anvil: AnvilProcess;
  let writer: StakeTableWriter;
  let stakeTable: Address;
  let mine: (blocks: number) => Promise<void>;
  const keys = [0, 1, 2].map((i) => demoKeyPair('stake-table reader spec', i));

  beforeAll(async () => {
    anvil = await startAnvil();
    const chain = l1Chain(anvil.url);
    const account = privateKeyToAccount(ANVIL_PRIVATE_KEYS[0]);
    writer = {
      walletClient: createWalletClient({ chain, transport: http(anvil.url), account }),
      publicClient: createPublicClient({ chain, transport: http(anvil.url) }),
    };
    const testClient = createTestClient({ mode: 'anvil', transport: http(anvil.url) });
    mine = (blocks) => testClient.mine({ blocks });
    stakeTable = await deployStakeTable(writer, { minStake: parseEther('1'), exitEscrowSeconds: 60 });
  }, 60_000);

  afterAll(async () => {
    await anvil?.stop();
  });

  it('reads the active keys and stakes at the finalized block, not the registrations after it', async () => {
    await registerValidator(writer, stakeTable, keys[0]!, parseEther('2'));
    await registerValidator(writer, stakeTable, keys[1]!, parseEther('1'));
    await mine(FINALITY_DEPTH);
    const first = await readL1ActiveSet({ url: anvil.url, address: stakeTable });
    await registerValidator(writer, stakeTable, keys[2]!, parseEther('3'));
    const again = await readL1ActiveSet({ url: anvil.url, address: stakeTable });
    for (const set of [first, again]) {
      expect(set.minStake).toBe(parseEther('1'));
      expect(set.validators).toEqual([
        { publicKey: keys[0]!.publicKey, stake: parseEther('2') },
        { publicKey: keys[1]!.publicKey, stake: parseEther('1') },
      ]);
    }
    await mine(FINALITY_DEPTH);
    const later = await readL1ActiveSet({ url: anvil.url, address: stakeTable });
    expect(later.validators.map((v) => v.stake)).toEqual([parseEther('2'), parseEther('1'), parseEther('3')]);
    // A pinned block answers as it did, whatever happened since.
    const pinned = await readL1ActiveSet({ url: anvil.url, address: stakeTable, blockNumber: first.blockNumber });
    expect(pinned).toEqual(first);
  });

  it('refuses a block above the finalized one', async () => {
    // cacheTime 0: viem otherwise answers a block number it read within the last 4 s (here, before the mining above).
    const latest = await writer.publicClient.getBlockNumber({ cacheTime: 0 });
    await expect(readL1ActiveSet({ url: anvil.url, address: stakeTable, blockNumber: latest })).rejects.toThrow(
      StakeTableBlockNotFinalizedError,
    );
  });

  it('names an address without a contract, and a contract that is not a StakeTable', async () => {
    await expect(
      readL1ActiveSet({ url: anvil.url, address: '0x000000000000000000000000000000000000dEaD' }),
    ).rejects.toThrow(StakeTableNotDeployedError);
    const hash = await writer.walletClient.deployContract({
      abi: mockVerifierAbi,
      bytecode: mockVerifierBytecode,
      args: [true],
      chain: writer.walletClient.chain,
    });
    const other = (await writer.publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
    await mine(FINALITY_DEPTH);
    await expect(readL1ActiveSet({ url: anvil.url, address: other })).rejects.toThrow(StakeTableBadAnswerError);
  });

  it('says the L1 is unreachable when nothing answers', async () => {
    await expect(readL1ActiveSet({ url: 'http://127.0.0.1:9', address: stakeTable })).rejects.toThrow(
      StakeTableUnreachableError,
    );
  });

  /** A client whose StakeTable answers `pages` (offset -> [page, count]) at block 100, finalized. */
  const answering = (pages: (offset: bigint) => readonly [unknown[], bigint]) =>
    ({
      getBlock: () => Promise.resolve({ number: 100n }),
      getCode: () => Promise.resolve('0x6001'),
      readContract: ({ functionName, args }: { functionName: string; args?: readonly bigint[] }) =>
        Promise.resolve(functionName === 'minStake' ? 1n : pages(args![0]!)),
    }) as unknown as PublicClient;
  const word = (byte: string) => `0x${byte.repeat(32)}` as const;

  it('refuses garbage the contract might answer: a key that is no point, a count that moves between pages', async () => {
    const source = { url: 'http://fake', address: stakeTable };
    const notAPoint = { publicKey: { x_a: word('00'), x_b: word('11'), y_a: word('00'), y_b: word('22') }, stake: 1n };
    await expect(
      readL1ActiveSet(
        source,
        answering(() => [[notAPoint], 1n]),
      ),
    ).rejects.toThrow(StakeTableBadAnswerError);
    const valid = { publicKey: toG1PointArg(toEip2537G1(keys[0]!.publicKey)), stake: 1n };
    const full = Array.from({ length: 200 }, () => valid);
    await expect(
      readL1ActiveSet(
        source,
        answering((offset) => (offset === 0n ? [full, 300n] : [[], 250n])),
      ),
    ).rejects.toThrow(/count changed/);
    await expect(
      readL1ActiveSet(
        source,
        answering(() => [[], 3n]),
      ),
    ).rejects.toThrow(/wrong length/);
  });
});
