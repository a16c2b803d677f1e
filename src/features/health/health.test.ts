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
  } finally {
    await ctx.close();
  }
});

/** A TCP proxy in front of PostgreSQL that the test can cut and restore, like a database server restarting. */
class CuttableProxy {
  private server?: net.Server;
  private sockets = new Set<net.Socket>();
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
      client.pipe(upstream).pipe(client);
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
