// Boots a Nest application context with CdnClientModule against the broker at argv[2], prints the Welcome as one
// JSON line, and shuts the application down. Run through tsx: Nest 12 is ESM-only and Jest on Node 20 cannot load it.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CdnClient, CdnClientModule } from '@hotshot/cdn';
import { demoKeyPair } from '@hotshot/crypto';

const PROBE_URL = 'PROBE_URL';

async function main(): Promise<void> {
  const url = `tcp://127.0.0.1:${process.argv[2]}`;
  class ConfigModule {}
  Module({ providers: [{ provide: PROBE_URL, useValue: url }], exports: [PROBE_URL] })(ConfigModule);
  class RootModule {}
  Module({
    imports: [
      CdnClientModule.forRootAsync({
        imports: [ConfigModule],
        useFactory: (probeUrl: string) => ({ url: probeUrl, keyPair: demoKeyPair('cdn-e2e', 0) }),
        inject: [PROBE_URL],
      }),
    ],
  })(RootModule);
  const app = await NestFactory.createApplicationContext(RootModule, { logger: false });
  const client = app.get(CdnClient);
  const welcome = await client.welcome();
  process.stdout.write(`${JSON.stringify({ nodeIndex: welcome.nodeIndex, state: client.state })}\n`);
  await app.close();
  process.stdout.write(`${JSON.stringify({ state: client.state })}\n`);
}

void main();
