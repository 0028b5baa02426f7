import type { DynamicModule, OnApplicationBootstrap, OnApplicationShutdown, Provider } from '@nestjs/common';
import { CdnClient } from '../client/cdn-client';
import type { CdnClientOptions } from '../client/client-options';

/** Injection token of the CdnClientOptions given to CdnClientModule.forRootAsync. */
export const CDN_CLIENT_OPTIONS = 'CDN_CLIENT_OPTIONS';

/** Starts the client when the Nest application boots and stops it (and waits) when the application shuts down. */
export class CdnClientLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly controller = new AbortController();

  constructor(private readonly client: CdnClient) {}

  onApplicationBootstrap(): void {
    this.client.start(this.controller.signal);
  }

  async onApplicationShutdown(): Promise<void> {
    this.controller.abort();
    await this.client.whenStopped();
  }
}

/**
 * The CDN client as a Nest provider: inject `CdnClient` anywhere. Built from plain dynamic-module metadata and
 * factory providers, so importing this file loads nothing of Nest at run time (Nest 12 is ESM-only, and Jest
 * on Node 20 cannot require it); the application that imports the module brings Nest.
 */
export class CdnClientModule {
  /** A global module with a CdnClient built from `options`. */
  static forRoot(options: CdnClientOptions): DynamicModule {
    return CdnClientModule.build({ provide: CDN_CLIENT_OPTIONS, useValue: options });
  }

  /** A global module whose options come from a factory with injected dependencies (e.g. the node's config). */
  static forRootAsync(factory: {
    /** Modules that export what `inject` names. */
    imports?: DynamicModule['imports'];
    useFactory: (...deps: never[]) => CdnClientOptions | Promise<CdnClientOptions>;
    inject?: readonly (string | symbol | (abstract new (...args: never[]) => unknown))[];
  }): DynamicModule {
    return CdnClientModule.build(
      {
        provide: CDN_CLIENT_OPTIONS,
        useFactory: factory.useFactory as (...deps: unknown[]) => CdnClientOptions,
        inject: [...(factory.inject ?? [])] as never[],
      },
      factory.imports,
    );
  }

  private static build(optionsProvider: Provider, imports: DynamicModule['imports'] = []): DynamicModule {
    return {
      module: CdnClientModule,
      global: true,
      imports,
      providers: [
        optionsProvider,
        {
          provide: CdnClient,
          useFactory: (options: CdnClientOptions) => new CdnClient(options),
          inject: [CDN_CLIENT_OPTIONS],
        },
        {
          provide: CdnClientLifecycle,
          useFactory: (client: CdnClient) => new CdnClientLifecycle(client),
          inject: [CdnClient],
        },
      ],
      exports: [CdnClient],
    };
  }
}
