import request from 'supertest';
import { createTestContext, csrfFrom, signIn } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';

it('without SMTP in development, mail lands in the outbox that only the SPI-Team can read', async () => {
  const ctx = await createTestContext({ NODE_ENV: 'development', SMTP_URL: '' });
  try {
    expect(ctx.deps.mailer.kind).toBe('dev-outbox');
    expect((await request(ctx.app).get('/dev/mail')).status).toBe(302);
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    const trainer = await makeUser(ctx.database.db, { role: 'trainer' });
    const m = await makeMunicipality(ctx.database.db);
    const agent = await signIn(ctx.app, admin.email);
    const token = csrfFrom((await agent.get('/people/new')).text);
    await agent
      .post('/people')
      .type('form')
      .send({
        _csrf: token,
        firstName: 'Olga',
        lastName: 'Petrov',
        email: 'olga@test.example',
        role: 'trainee',
        municipalityId: String(m.id),
        sector: 'bildung',
      });
    const list = await agent.get('/dev/mail');
    expect(list.status).toBe(200);
    expect(list.text).toContain('olga@test.example');
    const id = /href="\/dev\/mail\/(\d+)"/.exec(list.text)![1];
    const mail = await agent.get(`/dev/mail/${id}`);
    expect(mail.text).toContain('Guten Tag Olga Petrov');
    expect(mail.text).toMatch(/<a class="kern-link" href="http:\/\/campus\.test\/password\/set\/[\w-]+">/);
    expect((await agent.get('/dev/mail/99999')).status).toBe(404);
    const trainerAgent = await signIn(ctx.app, trainer.email);
    expect((await trainerAgent.get('/dev/mail')).status).toBe(403);
  } finally {
    await ctx.close();
  }
});

it('is never mounted in production', async () => {
  const ctx = await createTestContext({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) });
  try {
    // in development an anonymous visitor is sent to the login; in production the URL does not exist at all
    expect((await request(ctx.app).get('/dev/mail')).status).toBe(404);
  } finally {
    await ctx.close();
  }
});
