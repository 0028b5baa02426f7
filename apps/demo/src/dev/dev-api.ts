import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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
export interface DevApi {
  readonly url: string;
  close(): Promise<void>;
}

const ROUTES: Readonly<Record<string, string>> = {
  '/dev/info': 'GET',
  '/dev/hotshot-down': 'POST',
  '/dev/hotshot-up': 'POST',
};

/**
 * The dev node's API, after espresso-dev-node's: `GET /dev/info` answers DevInfo; `POST /dev/hotshot-down` freezes
 * HotShot.sol on L1 (the poster stops; the network keeps deciding) and `POST /dev/hotshot-up` resumes it, each
 * answering the poster's state. Request bodies are ignored. Other paths answer 404, other methods 405.
 */
export async function startDevApi(options: {
  readonly host: string;
  readonly port: number;
  readonly handlers: DevApiHandlers;
}): Promise<DevApi> {
  const { handlers } = options;
  const server: Server = createServer((request, response) => {
    void route(request, response, handlers).catch((error: unknown) =>
      reply(response, 500, { error: 'InternalError', message: error instanceof Error ? error.message : String(error) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(request: IncomingMessage, response: ServerResponse, handlers: DevApiHandlers): Promise<void> {
  // The body is not read: drain it so the connection can be reused.
  request.resume();
  const path = (request.url ?? '/').split('?')[0]!;
  const method = ROUTES[path];
  if (method === undefined) {
    reply(response, 404, { error: 'NotFound', message: `no route ${path}`, routes: Object.keys(ROUTES) });
    return;
  }
  if (request.method !== method) {
    response.setHeader('allow', method);
    reply(response, 405, { error: 'MethodNotAllowed', message: `${path} takes ${method}` });
    return;
  }
  switch (path) {
    case '/dev/info':
      reply(response, 200, handlers.info());
      return;
    case '/dev/hotshot-down':
      await handlers.hotShotDown();
      reply(response, 200, handlers.posterState());
      return;
    case '/dev/hotshot-up':
      handlers.hotShotUp();
      reply(response, 200, handlers.posterState());
      return;
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}
