import type { BlsKeyPair } from '@hotshot/crypto';
import { RemoteSigner } from '@hotshot/signer';
import type { Logger } from '@hotshot/telemetry';
import type { NodeMetrics } from '../metrics/node-metrics';
import type { RemoteSignerSettings } from './remote-signer-settings';
import { NodeSigning } from './node-signing';

/**
 * How long the node waits for its remote signer, in ms. Signing waits in the consensus queue, so while the signer
 * is down each attempt holds the queue this long: short enough that the node keeps timing views out and retrying,
 * long enough for a signer's fsync on a busy disk.
 */
export const REMOTE_SIGNER_TIMEOUT_MS = 2000;

/** What the node's signing is built from (NodeSettings' fields). */
export interface SigningSettings {
  readonly keyPair: BlsKeyPair | undefined;
  readonly remoteSigner: RemoteSignerSettings | undefined;
}

/** The node's signing: its own key in this process, or a RemoteSigner client of the configured signer. */
export function createNodeSigning(settings: SigningSettings, metrics: NodeMetrics, log: Logger): NodeSigning {
  const remote = settings.remoteSigner;
  if (!remote) return new NodeSigning({ kind: 'local', keyPair: settings.keyPair! }, metrics, log);
  const signer = new RemoteSigner({
    host: remote.host,
    port: remote.port,
    secret: remote.secret,
    timeoutMs: REMOTE_SIGNER_TIMEOUT_MS,
    log,
  });
  return new NodeSigning({ kind: 'remote', publicKey: remote.publicKey, signer }, metrics, log);
}

/**
 * The key the CDN client authenticates with: the key pair itself (signed in the client, as before), or with a
 * remote signer the public key and a signature from it, for the chain --chain-id names.
 */
export function cdnKey(settings: SigningSettings, signing: NodeSigning) {
  const remote = settings.remoteSigner;
  if (!remote) return settings.keyPair!;
  return {
    publicKey: remote.publicKey,
    signAuth: (timestampMs: number) => signing.sign({ kind: 'cdn-auth', chainId: remote.chainId, timestampMs }),
  };
}
