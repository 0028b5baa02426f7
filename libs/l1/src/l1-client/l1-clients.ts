import { readFileSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import {
  createPublicClient,
  createWalletClient,
  http,
  isHex,
  webSocket,
  type Account,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { KeyFileError, assertPrivateKeyFile } from '@hotshot/crypto';
import { jsonSchema } from '@hotshot/protocol';
import { l1Chain } from '../chain/l1-chain';
import { Backoff, sleep, type Logger } from '@hotshot/telemetry';
import { PrivateKeyError } from '../errors';
import { errorLogFields } from './contract-errors';

/** A read client and a signing client for one L1 endpoint. */
export interface L1Clients {
  readonly publicClient: PublicClient<Transport, Chain>;
  readonly walletClient: WalletClient<Transport, Chain, Account>;
  readonly account: Account;
  readonly chainId: number;
}

/** The schemes an L1 endpoint may have, for the flags that take one: every client here picks its transport by them. */
export const L1_URL_PROTOCOLS = ['http:', 'https:', 'ws:', 'wss:'] as const;

/**
 * Clients for the L1 at `url` (http(s) or ws(s)), signing with `privateKey`. Asks the node for its chain id first,
 * so transactions are signed for the chain they go to.
 */
export async function connectL1(url: string, privateKey: Hex): Promise<L1Clients> {
  const transport = (): Transport => (url.startsWith('ws') ? webSocket(url) : http(url, { retryCount: 2 }));
  const probe = createPublicClient({ transport: transport() });
  const chainId = await probe.getChainId();
  const chain = l1Chain(url, chainId);
  const account = privateKeyToAccount(privateKey);
  return {
    publicClient: createPublicClient({ chain, transport: transport(), pollingInterval: 250 }),
    walletClient: createWalletClient({ chain, transport: transport(), account }),
    account,
    chainId,
  };
}

/** An L1 key file in JSON form (as some wallets export it); other fields are ignored. */
const PrivateKeyFileJson = jsonSchema(Type.Object({ privateKey: Type.String() }));

/**
 * The L1 private key from a file (hex, or JSON with `privateKey`) or from a value (an environment variable).
 * Exactly one must be given; a file that group or others can access is refused, as BLS key files are. Throws
 * PrivateKeyError naming what is wrong (its cause a KeyFileError for the file's problems), never printing the key.
 */
export function readPrivateKey(source: { file?: string; value?: string; what: string }): Hex {
  if (source.file !== undefined && source.value !== undefined) {
    throw new PrivateKeyError(`give ${source.what} either as a file or as a value, not both`);
  }
  let raw: string;
  if (source.file !== undefined) {
    try {
      assertPrivateKeyFile(source.file);
    } catch (cause) {
      if (!(cause instanceof KeyFileError)) throw cause;
      throw new PrivateKeyError(cause.shortMessage, { file: source.file, problem: cause.problem }, cause);
    }
    try {
      raw = readFileSync(source.file, 'utf8').trim();
    } catch (cause) {
      throw new PrivateKeyError('the key file is unreadable', { file: source.file }, cause);
    }
    if (raw.startsWith('{')) {
      try {
        raw = PrivateKeyFileJson.parse(raw, 'L1 key file').privateKey;
      } catch (cause) {
        throw new PrivateKeyError(
          'the key file is neither hex nor JSON with a privateKey',
          { file: source.file },
          cause,
        );
      }
    }
  } else if (source.value !== undefined) {
    raw = source.value.trim();
  } else {
    throw new PrivateKeyError(`${source.what} is required`);
  }
  const key = raw.startsWith('0x') ? raw : `0x${raw}`;
  if (!isHex(key) || key.length !== 66) throw new PrivateKeyError('a key is 32 bytes of hex', { length: key.length });
  return key;
}

/**
 * connectL1, retried with back-off while the L1 node does not answer (it may start after this process); resolves
 * undefined when `signal` aborts first.
 */
export function connectL1WithRetry(
  url: string,
  privateKey: Hex,
  options: { readonly log: Logger; readonly signal: AbortSignal },
): Promise<L1Clients | undefined> {
  return untilL1Answers(url, () => connectL1(url, privateKey), options);
}

/**
 * The chain id of the L1 at `url`, asked again with back-off while it does not answer; undefined when `signal`
 * aborts first. For a process that reads nothing else from L1 before it must decide something by the chain.
 */
export function readL1ChainIdWithRetry(
  url: string,
  options: { readonly log: Logger; readonly signal: AbortSignal },
): Promise<number | undefined> {
  const transport = url.startsWith('ws') ? webSocket(url) : http(url, { retryCount: 0 });
  const client = createPublicClient({ transport });
  return untilL1Answers(url, () => client.getChainId(), options);
}

async function untilL1Answers<T>(
  url: string,
  ask: () => Promise<T>,
  options: { readonly log: Logger; readonly signal: AbortSignal },
): Promise<T | undefined> {
  const backoff = new Backoff({ initialDelayMs: 500, maxDelayMs: 10_000 });
  while (!options.signal.aborted) {
    try {
      return await ask();
    } catch (error) {
      const delayMs = backoff.next();
      options.log.warn('L1 not reachable yet; retrying', { url, delayMs, ...errorLogFields(error) });
      await sleep(delayMs, options.signal);
    }
  }
  return undefined;
}
