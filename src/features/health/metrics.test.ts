import request from 'supertest';
import { createTestContext, signIn } from '../../../test/support/app';
import { makeUser } from '../../../test/support/builders';
import { makeCohort } from '../../../test/support/cohorts';

const TOKEN = 'a-metrics-token-for-the-scraper-only';

/** One sample of a metric in the text format, e.g. value(body, 'kokoma_jobs{queue="x",state="queued"}'). */
function value(body: string, sample: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}

it('has no /metrics unless METRICS_TOKEN or METRICS_PORT is set', async () => {
  const ctx = await createTestContext();
  try {
    expect(ctx.deps.metrics).toBeUndefined();
    expect((await request(ctx.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(404);
  } finally {
    await ctx.close();
  }
});

it('serves /metrics only with the bearer token: requests by route pattern and status, jobs, outbox, pool', async () => {
  const ctx = await createTestContext({ METRICS_TOKEN: TOKEN });
  try {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, TOKEN, `Basic ${TOKEN}`]) {
      const req = request(ctx.app).get('/metrics');
      if (authorization) req.set('Authorization', authorization);
      const res = await req;
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('kokoma_');
    }

    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    const cohort = await makeCohort(ctx.database.db, {});
    const agent = await signIn(ctx.app, admin.email);
    expect((await agent.get(`/cohorts/${cohort.id}`)).status).toBe(200);
    expect((await agent.get('/cohorts/999999')).status).toBe(404);
    await request(ctx.app).get('/assets/nothing-here.css');
    await request(ctx.app).get('/no/such/page');
    await ctx.deps.mailer.send({ to: 'someone@test.example', subject: 'Hallo', text: 'Hallo' });
    await ctx.smtp.mailTo('someone@test.example', 'Hallo');
    await ctx.deps.mailer.stop(); // waits for the delivery that sent it to record it as sent

    const res = await request(ctx.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.text;
    const count = (labels: string) => value(body, `kokoma_http_request_duration_seconds_count{${labels}}`);
    // the route's pattern, never the id: one series per page, whatever people open
    expect(count('method="GET",route="/cohorts/:id",status="200"')).toBe(1);
    expect(count('method="GET",route="/cohorts/:id",status="404"')).toBe(1);
    expect(count('method="POST",route="/login",status="302"')).toBe(1);
    expect(count('method="GET",route="/assets/*",status="404"')).toBe(1);
    expect(count('method="GET",route="unmatched",status="404"')).toBe(1);
    expect(body).not.toContain(`/cohorts/${cohort.id}`);

    expect(value(body, 'kokoma_jobs{queue="certificate-run",state="queued"}')).toBe(0);
    expect(value(body, 'kokoma_jobs{queue="mail-delivery",state="failed"}')).toBe(0);
    expect(value(body, 'kokoma_mail_outbox{state="gesendet"}')).toBe(1);
    expect(value(body, 'kokoma_mail_outbox{state="fehlgeschlagen"}')).toBe(0);
    expect(body).toContain('kokoma_process_resident_memory_bytes');
    if (ctx.database.kind === 'postgres') expect(value(body, 'kokoma_db_pool_connections{state="max"}')).toBe(10);
    else expect(body).not.toMatch(/^kokoma_db_pool_connections\{/m);
  } finally {
    await ctx.close();
  }
});

it('counts a failed job and a mail that failed for good', async () => {
  const ctx = await createTestContext({ METRICS_TOKEN: TOKEN });
  try {
    await ctx.deps.mailer.send({ to: 'someone@test.example', subject: 'Hallo', text: 'Hallo' });
    await ctx.database.execute(`update mail_outbox set state = 'fehlgeschlagen'`);
    await ctx.database.execute(
      `insert into pgboss.job (name, state, data) values ('certificate-run', 'failed', '{}'::jsonb)`,
    );
    const body = (await request(ctx.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).text;
    expect(value(body, 'kokoma_mail_outbox{state="fehlgeschlagen"}')).toBe(1);
    expect(value(body, 'kokoma_jobs{queue="certificate-run",state="failed"}')).toBe(1);
  } finally {
    await ctx.close();
  }
});
