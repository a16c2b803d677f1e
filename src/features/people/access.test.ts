import { eq } from 'drizzle-orm';
import { createTestContext, csrfFrom, signIn, type Agent, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { users, type Role } from '../accounts/table';
import { text } from '../../../test/support/texts';

/**
 * Who may change which account, and which field: every role × every kind of account × every field, through the real
 * forms. The expectations are written out by hand, not derived from access.ts: this table is the rule's judge.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const FIELDS = ['name', 'email', 'role', 'municipality', 'active'] as const;
type Field = (typeof FIELDS)[number];
const TARGETS = [
  'admin',
  'trainer',
  'coordinatorSame',
  'coordinatorOther',
  'traineeSame',
  'traineeSameInvited',
  'traineeOther',
  'self',
] as const;
type Target = (typeof TARGETS)[number];

const ALL: Field[] = [...FIELDS];
const NONE: Field[] = [];
// Staff carry no municipality, so for them "municipality" can never change, whoever asks.
const STAFF_FOR_ADMIN: Field[] = ['name', 'email', 'role', 'active'];

const expected: Record<Role, Record<Target, Field[]>> = {
  admin: {
    admin: STAFF_FOR_ADMIN,
    trainer: STAFF_FOR_ADMIN,
    coordinatorSame: ALL,
    coordinatorOther: ALL,
    traineeSame: ALL,
    traineeSameInvited: ALL,
    traineeOther: ALL,
    // the own e-mail only on the profile (with the password), never the own role, never deactivate oneself
    self: ['name'],
  },
  coordinator: {
    admin: NONE,
    trainer: NONE,
    coordinatorSame: NONE,
    coordinatorOther: NONE,
    traineeSame: ['name', 'active'],
    traineeSameInvited: ['name', 'email', 'active'],
    traineeOther: NONE,
    self: NONE,
  },
  trainer: Object.fromEntries(TARGETS.map((x) => [x, NONE])) as Record<Target, Field[]>,
  trainee: Object.fromEntries(TARGETS.map((x) => [x, NONE])) as Record<Target, Field[]>,
};

type Person = typeof users.$inferSelect;
let n = 0;

async function world(actorRole: Role) {
  const db = ctx.database.db;
  const erfurt = await makeMunicipality(db);
  const other = await makeMunicipality(db);
  const third = await makeMunicipality(db);
  const actor = await makeUser(db, { role: actorRole, municipalityId: erfurt.id });
  const make = (role: Role, municipalityId: number | null, withPassword = true) =>
    makeUser(db, { role, municipalityId, withPassword });
  const targets: Record<Target, Person> = {
    admin: await make('admin', null),
    trainer: await make('trainer', null),
    coordinatorSame: await make('coordinator', erfurt.id),
    coordinatorOther: await make('coordinator', other.id),
    traineeSame: await make('trainee', erfurt.id),
    traineeSameInvited: await make('trainee', erfurt.id, false),
    traineeOther: await make('trainee', other.id),
    self: actor,
  };
  return { actor, targets, other: third };
}

/** Posts the person form with one field changed, as a browser would (the coordinator's form has no role/municipality). */
async function change(agent: Agent, actorRole: Role, person: Person, field: Field, otherMunicipality: number) {
  if (field === 'active') {
    const token = csrfFrom((await agent.get('/profile')).text);
    return agent.post(`/people/${person.id}/deactivate`).type('form').send({ _csrf: token });
  }
  const newRole: Record<Role, Role> = {
    trainee: 'coordinator',
    coordinator: 'trainee',
    trainer: 'admin',
    admin: 'trainer',
  };
  const form: Record<string, string> = {
    firstName: person.firstName,
    lastName: person.lastName,
    email: person.email,
    sector: person.sector ?? 'verwaltung',
    organisation: person.organisation,
    jobTitle: person.jobTitle,
  };
  if (actorRole === 'admin')
    Object.assign(form, {
      role: person.role,
      municipalityId: person.municipalityId ? String(person.municipalityId) : '',
    });
  if (field === 'name') form.firstName = `Geändert${++n}`;
  if (field === 'email') form.email = `neu${++n}@angreifer.example`;
  if (field === 'role') Object.assign(form, { role: newRole[person.role] });
  if (field === 'municipality') form.municipalityId = String(otherMunicipality);
  const token = csrfFrom((await agent.get('/profile')).text);
  return agent
    .post(`/people/${person.id}`)
    .type('form')
    .send({ ...form, _csrf: token });
}

function changedField(before: Person, after: Person, field: Field): boolean {
  switch (field) {
    case 'name':
      return after.firstName !== before.firstName;
    case 'email':
      return after.email !== before.email;
    case 'role':
      return after.role !== before.role;
    case 'municipality':
      return after.municipalityId !== before.municipalityId;
    case 'active':
      return after.active !== before.active;
  }
}

describe.each(['admin', 'coordinator', 'trainer', 'trainee'] as Role[])('%s changing accounts', (actorRole) => {
  it.each(TARGETS.flatMap((target) => FIELDS.map((field) => [target, field] as const)))(
    '%s: %s',
    async (target, field) => {
      const { actor, targets, other } = await world(actorRole);
      const person = targets[target];
      const agent = await signIn(ctx.app, actor.email);
      const res = await change(agent, actorRole, person, field, other.id);
      const [after] = await ctx.database.db.select().from(users).where(eq(users.id, person.id));
      const allowed = expected[actorRole][target].includes(field);
      expect({ target, field, changed: changedField(person, after!, field) }).toEqual({
        target,
        field,
        changed: allowed,
      });
      // refused means refused: never a silent success, never a server error
      if (!allowed) expect([403, 404, 409, 422, 302]).toContain(res.status);
      if (!allowed && res.status === 302) expect(field).toBe('municipality'); // staff: saved, but the municipality stays empty
      expect(res.status).toBeLessThan(500);
    },
  );
});

describe('the reach of a coordinator', () => {
  it('lists and opens only the trainees of their municipality, never staff who carry it', async () => {
    const db = ctx.database.db;
    const m = await makeMunicipality(db);
    const coordinator = await makeUser(db, { role: 'coordinator', municipalityId: m.id });
    const trainee = await makeUser(db, { role: 'trainee', municipalityId: m.id, lastName: 'Sichtbar' });
    const fellow = await makeUser(db, { role: 'coordinator', municipalityId: m.id, lastName: 'Kollegin' });
    const agent = await signIn(ctx.app, coordinator.email);
    const list = await agent.get('/people');
    expect(list.text).toContain('Sichtbar');
    expect(list.text).not.toContain('Kollegin');
    expect((await agent.get(`/people/${trainee.id}`)).status).toBe(200);
    expect((await agent.get(`/people/${fellow.id}`)).status).toBe(404);
    expect((await agent.get(`/people/${coordinator.id}`)).status).toBe(404);
  });

  it('the database refuses a municipality on a staff account', async () => {
    const m = await makeMunicipality(ctx.database.db);
    const trainer = await makeUser(ctx.database.db, { role: 'trainer' });
    await expect(
      ctx.database.db.update(users).set({ municipalityId: m.id }).where(eq(users.id, trainer.id)),
    ).rejects.toThrow();
  });
});

describe('changing an e-mail address', () => {
  it('by the SPI-Team: the old address is told and the person is signed out everywhere', async () => {
    const db = ctx.database.db;
    const admin = await makeUser(db, { role: 'admin' });
    const person = await makeUser(db, { role: 'trainee', firstName: 'Mira', lastName: 'Alt' });
    const theirs = await signIn(ctx.app, person.email);
    expect((await theirs.get('/')).status).toBe(200);
    const agent = await signIn(ctx.app, admin.email);
    const res = await change(agent, 'admin', person, 'email', 0);
    expect(res.status).toBe(302);
    const mail = await ctx.smtp.mailTo(person.email);
    expect(mail.subject).toBe('Ihre E-Mail-Adresse bei KoKoMa Campus wurde geändert');
    expect(mail.text).toContain('Guten Tag Mira Alt');
    expect((await theirs.get('/')).status).toBe(302);
  });

  it('by a coordinator while the invitation is open: the invitation goes to the corrected address, the old link dies', async () => {
    const db = ctx.database.db;
    const m = await makeMunicipality(db);
    const coordinator = await makeUser(db, { role: 'coordinator', municipalityId: m.id });
    const agent = await signIn(ctx.app, coordinator.email);
    const token = csrfFrom((await agent.get('/people/new')).text);
    await agent.post('/people').type('form').send({
      firstName: 'Tippfehler',
      lastName: 'Neu',
      email: 'tipfehler@kommune.example',
      sector: 'verwaltung',
      organisation: '',
      jobTitle: '',
      _csrf: token,
    });
    const first = await ctx.smtp.mailTo('tipfehler@kommune.example');
    const oldLink = /\/password\/set\/[\w-]+/.exec(first.text)![0];
    const [person] = await db.select().from(users).where(eq(users.email, 'tipfehler@kommune.example'));
    const form = {
      firstName: 'Tippfehler',
      lastName: 'Neu',
      email: 'tippfehler@kommune.example',
      sector: 'verwaltung',
      organisation: '',
      jobTitle: '',
    };
    const res = await agent
      .post(`/people/${person!.id}`)
      .type('form')
      .send({ ...form, _csrf: csrfFrom((await agent.get('/profile')).text) });
    expect(res.status).toBe(302);
    const second = await ctx.smtp.mailTo('tippfehler@kommune.example');
    expect(second.subject).toBe('Ihr Zugang zu KoKoMa Campus');
    expect((await agent.get(oldLink)).status).toBe(404);
  });

  it('by the person themselves, with the current password only', async () => {
    const person = await makeUser(ctx.database.db, { role: 'trainer', firstName: 'Selma', lastName: 'Selbst' });
    const agent = await signIn(ctx.app, person.email);
    const other = await signIn(ctx.app, person.email);
    let token = csrfFrom((await agent.get('/profile')).text);
    const wrong = await agent
      .post('/profile/email')
      .type('form')
      .send({ newEmail: 'selma@neu.example', emailPassword: 'falsch-falsch-falsch', _csrf: token });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain(text('messages.currentPasswordWrong'));
    expect(wrong.text).toContain('value="selma@neu.example"');
    token = csrfFrom((await agent.get('/profile')).text);
    const ok = await agent
      .post('/profile/email')
      .type('form')
      .send({ newEmail: 'selma@neu.example', emailPassword: 'Konflikte-gemeinsam-loesen-2027', _csrf: token });
    expect(ok.status).toBe(302);
    expect((await ctx.smtp.mailTo(person.email)).text).toContain('selma@neu.example');
    expect((await agent.get('/profile')).text).toContain('selma@neu.example');
    expect((await other.get('/')).status).toBe(302);
  });
});
