import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeUser } from '../../../test/support/builders';
import { syncContent } from '../catalogue/sync';
import { lessonProgress } from './table';
import { text } from '../../../test/support/texts';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/content');
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ CONTENT_DIR: FIXTURE });
  await syncContent(ctx.database.db, FIXTURE, new Date());
});
afterAll(() => ctx.close());

async function mark(
  agent: Awaited<ReturnType<typeof signIn>>,
  lesson: string,
  done: '1' | '0',
  extra: Record<string, string> = {},
) {
  const page = await agent.get(`/catalogue/${lesson}`);
  return agent
    .post(`/catalogue/${lesson}/done`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), done, ...extra });
}

it('a trainee marks lessons done and undone, sees module states, overall progress and where to resume', async () => {
  const trainee = await makeUser(ctx.database.db, { role: 'trainee' });
  const agent = await signIn(ctx.app, trainee.email);
  let overview = await agent.get('/learning');
  expect(overview.text).toContain('0 von 3 Lektionen erledigt (0 %)');
  expect(overview.text).toContain('Weiterlernen: Grundlagen');
  expect(overview.text.match(/nicht begonnen/g)).toHaveLength(2);

  const res = await mark(agent, 'konflikte-verstehen/grundlagen', '1');
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe('/catalogue/konflikte-verstehen/grundlagen');
  const lesson = await agent.get('/catalogue/konflikte-verstehen/grundlagen');
  expect(lesson.text).toContain('Die Lektion „Grundlagen“ ist als erledigt markiert.');
  expect(lesson.text).toContain(text('learning.markUndone'));

  overview = await agent.get('/learning');
  expect(overview.text).toContain('1 von 3 Lektionen erledigt (33 %)');
  expect(overview.text).toContain('in Arbeit');
  expect(overview.text).toContain('Weiterlernen: Eskalation');

  await mark(agent, 'konflikte-verstehen/eskalation', '1');
  await mark(agent, 'konflikte-verstehen/eskalation', '1'); // twice changes nothing
  overview = await agent.get('/learning');
  expect(overview.text).toContain('2 von 3 Lektionen erledigt (67 %)');
  expect(overview.text).toContain('alle Lektionen erledigt');
  expect(overview.text).toContain('Weiterlernen: Üben');

  await mark(agent, 'konflikte-verstehen/eskalation', '0');
  expect((await agent.get('/learning')).text).toContain('1 von 3 Lektionen erledigt (33 %)');
});

it('nobody can mark or read another person’s progress', async () => {
  const a = await makeUser(ctx.database.db, { role: 'trainee' });
  const b = await makeUser(ctx.database.db, { role: 'trainee' });
  const agentA = await signIn(ctx.app, a.email);
  await mark(agentA, 'konflikte-verstehen/grundlagen', '1', { userId: String(b.id), user_id: String(b.id) });
  expect(await ctx.database.db.select().from(lessonProgress).where(eq(lessonProgress.userId, b.id))).toHaveLength(0);
  expect(await ctx.database.db.select().from(lessonProgress).where(eq(lessonProgress.userId, a.id))).toHaveLength(1);
  const agentB = await signIn(ctx.app, b.email);
  expect((await agentB.get('/learning')).text).toContain('0 von 3 Lektionen erledigt');
  expect((await agentB.get('/catalogue/konflikte-verstehen/grundlagen')).text).not.toContain(text('learning.isDone'));
});

it('only trainees have "Meine Weiterbildung" and mark lessons; unknown lessons answer 404', async () => {
  for (const role of ['trainer', 'coordinator', 'admin'] as const) {
    const agent = await signIn(ctx.app, (await makeUser(ctx.database.db, { role })).email);
    expect((await agent.get('/learning')).status).toBe(403);
    const token = csrfFrom((await agent.get('/profile')).text);
    expect(
      (
        await agent
          .post('/catalogue/konflikte-verstehen/grundlagen/done')
          .type('form')
          .send({ _csrf: token, done: '1' })
      ).status,
    ).toBe(403);
  }
  const trainee = await signIn(ctx.app, (await makeUser(ctx.database.db, { role: 'trainee' })).email);
  const token = csrfFrom((await trainee.get('/profile')).text);
  expect(
    (
      await trainee
        .post('/catalogue/konflikte-verstehen/gibt-es-nicht/done')
        .type('form')
        .send({ _csrf: token, done: '1' })
    ).status,
  ).toBe(404);
  expect(
    (await trainee.post('/catalogue/konflikte-verstehen/grundlagen/done').type('form').send({ done: '1' })).status,
  ).toBe(403);
});
