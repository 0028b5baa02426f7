import { defineChain, type Chain } from 'viem';

/**
 * A viem chain for an L1 reached at `rpcUrl` (anvil's id 31337 by default). Defined here rather than imported from
 * `viem/chains`, whose type declarations pull ox's raw TypeScript sources (browser WebAuthn code) into the
 * project's type check.
 */
export function l1Chain(rpcUrl: string, id = 31337): Chain {
  return defineChain({
    id,
    name: id === 31337 ? 'Anvil' : `L1 ${id}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}
