import { describeAvailabilityStore } from '../testing/availability-store.contract';
import { openSqliteDatabase } from './sqlite-database';
import { SqliteAvailabilityStore } from './sqlite-availability-store';

describeAvailabilityStore('SQLite', async () => new SqliteAvailabilityStore(openSqliteDatabase(':memory:')));
