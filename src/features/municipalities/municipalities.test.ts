import { eq } from 'drizzle-orm';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { municipalities } from './table';
import { text } from '../../../test/support/texts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const fields = {
  name: 'Halle (Saale)',
  state: 'Sachsen-Anhalt',
  partnership: 'PfD Halle',
  localFacilitatorName: 'Ute Franke',
  localFacilitatorOrganisation: 'Freiwilligen-Agentur',
  localFacilitatorEmail: 'ute.franke@test.example',
  externalFacilitatorName: 'Tobias Brandt',
  externalFacilitatorEmail: 't.brandt@test.example',
};

it('the SPI-Team creates, shows and edits a municipality with its facilitators', async () => {
  const admin = await makeUser(ctx.database.db, { role: 'admin' });
  const agent = await signIn(ctx.app, admin.email);
  const token = csrfFrom((await agent.get('/municipalities/new')).text);
  const created = await agent
    .post('/municipalities')
    .type('form')
    .send({ _csrf: token, ...fields });
  expect(created.status).toBe(302);
  const [row] = await ctx.database.db.select().from(municipalities).where(eq(municipalities.name, 'Halle (Saale)'));
  expect(row).toMatchObject({ state: 'Sachsen-Anhalt', localFacilitatorName: 'Ute Franke' });
  const page = await agent.get(`/municipalities/${row!.id}`);
  expect(page.text).toContain('Ute Franke');
  expect(page.text).toContain('Freiwilligen-Agentur');
  expect(page.text).toContain('mailto:t.brandt@test.example');

  const edited = await agent
    .post(`/municipalities/${row!.id}`)
    .type('form')
    .send({ _csrf: token, ...fields, partnership: 'Partnerschaft für Demokratie Halle' });
  expect(edited.status).toBe(302);
  expect((await agent.get('/municipalities')).text).toContain('Partnerschaft für Demokratie Halle');
});

it('refuses a duplicate name and an unknown Bundesland with German messages, keeping the input', async () => {
  await makeMunicipality(ctx.database.db, { name: 'Doppelstadt' });
  const admin = await makeUser(ctx.database.db, { role: 'admin' });
  const agent = await signIn(ctx.app, admin.email);
  const token = csrfFrom((await agent.get('/municipalities/new')).text);
  const dup = await agent
    .post('/municipalities')
    .type('form')
    .send({ _csrf: token, ...fields, name: 'doppelstadt' });
  expect(dup.status).toBe(422);
  expect(dup.text).toContain(text('messages.municipalityDuplicate'));
  expect(dup.text).toContain('value="Ute Franke"');
  const state = await agent
    .post('/municipalities')
    .type('form')
    .send({ _csrf: token, ...fields, name: 'Neustadt', state: 'Atlantis', localFacilitatorEmail: 'kaputt' });
  expect(state.status).toBe(422);
  expect(state.text).toContain(text('messages.stateRequired'));
  expect(state.text).toContain(text('messages.emailInvalid'));
});

it('answers 404 for a municipality that does not exist', async () => {
  const admin = await makeUser(ctx.database.db, { role: 'admin' });
  const agent = await signIn(ctx.app, admin.email);
  expect((await agent.get('/municipalities/999999')).status).toBe(404);
  expect((await agent.get('/municipalities/abc')).status).toBe(404);
});
