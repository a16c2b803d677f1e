import request from 'supertest';
import { eq } from 'drizzle-orm';
import { agentFor, createTestContext, csrfFrom, signIn } from './support/app';
import { makeUser } from './support/builders';
import { mailOutbox } from '../src/platform/mail/table';

/** Mail goes through the outbox: an outage of the mail server loses nothing, tells nobody anything, and heals. */
it('with the mail server down, "Passwort vergessen" answers the same for known and unknown accounts; the mail waits and goes out once it is back', async () => {
  const ctx = await createTestContext();
  try {
    const user = await makeUser(ctx.database.db, { role: 'trainee' });
    const port = Number(new URL(ctx.deps.config.smtpUrl as string).port);
    await ctx.smtp.stop();
    const agent = agentFor(ctx.app);
    const token = csrfFrom((await agent.get('/password/forgot')).text);
    const known = await agent.post('/password/forgot').type('form').send({ email: user.email, _csrf: token });
    const unknown = await agent
      .post('/password/forgot')
      .type('form')
      .send({ email: 'niemand@test.example', _csrf: token });
    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect(known.text.replace(/name="_csrf" value="[^"]+"/g, '')).toBe(
      unknown.text.replace(/name="_csrf" value="[^"]+"/g, ''),
    );

    await ctx.deps.mailer.deliverDue();
    const [waiting] = await ctx.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, user.email));
    expect(waiting).toMatchObject({ state: 'wartend', attempts: 1 });
    expect((await request(ctx.app).get('/healthz')).body).toEqual({
      status: 'ok',
      database: 'ok',
      mail: 'unreachable',
    });

    // the server is back; the retry is due after a minute. Two workers at once still send it once.
    await ctx.smtp.start(port);
    ctx.clock.advance(61_000);
    await Promise.all([ctx.deps.mailer.deliverDue(), ctx.deps.mailer.deliverDue()]);
    const mail = await ctx.smtp.mailTo(user.email, 'Passwort für KoKoMa Campus zurücksetzen');
    expect(mail.text).toContain('/password/set/');
    expect(ctx.smtp.received.filter((m) => m.to.includes(user.email))).toHaveLength(1);
    const [sent] = await ctx.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, user.email));
    // once sent, the body (with its single-use link) is not kept
    expect(sent).toMatchObject({ state: 'gesendet', body: '' });
  } finally {
    await ctx.close();
  }
});

it('a mail that keeps failing is shown to the SPI-Team, who can try it again', async () => {
  const ctx = await createTestContext();
  try {
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    await ctx.smtp.stop();
    await ctx.deps.mailer.send({ to: 'unzustellbar@test.example', subject: 'Einladung', text: 'geheimer Link' });
    for (let i = 0; i < 8; i++) {
      await ctx.deps.mailer.deliverDue();
      ctx.clock.advance(25 * 3_600_000);
    }
    const [row] = await ctx.database.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, 'unzustellbar@test.example'));
    expect(row).toMatchObject({ state: 'fehlgeschlagen', attempts: 8 });
    const agent = await signIn(ctx.app, admin.email);
    expect((await agent.get('/')).text).toContain('Eine E-Mail konnte nicht zugestellt werden.');
    const list = await agent.get('/admin/mail');
    expect(list.text).toContain('unzustellbar@test.example');
    expect(list.text).toContain('nicht zustellbar');
    expect(list.text).not.toContain('geheimer Link');
    const retry = await agent
      .post(`/admin/mail/${row!.id}/retry`)
      .type('form')
      .send({ _csrf: csrfFrom(list.text) });
    expect(retry.status).toBe(302);
    const [again] = await ctx.database.db.select().from(mailOutbox).where(eq(mailOutbox.id, row!.id));
    expect(['wartend', 'wird_gesendet']).toContain(again!.state);
    const trainer = await signIn(ctx.app, (await makeUser(ctx.database.db, { role: 'trainer' })).email);
    expect((await trainer.get('/admin/mail')).status).toBe(403);
  } finally {
    await ctx.close();
  }
});
