import { demoKeyPair, publicKeyToHex } from '@hotshot/crypto';
import { DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import { getContractAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  DEMO_KEY_SEED,
  DEMO_L1_KEYS,
  DEMO_STAKE_TABLE,
  DEMO_PHASES,
  DEMO_ROLLUP_CHAIN_ID,
  NATIVE_TOPOLOGY,
  demoServices,
  rollupRpcPort,
  sequencerApiPort,
  type DemoService,
} from './demo-services';

const ports = { l1: 40545, base: 40000 };
const named = (services: DemoService[], name: string): DemoService | undefined =>
  services.find((service) => service.name === name);
/** The value after `flag` in a command. */
const flagValue = (service: DemoService, flag: string): string | undefined =>
  service.command[service.command.indexOf(flag) + 1];

describe('demoServices', () => {
  it('runs the adaptor in phases I and II, with its mode, beside a rollup node that derives from L1', () => {
    for (const [phase, mode] of [
      [1, 'basic'],
      [2, 'offchain-da'],
    ] as const) {
      const services = demoServices(NATIVE_TOPOLOGY, { phase, ports });
      expect(services.map((s) => s.name)).toEqual([
        'anvil',
        'register',
        'cdn-server',
        'sequencer0',
        'sequencer1',
        'sequencer2',
        'sequencer3',
        'sequencer4',
        'deploy',
        'poster',
        'adaptor',
        'zkevm-node',
        'load',
      ]);
      expect(named(services, 'adaptor')!.environment).toEqual({
        ADAPTOR_L1_KEY: DEMO_L1_KEYS.adaptor,
        ADAPTOR_MODE: mode,
      });
      expect(named(services, 'zkevm-node')!.environment.ZKEVM_PHASE).toBe(String(phase));
    }
  });

  it('runs no adaptor in phase III: the rollup node posts with the L1 key the adaptor would have used', () => {
    const services = demoServices(NATIVE_TOPOLOGY, { phase: 3, ports });
    expect(named(services, 'adaptor')).toBeUndefined();
    const node = named(services, 'zkevm-node')!;
    expect(node.environment).toEqual({ ZKEVM_PHASE: '3', ZKEVM_L1_KEY: DEMO_L1_KEYS.adaptor });
    // One account per long-running L1 writer, so their nonces never collide.
    const writers = services.filter((s) => !s.oneShot).flatMap((s) => Object.entries(s.environment));
    const keys = writers.filter(([name]) => name.endsWith('_L1_KEY')).map(([, key]) => key);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(DEMO_PHASES)(
    'gives the rollup node its own port and a sequencer the poster does not read (phase %s)',
    (phase) => {
      const services = demoServices(NATIVE_TOPOLOGY, { phase, ports });
      const node = named(services, 'zkevm-node')!;
      expect(node.command.slice(0, 1)).toEqual(['zkevm-node']);
      expect(flagValue(node, '--rpc-port')).toBe(String(rollupRpcPort(ports)));
      expect(rollupRpcPort(ports)).toBe(ports.base + 22);
      expect(flagValue(node, '--rpc-host')).toBe('127.0.0.1');
      expect(flagValue(node, '--chain-id')).toBe(String(DEMO_ROLLUP_CHAIN_ID));
      expect(flagValue(node, '--l1-url')).toBe(`http://127.0.0.1:${ports.l1}`);
      expect(flagValue(node, '--deployment')).toBe('deployment.json');
      expect(node.healthUrl).toBe(`http://127.0.0.1:${ports.base + 22}/healthz`);
      expect(flagValue(node, '--sequencer-url')).not.toBe(flagValue(named(services, 'poster')!, '--sequencer-url'));
      expect(flagValue(node, '--sequencer-url')).toBe(`http://127.0.0.1:${sequencerApiPort(ports, 2)}`);

      // Every port is someone's alone, and every dependency is a service of this phase that starts earlier.
      const all = services.flatMap((s) => s.ports);
      expect(new Set(all).size).toBe(all.length);
      services.forEach((service, index) => {
        for (const dependency of Object.keys(service.dependsOn)) {
          const at = services.findIndex((s) => s.name === dependency);
          expect({ service: service.name, dependency, earlier: at >= 0 && at < index }).toEqual({
            service: service.name,
            dependency,
            earlier: true,
          });
        }
      });
    },
  );

  it('takes the validator set from StakeTable.sol: cdn-server and every sequencer read it after the register step', () => {
    const services = demoServices(NATIVE_TOPOLOGY, { phase: 1, ports });
    const register = named(services, 'register')!;
    expect(register.oneShot).toBe(true);
    expect(flagValue(register, '--stake-table')).toBe(DEMO_STAKE_TABLE);
    expect(flagValue(register, '--nodes')).toBe('5');
    // The register step deploys StakeTable.sol with its account's first transaction: that is the address given out.
    expect(DEMO_STAKE_TABLE).toBe(
      getContractAddress({
        from: privateKeyToAccount(register.environment.REGISTER_L1_KEY as `0x${string}`).address,
        nonce: 0n,
      }),
    );
    // Its account is no other L1 writer's, so the nonce it relies on is its own.
    const others = services.filter((s) => s !== register).flatMap((s) => Object.values(s.environment));
    expect(others).not.toContain(register.environment.REGISTER_L1_KEY);
    for (const name of ['cdn-server', 'sequencer0', 'sequencer4']) {
      const service = named(services, name)!;
      expect(flagValue(service, '--stake-table')).toBe(DEMO_STAKE_TABLE);
      expect(flagValue(service, '--l1-url')).toBe(`http://127.0.0.1:${ports.l1}`);
      expect(service.dependsOn.register).toBe('completed');
    }
    // Brokers and nodes read the table at L1's finalized block, which anvil keeps 2 blocks behind the head.
    expect(flagValue(named(services, 'anvil')!, '--slots-in-an-epoch')).toBe('1');
  });

  it("keeps the dev node's bootstrap: the first key to connect, no register step", () => {
    const services = demoServices(NATIVE_TOPOLOGY, { phase: 1, ports, nodes: 1, validatorSet: 'first-to-connect' });
    expect(named(services, 'register')).toBeUndefined();
    expect(named(services, 'cdn-server')!.command).not.toContain('--stake-table');
    expect(named(services, 'sequencer0')!.command).not.toContain('--stake-table');
    expect(named(services, 'sequencer0')!.dependsOn).toEqual({ 'cdn-server': 'started' });
  });

  it('signs through one sequencer-signer holding every keystore with remoteSigner, and in process without', () => {
    const plain = demoServices(NATIVE_TOPOLOGY, { phase: 2, ports });
    expect(named(plain, 'signer')).toBeUndefined();
    expect(flagValue(named(plain, 'sequencer3')!, '--key-index')).toBe('3');
    expect(named(plain, 'sequencer3')!.command).not.toContain('--remote-signer');

    const services = demoServices(NATIVE_TOPOLOGY, { phase: 2, ports, remoteSigner: true });
    const names = services.map((service) => service.name);
    // Keys written, then the signer, then the nodes that need it.
    expect(names.indexOf('signer-keys')).toBeLessThan(names.indexOf('signer'));
    expect(names.indexOf('signer')).toBeLessThan(names.indexOf('sequencer0'));
    const signer = named(services, 'signer')!;
    expect(signer.command[0]).toBe('sequencer-signer');
    expect(signer.dependsOn).toEqual({ 'signer-keys': 'completed' });
    expect(flagValue(signer, '--keystores')!.split(',')).toHaveLength(5);
    expect(flagValue(signer, '--port')).toBe(String(ports.base + 23));
    expect(signer.healthUrl).toBe(`http://127.0.0.1:${ports.base + 24}/healthz`);
    const chainId = DEFAULT_CONSENSUS_CONFIG.chainId.toString();
    expect(flagValue(signer, '--chain-id')).toBe(chainId);
    for (const index of [0, 3]) {
      const node = named(services, `sequencer${index}`)!;
      expect(node.command).not.toContain('--key-seed');
      expect(flagValue(node, '--remote-signer')).toBe(`127.0.0.1:${ports.base + 23}`);
      expect(flagValue(node, '--remote-signer-key')).toBe(publicKeyToHex(demoKeyPair(DEMO_KEY_SEED, index).publicKey));
      expect(flagValue(node, '--remote-signer-secret-file')).toBe(flagValue(signer, '--client-secret-file'));
      expect(flagValue(node, '--chain-id')).toBe(chainId);
      expect(node.dependsOn.signer).toBe('healthy');
    }
    // No port of the signer is another service's.
    const taken = services.filter((service) => service !== signer).flatMap((service) => service.ports);
    expect(taken).not.toContain(ports.base + 23);
    expect(taken).not.toContain(ports.base + 24);
  });
});
