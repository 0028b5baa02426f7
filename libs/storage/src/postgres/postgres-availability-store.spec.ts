import { describeAvailabilityStore } from '../testing/availability-store.contract';
import { TEST_POSTGRES_URL, usePostgresTestSchemas } from '../testing/postgres-test-schemas';
import { openPostgresStorage } from './open-postgres-storage';

const nextSchema = usePostgresTestSchemas();

describeAvailabilityStore(
  'PostgreSQL',
  async () => (await openPostgresStorage(TEST_POSTGRES_URL, { schema: nextSchema() })).availability,
);
