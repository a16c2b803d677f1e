import net from 'node:net';
import request from 'supertest';
import { createTestContext, signIn } from '../../../test/support/app';
import { createTestDatabase } from '../../../test/support/db';
import { makeUser } from '../../../test/support/builders';
import { openDatabase } from '../../platform/db/client';
import { text } from '../../../test/support/texts';

it('GET /healthz answers 200 {"status":"ok"} while the database answers', async () => {
  const ctx = await createTestContext();
  try {
    const res = await request(ctx.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok', mail: 'ok' });
    const ready = await request(ctx.app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', database: 'ok', jobs: 'ok' });
  } finally {
    await ctx.close();
  }
});

/**
 * A TCP proxy in front of PostgreSQL that the test can cut and restore, like a database server restarting, or freeze:
 * connections stay open and new ones are accepted, but nothing comes back (a server or network that hangs).
 */
class CuttableProxy {
  private server?: net.Server;
  private sockets = new Set<net.Socket>();
  frozen = false;
  constructor(
    private readonly target: { host: string; port: number },
    public port = 0,
  ) {}
  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.on('data', (d) => this.frozen || upstream.write(d));
      upstream.on('data', (d) => this.frozen || client.write(d));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }
  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

if (process.env.DATABASE_URL) {
  it('answers 503 while PostgreSQL is unreachable, and recovers when it is back, without crashing', async () => {
    const real = await createTestDatabase();
    const target = new URL(real.url!);
    const proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.start();
    const viaProxy = new URL(real.url!);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const database = await openDatabase({
      databaseUrl: viaProxy.toString(),
      dataDir: null,
      onPoolError: () => undefined,
    });
    const ctx = await createTestContext({}, undefined, database);
    try {
      const user = await makeUser(database.db, { role: 'trainer' });
      const agent = await signIn(ctx.app, user.email);
      expect((await agent.get('/')).status).toBe(200);

      await proxy.cut();
      const health = await request(ctx.app).get('/healthz');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: 'unavailable', database: 'unavailable' });
      const page = await agent.get('/');
      expect(page.status).toBe(503);
      expect(page.text).toContain(text('errors.unavailableTitle'));

      await proxy.start();
      expect((await request(ctx.app).get('/healthz')).status).toBe(200);
      expect((await agent.get('/')).status).toBe(200);
    } finally {
      await ctx.close();
      await proxy.cut().catch(() => undefined);
      await real.close();
    }
  });

  it('answers /healthz within a second while PostgreSQL holds connections open but stays silent, and ends waiting queries', async () => {
    const real = await createTestDatabase();
    const target = new URL(real.url!);
    const proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.start();
    const viaProxy = new URL(real.url!);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const database = await openDatabase({
      databaseUrl: viaProxy.toString(),
      dataDir: null,
      pool: { max: 3, connectTimeoutMs: 500, statementTimeoutMs: 1000 },
      onPoolError: () => undefined,
    });
    const ctx = await createTestContext({}, undefined, database);
    try {
      const user = await makeUser(database.db, { role: 'trainer' });
      const agent = await signIn(ctx.app, user.email);
      expect((await agent.get('/')).status).toBe(200);

      proxy.frozen = true;
      const started = Date.now();
      const health = await request(ctx.app).get('/healthz');
      expect(Date.now() - started).toBeLessThan(1000);
      expect(health.status).toBe(503);
      // a page waits at most for the statement timeout (plus the client's margin), then says the database is away
      const pageStarted = Date.now();
      const page = await agent.get('/');
      expect(page.status).toBe(503);
      expect(Date.now() - pageStarted).toBeLessThan(6000);
      const ready = await request(ctx.app).get('/readyz');
      expect(ready.status).toBe(503);

      proxy.frozen = false;
      await proxy.cut(); // the frozen connections are useless now; new ones come through again
      await proxy.start();
      let back = 0;
      for (let i = 0; i < 20 && back !== 200; i++) back = (await request(ctx.app).get('/healthz')).status;
      expect(back).toBe(200);
    } finally {
      await ctx.close();
      await proxy.cut().catch(() => undefined);
      await real.close();
    }
  }, 60_000);
} else {
  it('answers 503 when the embedded database has gone away, without crashing', async () => {
    const ctx = await createTestContext();
    const user = await makeUser(ctx.database.db, { role: 'trainer' });
    const agent = await signIn(ctx.app, user.email);
    expect((await agent.get('/')).status).toBe(200);
    await ctx.database.close();
    const health = await request(ctx.app).get('/healthz');
    expect(health.status).toBe(503);
    const page = await agent.get('/');
    expect(page.status).toBe(503);
    expect(page.text).toContain(text('errors.unavailableTitle'));
    await ctx.smtp.stop();
  });
}
