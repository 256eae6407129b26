import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { outsideTransaction, TransactionMisuseError } from './sqlite-guard.js';

const open = async () => {
  const database = openDatabase({ databaseUrl: null, sqliteFile: ':memory:' });
  await database.db.schema.createTable('t').addColumn('v', 'integer').execute();
  return database;
};

describe('the SQLite transaction guard', () => {
  it('rejects a query on the shared handle inside a transaction instead of hanging', async () => {
    const { db, close } = await open();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('t' as never)
          .values({ v: 1 } as never)
          .execute();
        await db
          .selectFrom('t' as never)
          .selectAll()
          .execute();
      }),
    ).rejects.toBeInstanceOf(TransactionMisuseError);
    // The failed transaction rolled back and the connection is free again.
    expect(
      await db
        .selectFrom('t' as never)
        .selectAll()
        .execute(),
    ).toEqual([]);
    await close();
  });

  it('lets queries on the transaction handle, and the shared handle after commit, through', async () => {
    const { db, close } = await open();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('t' as never)
        .values({ v: 1 } as never)
        .execute();
      await trx
        .selectFrom('t' as never)
        .selectAll()
        .execute();
    });
    const after = await db
      .selectFrom('t' as never)
      .selectAll()
      .execute();
    expect(after).toEqual([{ v: 1 }]);
    await close();
  });

  it('lets background work started inside a transaction wait for the commit', async () => {
    const { db, close } = await open();
    let background: Promise<unknown> = Promise.resolve();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('t' as never)
        .values({ v: 2 } as never)
        .execute();
      background = outsideTransaction(() =>
        db
          .selectFrom('t' as never)
          .selectAll()
          .execute(),
      );
    });
    expect(await background).toEqual([{ v: 2 }]);
    await close();
  });

  it('does not mark concurrent requests: they wait for the transaction as before', async () => {
    const { db, close } = await open();
    const tx = db.transaction().execute(async (trx) => {
      await trx
        .insertInto('t' as never)
        .values({ v: 3 } as never)
        .execute();
      await new Promise((r) => setTimeout(r, 20));
    });
    const other = db
      .selectFrom('t' as never)
      .selectAll()
      .execute();
    await tx;
    expect(await other).toEqual([{ v: 3 }]);
    await close();
  });
});
