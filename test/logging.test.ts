import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createTestContext } from './support/app';

it('logs each request with its id, and never the token of a password link', async () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  const ctx = await createTestContext({}, (deps) => {
    deps.logger = pino({ level: 'info' }, sink);
  });
  try {
    await request(ctx.app).get('/password/set/geheimes-token-123').set('X-Request-Id', 'anfrage-42');
    await new Promise((r) => setImmediate(r));
    const entry = lines.map((l) => JSON.parse(l)).find((l) => l.req?.id === 'anfrage-42');
    expect(entry).toBeDefined();
    expect(entry.req.url).toBe('/password/set/[token]');
    expect(lines.join('\n')).not.toContain('geheimes-token-123');
  } finally {
    await ctx.close();
  }
});
