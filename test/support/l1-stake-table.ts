import type { BlsKeyPair } from '@hotshot/crypto';
import {
  ANVIL_PRIVATE_KEYS,
  deployStakeTable,
  l1Chain,
  registerValidator,
  startAnvil,
  type AnvilProcess,
  type StakeTableWriter,
} from '@hotshot/l1';
import { createPublicClient, createTestClient, createWalletClient, http, parseEther, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

/**
 * Starts anvil, deploys StakeTable.sol (minimum stake 1 ETH) and registers each key with its stake in ETH, then
 * mines past anvil's finality (latest - 64), so a reader at the finalized block sees every registration.
 */
export async function startAnvilWithStakeTable(
  validators: readonly { readonly key: BlsKeyPair; readonly stakeEth: string }[],
): Promise<{ anvil: AnvilProcess; stakeTable: Address }> {
  const anvil = await startAnvil();
  try {
    const chain = l1Chain(anvil.url);
    const writer: StakeTableWriter = {
      walletClient: createWalletClient({
        chain,
        transport: http(anvil.url),
        account: privateKeyToAccount(ANVIL_PRIVATE_KEYS[0]),
      }),
      publicClient: createPublicClient({ chain, transport: http(anvil.url) }),
    };
    const stakeTable = await deployStakeTable(writer, { minStake: parseEther('1'), exitEscrowSeconds: 3600 });
    for (const { key, stakeEth } of validators) {
      await registerValidator(writer, stakeTable, key, parseEther(stakeEth));
    }
    await createTestClient({ mode: 'anvil', transport: http(anvil.url) }).mine({ blocks: 70 });
    return { anvil, stakeTable };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}
