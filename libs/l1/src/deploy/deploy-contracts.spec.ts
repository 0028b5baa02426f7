import {
  decodeNamespacePayload,
  findNamespace,
  genesisHeader,
  headerCommitment,
  UNBOUNDED,
  type BlockPayload,
  type Header,
} from '@hotshot/protocol';
import { aggregateSignatures, demoKeyPair, signDigest, signersToBitmap } from '@hotshot/crypto';
import {
  BaseError as ViemBaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  http,
  parseEventLogs,
  type Chain,
  type PublicClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ANVIL_PRIVATE_KEYS, startAnvil, type AnvilProcess } from '../anvil/anvil-process';
import { l1Chain } from '../chain/l1-chain';
import {
  stakeTableRotationDigest,
  toBatchArg,
  toBatchCommitmentArg,
  toNewBlocksArgs,
  toRotateStakeTableArgs,
} from '../encode/contract-args';
import { hotShotAbi } from '../generated/hot-shot';
import { zkEvmRollupAbi } from '../generated/zk-evm-rollup';
import { buildBlocks, certifyHeader, demoMembers } from '../testing/certified-blocks';
import { deployContracts, type DeployedContracts } from './deploy-contracts';

const CHAIN_ID = 35353n;
const NAMESPACE = 42;

/** The revert a call would hit, decoded through the contract's ABI. */
async function revertOf(run: () => Promise<unknown>): Promise<{ errorName?: string; args?: readonly unknown[] }> {
  try {
    await run();
  } catch (error) {
    const reverted =
      error instanceof ViemBaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    if (reverted instanceof ContractFunctionRevertedError) {
      return { errorName: reverted.data?.errorName, args: reverted.data?.args };
    }
    throw error;
  }
  throw new Error('expected a revert');
}

describe('deployContracts on anvil', () => {
  let anvil: AnvilProcess;
  let publicClient: PublicClient;
  let walletClient: ReturnType<
    typeof createWalletClient<ReturnType<typeof http>, Chain, ReturnType<typeof privateKeyToAccount>>
  >;
  let deployed: DeployedContracts;
  const { keys, stakeTable } = demoMembers('l1-spec', 4);
  const genesis = genesisHeader(CHAIN_ID);

  beforeAll(async () => {
    anvil = await startAnvil();
    const foundry = l1Chain(anvil.url);
    publicClient = createPublicClient({ chain: foundry, transport: http(anvil.url) });
    walletClient = createWalletClient({
      chain: foundry,
      transport: http(anvil.url),
      account: privateKeyToAccount(ANVIL_PRIVATE_KEYS[0]),
    });
    deployed = await deployContracts({
      walletClient,
      publicClient,
      chainId: CHAIN_ID,
      stakeTable,
      namespace: NAMESPACE,
    });
  });

  afterAll(async () => {
    await anvil?.stop();
  });

  it('deploys HotShot at the genesis of the chain id, with the stake table, and the rollup over it', async () => {
    const read = <T>(functionName: string, args: readonly unknown[] = []) =>
      publicClient.readContract({
        address: deployed.hotShot,
        abi: hotShotAbi,
        functionName,
        args,
      } as never) as Promise<T>;
    expect(await read<bigint>('blockHeight')).toBe(0n);
    expect(await read<string>('commitments', [0n])).toBe(headerCommitment(genesis));
    expect(await read<bigint>('stakeTableSize')).toBe(4n);
    expect(await read<bigint>('quorumThreshold')).toBe(3n);
    expect(await read<bigint>('stakeTableEpoch')).toBe(0n);
    expect(
      await publicClient.readContract({ address: deployed.rollup, abi: zkEvmRollupAbi, functionName: 'hotShot' }),
    ).toBe(deployed.hotShot);
    expect(
      await publicClient.readContract({ address: deployed.rollup, abi: zkEvmRollupAbi, functionName: 'namespace' }),
    ).toBe(NAMESPACE);
  });

  describe('with three certified blocks', () => {
    let headers: Header[];
    let payloads: BlockPayload[];

    beforeAll(() => {
      const tx = (byte: number, length: number) => ({
        namespace: NAMESPACE,
        payload: new Uint8Array(length).fill(byte),
      });
      const other = { namespace: 7, payload: Uint8Array.of(1, 2, 3) };
      ({ headers, payloads } = buildBlocks(CHAIN_ID, { height: 0, commitment: headerCommitment(genesis) }, [
        [tx(1, 10), other, tx(2, 33)],
        [other],
        [tx(3, 100)],
      ]));
    });

    it('refuses a certificate one signature short of quorum, with InsufficientStake decoded by viem', async () => {
      const cert = certifyHeader(headers[2], keys, [0, 1]);
      const revert = await revertOf(() =>
        publicClient.simulateContract({
          address: deployed.hotShot,
          abi: hotShotAbi,
          functionName: 'newBlocks',
          args: toNewBlocksArgs(headers, cert),
          account: walletClient.account,
        }),
      );
      expect(revert).toEqual({ errorName: 'InsufficientStake', args: [2n, 3n] });
    });

    it('refuses a certificate signed by keys outside the stake table', async () => {
      const outsiders = [0, 1, 2, 3].map((i) => demoKeyPair('not-the-table', i));
      const cert = certifyHeader(headers[2], outsiders, [0, 1, 2]);
      const revert = await revertOf(() =>
        publicClient.simulateContract({
          address: deployed.hotShot,
          abi: hotShotAbi,
          functionName: 'newBlocks',
          args: toNewBlocksArgs(headers, cert),
          account: walletClient.account,
        }),
      );
      expect(revert.errorName).toBe('InvalidSignature');
    });

    it('stores the headers with a real certificate from @hotshot/crypto', async () => {
      const cert = certifyHeader(headers[2], keys, [0, 2, 3]);
      const hash = await walletClient.writeContract({
        address: deployed.hotShot,
        abi: hotShotAbi,
        functionName: 'newBlocks',
        args: toNewBlocksArgs(headers, cert),
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      expect(receipt.status).toBe('success');
      const [event] = parseEventLogs({ abi: hotShotAbi, logs: receipt.logs, eventName: 'NewBlocks' });
      expect(event.args).toEqual({ firstHeight: 1n, lastHeight: 3n, lastCommitment: headerCommitment(headers[2]) });
      expect(
        await publicClient.readContract({ address: deployed.hotShot, abi: hotShotAbi, functionName: 'blockHeight' }),
      ).toBe(3n);
      for (const header of headers) {
        expect(
          await publicClient.readContract({
            address: deployed.hotShot,
            abi: hotShotAbi,
            functionName: 'commitments',
            args: [BigInt(header.height)],
          }),
        ).toBe(headerCommitment(header));
      }
    });

    it('sequences them into the rollup: phase I for two, phase II for the third', async () => {
      const transactionsAt = (i: number): Uint8Array[] => {
        const index = findNamespace(payloads[i].namespaceTable, NAMESPACE);
        return index < 0 ? [] : decodeNamespacePayload(payloads[i].namespacePayloads[index], UNBOUNDED);
      };
      const phase1 = await walletClient.writeContract({
        address: deployed.rollup,
        abi: zkEvmRollupAbi,
        functionName: 'sequenceBatches',
        args: [[0, 1].map((i) => toBatchArg(headers[i], payloads[i].namespaceTable, transactionsAt(i)))],
      });
      const phase2 = await walletClient.writeContract({
        address: deployed.rollup,
        abi: zkEvmRollupAbi,
        functionName: 'sequenceBatchCommitments',
        args: [[toBatchCommitmentArg(headers[2], payloads[2].namespaceTable)]],
      });
      const receipts = await Promise.all(
        [phase1, phase2].map((hash) => publicClient.waitForTransactionReceipt({ hash })),
      );
      expect(receipts.map((r) => r.status)).toEqual(['success', 'success']);
      const [sequenced] = parseEventLogs({
        abi: zkEvmRollupAbi,
        logs: receipts[0].logs,
        eventName: 'BatchesSequenced',
      });
      expect([sequenced.args.fromHeight, sequenced.args.toHeight]).toEqual([1n, 2n]);
      expect(
        await publicClient.readContract({
          address: deployed.rollup,
          abi: zkEvmRollupAbi,
          functionName: 'sequencedHeight',
        }),
      ).toBe(3n);
    });

    it('refuses a batch past what HotShot stored, naming the height', async () => {
      const [next] = buildBlocks(CHAIN_ID, { height: 3, commitment: headerCommitment(headers[2]) }, [[]]).headers;
      const revert = await revertOf(() =>
        publicClient.simulateContract({
          address: deployed.rollup,
          abi: zkEvmRollupAbi,
          functionName: 'sequenceBatchCommitments',
          args: [[toBatchCommitmentArg(next, [])]],
          account: walletClient.account,
        }),
      );
      expect(revert).toEqual({ errorName: 'HeightNotFinalized', args: [4n, 3n] });
    });
  });

  // Last: it changes the table the tests above certify against.
  it('hands the stake table over only on a certificate of the outgoing quorum, which the TypeScript digest matches', async () => {
    const next = demoMembers('l1-spec-next', 3, 5n);
    const digest = stakeTableRotationDigest(CHAIN_ID, 1n, next.stakeTable);
    const signedBy = (signers: readonly number[], over = digest) => ({
      signers: signersToBitmap(signers, keys.length),
      signature: aggregateSignatures(signers.map((index) => signDigest(keys[index]!.secretKey, over))),
    });
    const rotate = (epoch: bigint, certificate: ReturnType<typeof signedBy>) =>
      revertOf(() =>
        publicClient.simulateContract({
          address: deployed.hotShot,
          abi: hotShotAbi,
          functionName: 'rotateStakeTable',
          args: toRotateStakeTableArgs(epoch, next.stakeTable, certificate),
          account: walletClient.account,
        }),
      );
    expect(await rotate(1n, signedBy([0, 1]))).toEqual({ errorName: 'InsufficientStake', args: [2n, 3n] });
    expect(await rotate(2n, signedBy([0, 1, 2]))).toEqual({ errorName: 'UnexpectedEpoch', args: [1n, 2n] });
    const forEpoch2 = stakeTableRotationDigest(CHAIN_ID, 2n, next.stakeTable);
    expect(await rotate(1n, signedBy([0, 1, 2], forEpoch2))).toEqual({ errorName: 'InvalidSignature', args: [digest] });

    const hash = await walletClient.writeContract({
      address: deployed.hotShot,
      abi: hotShotAbi,
      functionName: 'rotateStakeTable',
      args: toRotateStakeTableArgs(1n, next.stakeTable, signedBy([1, 2, 3])),
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    const [rotated] = parseEventLogs({ abi: hotShotAbi, eventName: 'StakeTableRotated', logs: receipt.logs });
    expect(rotated?.args).toEqual({ epoch: 1n, digest });
    const read = <T>(functionName: 'stakeTableEpoch' | 'totalStake' | 'stakeTableSize') =>
      publicClient.readContract({ address: deployed.hotShot, abi: hotShotAbi, functionName }) as Promise<T>;
    expect(await read<bigint>('stakeTableEpoch')).toBe(1n);
    expect(await read<bigint>('stakeTableSize')).toBe(3n);
    expect(await read<bigint>('totalStake')).toBe(15n);
  });
});
