import { Client } from 'pg';
import { encodeBlockPayload } from '@hotshot/protocol';
import { buildDecidedChain } from '../testing/chain-builder';
import { describeAvailabilityStore } from '../testing/availability-store.contract';
import { TEST_POSTGRES_URL, usePostgresTestSchemas } from '../testing/postgres-test-schemas';
import { openPostgresStorage } from './open-postgres-storage';

const nextSchema = usePostgresTestSchemas();

describeAvailabilityStore(
  'PostgreSQL',
  async () => (await openPostgresStorage(TEST_POSTGRES_URL, { schema: nextSchema() })).availability,
);

describe('PostgresAvailabilityStore payloads', () => {
  it("stores a decided payload once: the row written while it was undecided becomes the height's", async () => {
    const schema = nextSchema();
    const storage = await openPostgresStorage(TEST_POSTGRES_URL, { schema });
    const raw = new Client({ connectionString: TEST_POSTGRES_URL });
    await raw.connect();
    try {
      const text = (t: string) => new TextEncoder().encode(t);
      const chain = buildDecidedChain(1n, [[{ namespace: 2, payload: text('alpha') }], []]);
      const block = chain[1]!;
      const commitment = block.leaf.header.payloadCommitment;
      await storage.safety.commit({
        payloads: [{ commitment, view: block.leaf.view, bytes: encodeBlockPayload(block.payload!) }],
        actions: [],
        state: {},
        lastActionedView: 1,
        dropPayloadsBelowView: 0,
      });
      const rowsOf = async () =>
        (
          await raw.query<{ id: string; height: string | null }>(
            `SELECT id, height FROM ${schema}.block_payloads WHERE commitment = $1`,
            [commitment],
          )
        ).rows;
      const [before] = await rowsOf();
      await storage.availability.appendDecided(chain);
      expect(await rowsOf()).toEqual([{ id: before!.id, height: '1' }]);
      const copies = await raw.query(`SELECT 1 FROM ${schema}.namespace_payloads`);
      expect(copies.rowCount).toBe(0);
      await storage.safety.commit({
        payloads: [],
        actions: [],
        state: {},
        lastActionedView: 2,
        dropPayloadsBelowView: 99,
      });
      expect((await storage.availability.getBlock(1))?.payload).toEqual(block.payload);
      expect(await storage.safety.loadPayloads([commitment])).toEqual(
        new Map([[commitment, encodeBlockPayload(block.payload!)]]),
      );
      // The bytes were written once (genesis and height 2 are empty blocks with rows of their own).
      const bytes = async () => (await raw.query(`SELECT 1 FROM ${schema}.payload_bytes`)).rowCount;
      expect(await bytes()).toBe(3);
      await storage.availability.pruneBelow(2);
      expect(await rowsOf()).toEqual([]);
      expect(await bytes()).toBe(1);
    } finally {
      await raw.end();
      await storage.close();
    }
  });
});
