import {
  demoKeyPair,
  signProofOfPossession,
  toEip2537G1,
  toEip2537G2,
  type BlsKeyPair,
  type ProofOfPossessionContext,
} from '@hotshot/crypto';
import {
  BaseError as ViemBaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  http,
  keccak256,
  parseEther,
  parseEventLogs,
  type Address,
  type Chain,
  type PublicClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ANVIL_PRIVATE_KEYS, startAnvil, type AnvilProcess } from '../anvil/anvil-process';
import { l1Chain } from '../chain/l1-chain';
import { toG1PointArg, toG2PointArg } from '../encode/contract-args';
import { stakeTableAbi, stakeTableBytecode } from '../generated/stake-table';

const ESCROW_SECONDS = 3_600;

/** The revert a call would hit, decoded through StakeTable's ABI. */
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

describe('StakeTable binding on anvil, with proofs of possession signed by libs/crypto', () => {
  let anvil: AnvilProcess;
  let publicClient: PublicClient;
  let chain: Chain;
  let stakeTable: Address;
  const [alice, bob] = ANVIL_PRIVATE_KEYS.slice(0, 2).map((key) => privateKeyToAccount(key));
  const wallet = (account: typeof alice) => createWalletClient({ chain, transport: http(anvil.url), account });

  const contextFor = (account: Address): ProofOfPossessionContext => ({
    chainId: BigInt(chain.id),
    stakeTable,
    account,
  });
  const registerArgs = (key: BlsKeyPair, signature: Uint8Array) =>
    [toG1PointArg(toEip2537G1(key.publicKey)), toG2PointArg(toEip2537G2(signature))] as const;

  beforeAll(async () => {
    anvil = await startAnvil();
    chain = l1Chain(anvil.url);
    publicClient = createPublicClient({ chain, transport: http(anvil.url) });
    const hash = await wallet(alice).deployContract({
      abi: stakeTableAbi,
      bytecode: stakeTableBytecode,
      args: [parseEther('1'), ESCROW_SECONDS],
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress) throw new Error('StakeTable was not deployed');
    stakeTable = receipt.contractAddress;
  }, 60_000);

  afterAll(async () => {
    await anvil?.stop();
  });

  it('registers a key whose proof libs/crypto signed, and lists it with its stake', async () => {
    const key = demoKeyPair('stake-table binding spec', 0);
    const proof = signProofOfPossession(key, contextFor(alice.address));
    const [publicKey, signature] = registerArgs(key, proof.signature);
    expect(
      await publicClient.readContract({
        address: stakeTable,
        abi: stakeTableAbi,
        functionName: 'proofOfPossessionDigest',
        args: [alice.address, publicKey],
      }),
    ).toBe(proof.digest);

    const hash = await wallet(alice).writeContract({
      address: stakeTable,
      abi: stakeTableAbi,
      functionName: 'register',
      args: [publicKey, signature],
      value: parseEther('2'),
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe('success');
    const [event] = parseEventLogs({ abi: stakeTableAbi, logs: receipt.logs, eventName: 'Registered' });
    expect(event.args.keyHash).toBe(keccak256(toEip2537G1(key.publicKey)));
    expect(event.args.account).toBe(alice.address);
    expect(event.args.stake).toBe(parseEther('2'));

    const [page, count] = await publicClient.readContract({
      address: stakeTable,
      abi: stakeTableAbi,
      functionName: 'activeValidators',
      args: [0n, 10n],
    });
    expect(count).toBe(1n);
    expect(page).toEqual([{ publicKey, stake: parseEther('2') }]);
    expect(
      await publicClient.readContract({ address: stakeTable, abi: stakeTableAbi, functionName: 'totalStake' }),
    ).toBe(parseEther('2'));
  });

  it('refuses a proof signed for another account, and viem decodes the error with the digest', async () => {
    const key = demoKeyPair('stake-table binding spec', 1);
    const proof = signProofOfPossession(key, contextFor(alice.address));
    const [publicKey, signature] = registerArgs(key, proof.signature);
    const refused = await revertOf(() =>
      publicClient.simulateContract({
        account: bob,
        address: stakeTable,
        abi: stakeTableAbi,
        functionName: 'register',
        args: [publicKey, signature],
        value: parseEther('1'),
      }),
    );
    const bobsDigest = signProofOfPossession(key, contextFor(bob.address)).digest;
    expect(refused).toEqual({ errorName: 'InvalidProofOfPossession', args: [bobsDigest] });
  });

  it('stops counting a key at its exit and holds its stake for the escrow', async () => {
    const key = demoKeyPair('stake-table binding spec', 2);
    const proof = signProofOfPossession(key, contextFor(bob.address));
    const [publicKey, signature] = registerArgs(key, proof.signature);
    const bobWallet = wallet(bob);
    const call = { address: stakeTable, abi: stakeTableAbi } as const;
    await publicClient.waitForTransactionReceipt({
      hash: await bobWallet.writeContract({
        ...call,
        functionName: 'register',
        args: [publicKey, signature],
        value: parseEther('3'),
      }),
    });
    const keyHash = keccak256(toEip2537G1(key.publicKey));
    const receipt = await publicClient.waitForTransactionReceipt({
      hash: await bobWallet.writeContract({ ...call, functionName: 'requestExit', args: [keyHash] }),
    });
    const [exit] = parseEventLogs({ abi: stakeTableAbi, logs: receipt.logs, eventName: 'ExitRequested' });
    const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber });
    expect(exit.args).toEqual({ keyHash, stake: parseEther('3'), unlocksAt: block.timestamp + BigInt(ESCROW_SECONDS) });

    const [page] = await publicClient.readContract({ ...call, functionName: 'activeValidators', args: [0n, 10n] });
    expect(page.map((v) => v.publicKey)).not.toContainEqual(publicKey);
    const early = await revertOf(() =>
      publicClient.simulateContract({ ...call, account: bob, functionName: 'withdraw', args: [keyHash] }),
    );
    expect(early.errorName).toBe('EscrowNotElapsed');
    expect(early.args?.[0]).toBe(block.timestamp + BigInt(ESCROW_SECONDS));
  });
});
