import { demoKeyPair } from '@hotshot/crypto';
import { silentLogger } from '@hotshot/telemetry';
import { errorBody, errorHeaders, errorStatus } from './api/api-exception.filter';
import { NodeNotJoinedError } from './node-errors';
import { NodeRuntime } from './node-runtime';
import type { NodeSettings } from './node-settings';
import type { NodeStorage } from './storage/node-storage';

describe('NodeRuntime before it has joined', () => {
  // Never started: no connection is made, and nothing here reads storage.
  const runtime = new NodeRuntime(
    { cdnUrl: 'tcp://127.0.0.1:1', keyPair: demoKeyPair('runtime-spec', 0) } as NodeSettings,
    { safety: {}, availability: {}, close: async () => undefined } as unknown as NodeStorage,
    silentLogger,
  );
  const tx = { namespace: 1, payload: Uint8Array.of(1) };

  it('refuses submissions with a domain error, which the API answers as 503 NotReadyError with Retry-After', async () => {
    for (const attempt of [runtime.submit(tx, { client: 'a' }), runtime.submitBatch([tx], { client: 'a' })]) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NodeNotJoinedError);
      expect(errorStatus(error)).toBe(503);
      expect(errorHeaders(error)).toEqual({ 'retry-after': '1' });
      expect(errorBody(error)).toEqual({
        error: 'NotReadyError',
        message: 'the node has not joined the network yet; retry shortly',
        details: {},
      });
    }
    expect(runtime.mempoolUsage()).toBeUndefined();
  });
});
