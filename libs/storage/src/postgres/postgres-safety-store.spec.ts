import { describeSafetyStore } from '../testing/safety-store.contract';
import { TEST_POSTGRES_URL, usePostgresTestSchemas } from '../testing/postgres-test-schemas';
import { openPostgresStorage } from './open-postgres-storage';

const nextSchema = usePostgresTestSchemas();

describeSafetyStore('PostgreSQL', async <TState>() => {
  const schema = nextSchema();
  let storage = await openPostgresStorage<TState>(TEST_POSTGRES_URL, { schema });
  return {
    store: storage.safety,
    reopen: async () => {
      await storage.close();
      storage = await openPostgresStorage<TState>(TEST_POSTGRES_URL, { schema });
      return storage.safety;
    },
    close: () => storage.close(),
  };
});
