import type { FlagValues } from '@hotshot/config';
import type { Logger } from '@hotshot/telemetry';
import type { Registry } from 'prom-client';
import { CdnBroker } from './broker/cdn-broker';
import {
  brokerOptionsFromFlags,
  marshalOptionsFromFlags,
  scaleOutBrokerOptionsFromFlags,
} from './broker-options-from-flags';
import type { cdnServerFlags } from './cdn-server.flags';
import { CdnMarshal } from './scale-out/cdn-marshal';
import { ScaleOutBroker } from './scale-out/scale-out-broker';

/** A running role: its metrics, and how to stop it. */
export interface RoleServer {
  readonly registry: Registry;
  close(): Promise<void>;
}

type Flags = FlagValues<typeof cdnServerFlags>;

/**
 * Starts the role the flags name; `signal` aborts a broker still waiting for the marshal to define the network. A
 * role that cannot listen closes what it opened before it throws: the marshal's Redis connection would otherwise keep
 * the process alive, deaf to SIGTERM, after it reported the port taken.
 */
export async function startRole(flags: Flags, logger: Logger, signal: AbortSignal): Promise<RoleServer> {
  switch (flags.role) {
    case 'single': {
      const broker = new CdnBroker(await brokerOptionsFromFlags(flags, logger));
      await listenOrClose(
        () => broker.listen(),
        () => broker.close(),
      );
      return { registry: broker.metrics.registry, close: () => broker.close() };
    }
    case 'marshal': {
      const marshal = await CdnMarshal.create(await marshalOptionsFromFlags(flags, logger));
      await listenOrClose(
        () => marshal.listen(),
        () => marshal.close(),
      );
      return { registry: marshal.metrics, close: () => marshal.close() };
    }
    case 'broker': {
      const broker = await ScaleOutBroker.start(scaleOutBrokerOptionsFromFlags(flags, logger, signal));
      return { registry: broker.broker.metrics.registry, close: () => broker.close() };
    }
  }
}

/** Runs `listen`; when it fails, runs `close` and throws the listen error. */
async function listenOrClose(listen: () => Promise<unknown>, close: () => Promise<void>): Promise<void> {
  try {
    await listen();
  } catch (error) {
    // The listen error is the one to report; a failure to close after it adds nothing the operator can act on.
    await close().catch(() => undefined);
    throw error;
  }
}
