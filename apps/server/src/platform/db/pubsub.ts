import pg from 'pg';

/**
 * Messages between the server copies that share one PostgreSQL database (LISTEN/NOTIFY): used
 * to fan live updates out to every copy's SSE connections. SQLite runs one process and needs
 * none. A payload must stay under PostgreSQL's 8,000-byte NOTIFY limit.
 */
export interface PubSub {
  publish(payload: string): Promise<void>;
  /** Registers the receiver of every message, including this copy's own. */
  subscribe(onMessage: (payload: string) => void): void;
  /** Resolves once this copy is listening. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** LISTEN on a dedicated connection (re-established after an error); NOTIFY through the pool. */
export function postgresPubSub(
  pool: pg.Pool,
  connectionString: string,
  channel: string,
  onError: (err: unknown) => void,
): PubSub {
  const receivers: ((payload: string) => void)[] = [];
  let client: pg.Client | null = null;
  let closed = false;
  let connecting: Promise<void> | null = null;

  const connect = (): Promise<void> => {
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString });
      c.on('notification', (msg) => {
        if (msg.channel !== channel || msg.payload === undefined) return;
        for (const r of receivers) r(msg.payload);
      });
      c.on('error', (err) => {
        onError(err);
        client = null;
        connecting = null;
        void c.end().catch(() => undefined);
        if (!closed) setTimeout(() => void connect().catch(onError), 1000);
      });
      await c.connect();
      await c.query(`listen "${channel}"`);
      if (closed) {
        await c.end();
        return;
      }
      client = c;
    })();
    return connecting;
  };

  return {
    async publish(payload) {
      if (!client) await connect();
      await pool.query('select pg_notify($1, $2)', [channel, payload]);
    },
    ready: () => (client ? Promise.resolve() : connect()),
    subscribe(onMessage) {
      receivers.push(onMessage);
      void connect().catch(onError);
    },
    async close() {
      closed = true;
      await connecting?.catch(() => undefined);
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
