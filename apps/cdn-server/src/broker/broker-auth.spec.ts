import { demoKeyPair, publicKeyToHex } from '@hotshot/crypto';
import { DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import { createAuthenticate } from '@hotshot/cdn';
import { BrokerAuth } from './broker-auth';
import {
  BadSignatureError,
  ReplayedAuthenticationError,
  RosterFullError,
  RosterPersistError,
  StaleTimestampError,
} from './broker-errors';
import { Roster } from './roster';
import { MemoryRosterStore, type RosterSnapshot, type RosterStore } from './roster-store';

const keys = [0, 1, 2].map((i) => demoKeyPair('broker-auth-spec', i));
const NOW = 1_800_000_000_000;

describe('BrokerAuth', () => {
  // The test runner's own event-loop stall must not widen the window these cases measure.
  const setup = (expected = 2, store: RosterStore = new MemoryRosterStore(), stallMs = 0) => {
    const roster = new Roster(expected);
    return { roster, store, auth: new BrokerAuth(roster, store, DEFAULT_CONSENSUS_CONFIG, 5000, {}, () => stallMs) };
  };

  it('admits keys in join order, persists new ones, and keeps the index of a returning key', () => {
    const { auth, store } = setup();
    expect(auth.admit(createAuthenticate(keys[1], NOW), NOW)).toMatchObject({ index: 0, isNew: true });
    expect(auth.admit(createAuthenticate(keys[0], NOW), NOW)).toMatchObject({ index: 1, isNew: true });
    expect(store.load()?.publicKeys).toEqual([publicKeyToHex(keys[1].publicKey), publicKeyToHex(keys[0].publicKey)]);
    expect(auth.admit(createAuthenticate(keys[1], NOW + 1), NOW)).toMatchObject({ index: 0, isNew: false });
  });

  it('refuses timestamps more than the skew away, either side', () => {
    const { auth } = setup();
    expect(() => auth.admit(createAuthenticate(keys[0], NOW - 5001), NOW)).toThrow(StaleTimestampError);
    expect(() => auth.admit(createAuthenticate(keys[0], NOW + 5001), NOW)).toThrow(StaleTimestampError);
    expect(auth.admit(createAuthenticate(keys[0], NOW - 5000), NOW).index).toBe(0);
  });

  it("excuses the broker's own event-loop stall for a timestamp in the past, never one in the future", () => {
    const { auth } = setup(2, new MemoryRosterStore(), 3000);
    expect(() => auth.admit(createAuthenticate(keys[0], NOW - 8001), NOW)).toThrow(StaleTimestampError);
    expect(() => auth.admit(createAuthenticate(keys[0], NOW + 5001), NOW)).toThrow(StaleTimestampError);
    expect(auth.admit(createAuthenticate(keys[0], NOW - 8000), NOW).index).toBe(0);
  });

  it('refuses a replayed authentication', () => {
    const { auth } = setup();
    const message = createAuthenticate(keys[0], NOW);
    auth.admit(message, NOW);
    expect(() => auth.admit(message, NOW + 10)).toThrow(ReplayedAuthenticationError);
  });

  it('refuses a replay after a restart: the accepted timestamp is stored with the roster', () => {
    const { auth, store } = setup();
    const message = createAuthenticate(keys[0], NOW);
    auth.admit(message, NOW);
    const stored = store.load()!;
    expect(stored.lastAuthTimestamps).toEqual({ [publicKeyToHex(keys[0].publicKey)]: NOW });
    const restarted = new BrokerAuth(
      new Roster(2, stored.publicKeys),
      store,
      DEFAULT_CONSENSUS_CONFIG,
      5000,
      stored.lastAuthTimestamps,
      () => 0,
    );
    expect(() => restarted.admit(message, NOW + 10)).toThrow(ReplayedAuthenticationError);
    expect(restarted.admit(createAuthenticate(keys[0], NOW + 1), NOW + 10).index).toBe(0);
  });

  it('refuses a signature by another key', () => {
    const { auth, roster } = setup();
    const forged = { ...createAuthenticate(keys[0], NOW), publicKey: keys[1].publicKey };
    expect(() => auth.admit(forged, NOW)).toThrow(BadSignatureError);
    expect(roster.size).toBe(0);
  });

  it('refuses a new key once the roster is full, before checking its signature', () => {
    const { auth } = setup(1);
    auth.admit(createAuthenticate(keys[0], NOW), NOW);
    const garbageSignature = { ...createAuthenticate(keys[1], NOW), signature: new Uint8Array(96) };
    expect(() => auth.admit(garbageSignature, NOW)).toThrow(RosterFullError);
  });

  it('gives no index when the roster cannot be stored', () => {
    const failing: RosterStore = {
      location: 'nowhere',
      load: () => undefined,
      save: (_: RosterSnapshot) => {
        throw new RosterPersistError('nowhere', new Error('disk full'));
      },
    };
    const { auth, roster } = setup(2, failing);
    expect(() => auth.admit(createAuthenticate(keys[0], NOW), NOW)).toThrow(RosterPersistError);
    expect(roster.size).toBe(0);
  });
});
