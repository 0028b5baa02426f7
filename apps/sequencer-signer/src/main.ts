import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { ExitCode, runCommand } from '@hotshot/config';
import { publicKeyToHex, selectBlsBackend } from '@hotshot/crypto';
import {
  InProcessSigner,
  RequestAuthenticator,
  SIGNER_MAX_MESSAGE_CHARS,
  SigningProtectionDb,
  readSharedSecretFile,
} from '@hotshot/signer';
import { JsonLogger, shutdownSignal, startOpsServerIfEnabled } from '@hotshot/telemetry';
import { runProtectionCommand } from './protection-command';
import { sequencerSignerFlags } from './sequencer-signer.flags';
import { unlockKeystores } from './signer-keys';
import { SignerMetrics } from './signer-metrics';
import { SignerModule } from './signer.module';
import { SigningService } from './signing-service';

/** How often the serving signer prunes its record: 10 minutes. */
const PRUNE_INTERVAL_MS = 10 * 60_000;

const [command, ...protectionArgv] = process.argv.slice(2);
// `sequencer-signer protection export|import` moves double-sign records; anything else runs the signer.
if (command === 'protection') {
  runProtectionCommand(protectionArgv).catch((error: unknown) => {
    process.stderr.write(`sequencer-signer protection: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = ExitCode.usage;
  });
} else
  void runCommand(
    {
      name: 'sequencer-signer',
      summary:
        "Remote signer for sequencer nodes: holds EIP-2335 keystores and signs quorum votes, timeout votes, DA votes, proposals, DA proposals, certificate forwards, finality and CDN authentication over @nestjs/microservices' TCP transport, for clients that prove the shared secret (an HMAC on every request) and name its chain. Keeps a durable double-sign record (SQLite) and refuses a second digest for a (kind, view) and any vote at or below a view already voted past. 'sequencer-signer protection export|import' moves that record between signers as interchange JSON. Nodes use it with 'sequencer --remote-signer host:port --remote-signer-secret-file FILE --remote-signer-key 0x... --chain-id ID'.",
      examples: [
        'SIGNER_KEYSTORE_PASSWORD=... sequencer-signer --keystores ./node0.keystore.json,./node1.keystore.json --chain-id 31337 --protection-db ./signer.db --client-secret-file ./signer.secret',
        'sequencer-signer protection export --protection-db ./signer.db --out ./protection.json',
        'sequencer-signer protection import --protection-db ./signer2.db --chain-id 31337 --file ./protection.json',
      ],
    },
    sequencerSignerFlags,
    async (flags) => {
      const bls = selectBlsBackend(flags['bls-backend']);
      const log = new JsonLogger({ level: flags['log-level'] }).child({ app: 'sequencer-signer' });
      if (bls.fallbackReason) log.warn('native BLS unavailable, using noble', { reason: bls.fallbackReason });
      const secret = readSharedSecretFile(flags['client-secret-file']);
      const keys = unlockKeystores(flags.keystores, flags['keystore-password-file'], flags['keystore-password']);
      const protection = SigningProtectionDb.open(flags['protection-db'], flags['chain-id']);
      const prune = () => {
        const removed = protection.prune(flags['protection-retain']);
        if (removed > 0) log.info('protection record pruned', { removed, retain: flags['protection-retain'] });
      };
      prune();
      const metrics = new SignerMetrics();
      metrics.keys.set(keys.length);
      const signer = new InProcessSigner({ keys, protection, backend: bls.backend });
      const service = new SigningService(
        signer,
        new RequestAuthenticator(secret, flags['auth-window-ms']),
        metrics,
        log.child({ module: 'signing' }),
      );
      const shutdown = shutdownSignal((signal) => log.info('shutdown requested', { signal }));
      const ops = await startOpsServerIfEnabled({
        host: flags['metrics-host'],
        port: flags['metrics-port'],
        registry: metrics.registry,
        health: () => ({ status: 'ok', keys: keys.length }),
        log,
      });
      const app = await NestFactory.createMicroservice<MicroserviceOptions>(SignerModule.forService(service), {
        transport: Transport.TCP,
        options: { host: flags.host, port: flags.port, maxBufferSize: SIGNER_MAX_MESSAGE_CHARS },
        logger: false,
      });
      // Pruning is housekeeping: a failure (a full disk, say) leaves the record correct, only larger; it is logged
      // and tried again at the next interval, while signing requests report their own failures to the client.
      const pruning = setInterval(() => {
        try {
          prune();
        } catch (error) {
          log.error('pruning the protection record failed', { error: String(error) });
        }
      }, PRUNE_INTERVAL_MS);
      try {
        await app.listen();
        log.info('signer listening', {
          host: flags.host,
          port: flags.port,
          chainId: flags['chain-id'].toString(),
          publicKeys: keys.map((key) => publicKeyToHex(key.publicKey)),
          protectionDb: flags['protection-db'],
        });
        await shutdown.received;
      } finally {
        // Reverse order of start: stop taking requests, then close the record, then the metrics.
        clearInterval(pruning);
        await app.close();
        await signer.close();
        await ops?.close();
        log.info('signer stopped');
      }
    },
  );
