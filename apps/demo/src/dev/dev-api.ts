import { Type } from '@sinclair/typebox';
import { jsonSchema } from '@hotshot/protocol';
import { httpRoute, jsonBodyRoute, startHttpServer, type HttpServer } from '@hotshot/telemetry';
import type { PosterState } from './light-client-switch';

/** GET /dev/info: where the dev node's parts are and what it deployed. */
export interface DevInfo {
  /** The sequencer's HTTP API (submit, availability, status, streams; /healthz). */
  readonly sequencerApiUrl: string;
  /** The L1 JSON-RPC endpoint the contracts are on. */
  readonly l1Url: string;
  readonly l1ChainId: number;
  /** The sequencer network's chain id (HotShot.sol's), a decimal string. */
  readonly hotShotChainId: string;
  readonly contracts: { readonly hotShot: string; readonly rollup: string; readonly verifier: string };
  /** The namespace ZkEvmRollup.sol is deployed for. */
  readonly namespace: number;
  /** The L1 account that deployed the contracts. */
  readonly deployer: string;
  /** L1 block of the deployment's first transaction: event scans start here. */
  readonly deployedAtBlock: number;
  /** The light-client poster: `frozen` after POST /dev/hotshot-down until POST /dev/hotshot-up. */
  readonly poster: PosterState;
}

/** What the dev API serves and drives. */
export interface DevApiHandlers {
  info(): DevInfo;
  /** Stops the light client's progress on L1; resolves once no newBlocks is in flight. */
  hotShotDown(): Promise<void>;
  /** Resumes it. */
  hotShotUp(): void;
  /** The poster's state after a switch. */
  posterState(): PosterState;
}

/** A running dev API. */
export type DevApi = HttpServer;

/**
 * The body POST /dev/hotshot-down and /dev/hotshot-up take, if any: espresso-dev-node's fields, so its callers work
 * unchanged. This dev node has one L1 and freezes or resumes at once, so it checks their shape and reads neither.
 */
const HotShotSwitchBodyJson = Type.Object(
  {
    chain_id: Type.Optional(Type.Integer({ minimum: 0 })),
    height: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
const hotShotSwitchBody = jsonSchema(HotShotSwitchBodyJson);
/** Largest body the switches read, in bytes: the two fields and room to spare. */
const MAX_SWITCH_BODY_BYTES = 1024;

/**
 * The dev node's API, after espresso-dev-node's: `GET /dev/info` answers DevInfo; `POST /dev/hotshot-down` freezes
 * HotShot.sol on L1 (the poster stops; the network keeps deciding) and `POST /dev/hotshot-up` resumes it, each
 * answering the poster's state. A body of another shape than HotShotSwitchBodyJson is 400, one over 1 KiB 413.
 * Other paths answer 404, other methods 405, on the operations library's HTTP server.
 */
export function startDevApi(options: {
  readonly host: string;
  readonly port: number;
  readonly handlers: DevApiHandlers;
}): Promise<DevApi> {
  const { handlers } = options;
  const switchRoute = (path: string, flip: () => Promise<void> | void) =>
    jsonBodyRoute({
      method: 'POST',
      path,
      schema: hotShotSwitchBody,
      maxBodyBytes: MAX_SWITCH_BODY_BYTES,
      whenEmpty: {},
      handle: async () => {
        await flip();
        return { status: 200, json: handlers.posterState() };
      },
    });
  return startHttpServer({
    host: options.host,
    port: options.port,
    routes: [
      httpRoute('GET', '/dev/info', () => ({ status: 200, json: handlers.info() })),
      switchRoute('/dev/hotshot-down', () => handlers.hotShotDown()),
      switchRoute('/dev/hotshot-up', () => handlers.hotShotUp()),
    ],
  });
}
