import { eq } from 'drizzle-orm';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { users } from '../accounts/table';
import { auditLog } from '../../platform/audit-table';
import { text } from '../../../test/support/texts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const form = (over: Record<string, string> = {}) => ({
  firstName: 'Hamid',
  lastName: 'Rahimi',
  email: 'hamid.rahimi@test.example',
  role: 'trainee',
  municipalityId: '',
  sector: 'zivilgesellschaft',
  organisation: 'Migrantenbeirat',
  jobTitle: 'Vorstand',
  ...over,
});

describe('SPI-Team', () => {
  it('lists people with search and paging', async () => {
    const m = await makeMunicipality(ctx.database.db, { name: 'Suchstadt' });
    for (let i = 0; i < 30; i++)
      await makeUser(ctx.database.db, {
        role: 'trainee',
        municipalityId: m.id,
        lastName: `Seitenmann ${String(i).padStart(2, '0')}`,
      });
    await makeUser(ctx.database.db, {
      role: 'trainee',
      municipalityId: m.id,
      firstName: 'Friederike',
      lastName: 'Albrecht',
    });
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    const agent = await signIn(ctx.app, admin.email);

    const search = await agent.get('/people?q=albre');
    expect(search.status).toBe(200);
    expect(search.text).toContain('Albrecht, Friederike');
    expect(search.text).toContain('1 Eintrag');

    const page1 = await agent.get(`/people?municipality=${m.id}&q=Seitenmann`);
    expect(page1.text).toContain('30 Einträge');
    expect(page1.text).toContain('Seite 1 von 2');
    expect(page1.text).toContain('Seitenmann 00');
    expect(page1.text).not.toContain('Seitenmann 29');
    const page2 = await agent.get(`/people?municipality=${m.id}&q=Seitenmann&page=2`);
    expect(page2.text).toContain('Seitenmann 29');
    expect(page2.text).not.toContain('Seitenmann 00');
  });

  it('orders names as a German dictionary does, on every engine: Ä with A, Ø with O, Ş with S', async () => {
    const m = await makeMunicipality(ctx.database.db, { name: 'Östringen' });
    const names = [
      'Zimmermann',
      'Öztürk',
      'Oberle',
      'Şahin',
      'Schulz',
      'Ørsted',
      'Ahrens',
      'Ärmel',
      'Łukaszewski',
      'Lange',
      'Weiß',
      'Weiss-Müller',
    ];
    for (const lastName of names)
      await makeUser(ctx.database.db, { role: 'trainee', municipalityId: m.id, lastName, firstName: 'Test' });
    const agent = await signIn(ctx.app, (await makeUser(ctx.database.db, { role: 'admin' })).email);
    const page = await agent.get(`/people?municipality=${m.id}`);
    const shown = [...page.text.matchAll(/>([^<>,]+), Test</g)].map((x) => x[1]);
    expect(shown).toEqual([
      'Ahrens',
      'Ärmel',
      'Lange',
      'Łukaszewski',
      'Oberle',
      'Ørsted',
      'Öztürk',
      'Şahin',
      'Schulz',
      'Weiß',
      'Weiss-Müller',
      'Zimmermann',
    ]);
    // municipalities too: Östringen between Oberhausen and Potsdam, not after Zwickau
    for (const name of ['Zwickau', 'Oberhausen', 'Potsdam']) await makeMunicipality(ctx.database.db, { name });
    const list = (await agent.get('/municipalities')).text;
    const at = (name: string) => list.indexOf(`>${name}<`);
    expect([
      at('Oberhausen') < at('Östringen'),
      at('Östringen') < at('Potsdam'),
      at('Potsdam') < at('Zwickau'),
    ]).toEqual([true, true, true]);
  });

  it('creates a person, audited, and sends the invitation', async () => {
    const m = await makeMunicipality(ctx.database.db, { name: 'Einladungsstadt' });
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    const agent = await signIn(ctx.app, admin.email);
    const token = csrfFrom((await agent.get('/people/new')).text);
    const res = await agent
      .post('/people')
      .type('form')
      .send({ _csrf: token, ...form({ municipalityId: String(m.id) }) });
    expect(res.status).toBe(302);
    const [created] = await ctx.database.db.select().from(users).where(eq(users.email, 'hamid.rahimi@test.example'));
    expect(created).toMatchObject({
      role: 'trainee',
      municipalityId: m.id,
      sector: 'zivilgesellschaft',
      passwordHash: null,
      active: true,
    });
    expect(res.headers.location).toBe(`/people/${created!.id}`);
    const audit = await ctx.database.db.select().from(auditLog).where(eq(auditLog.subjectId, created!.id));
    expect(audit.map((a) => a.action)).toContain('user.created');
    expect((await ctx.smtp.mailTo('hamid.rahimi@test.example')).subject).toBe('Ihr Zugang zu KoKoMa Campus');
    const page = await agent.get(res.headers.location!);
    expect(page.text).toContain('Hamid Rahimi ist angelegt');
    expect(page.text).toContain('Eingeladen');
  });

  it('re-renders invalid input with 422, German messages and what was typed, writing nothing', async () => {
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    const agent = await signIn(ctx.app, admin.email);
    const token = csrfFrom((await agent.get('/people/new')).text);
    const res = await agent
      .post('/people')
      .type('form')
      .send({ _csrf: token, ...form({ email: 'kein-at-zeichen', firstName: '', municipalityId: '', sector: '' }) });
    expect(res.status).toBe(422);
    expect(res.text).toContain(text('messages.emailInvalid'));
    expect(res.text).toContain(text('messages.firstNameRequired'));
    expect(res.text).toContain('value="kein-at-zeichen"');
    expect(res.text).toContain('value="Rahimi"');
    // rules that depend on the role are shown in the same round
    expect(res.text).toContain(text('messages.municipalityRequired'));

    const missingMunicipality = await agent
      .post('/people')
      .type('form')
      .send({ _csrf: token, ...form({ email: 'neu@test.example', municipalityId: '', sector: '' }) });
    expect(missingMunicipality.status).toBe(422);
    expect(missingMunicipality.text).toContain(text('messages.municipalityRequired'));
    expect(missingMunicipality.text).toContain(text('messages.sectorRequired'));
    expect(await ctx.database.db.select().from(users).where(eq(users.email, 'neu@test.example'))).toHaveLength(0);
  });

  it('refuses a second account with the same e-mail, whatever its case', async () => {
    const existing = await makeUser(ctx.database.db, { role: 'trainer', email: 'doppelt@test.example' });
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    const agent = await signIn(ctx.app, admin.email);
    const token = csrfFrom((await agent.get('/people/new')).text);
    const res = await agent
      .post('/people')
      .type('form')
      .send({ _csrf: token, ...form({ email: 'DOPPELT@test.example', role: 'trainer', sector: '' }) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Zu dieser E-Mail-Adresse gibt es bereits ein Konto.');
    expect(existing.id).toBeGreaterThan(0);
  });

  it('changes a role and deactivates and reactivates people, but not themselves', async () => {
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    const person = await makeUser(ctx.database.db, { role: 'trainer', firstName: 'Kai', lastName: 'Becker' });
    const agent = await signIn(ctx.app, admin.email);
    const token = csrfFrom((await agent.get(`/people/${person.id}/edit`)).text);
    const m = await makeMunicipality(ctx.database.db);
    const res = await agent
      .post(`/people/${person.id}`)
      .type('form')
      .send({
        _csrf: token,
        ...form({
          firstName: 'Kai',
          lastName: 'Becker',
          email: person.email,
          role: 'coordinator',
          municipalityId: String(m.id),
          sector: '',
        }),
      });
    expect(res.status).toBe(302);
    const [changed] = await ctx.database.db.select().from(users).where(eq(users.id, person.id));
    expect(changed).toMatchObject({ role: 'coordinator', municipalityId: m.id });

    expect((await agent.post(`/people/${person.id}/deactivate`).type('form').send({ _csrf: token })).status).toBe(302);
    expect((await ctx.database.db.select().from(users).where(eq(users.id, person.id)))[0]!.active).toBe(false);
    expect((await agent.get(`/people/${person.id}`)).text).toContain('Deaktiviert');
    expect((await agent.post(`/people/${person.id}/activate`).type('form').send({ _csrf: token })).status).toBe(302);
    expect((await ctx.database.db.select().from(users).where(eq(users.id, person.id)))[0]!.active).toBe(true);

    const self = await agent.post(`/people/${admin.id}/deactivate`).type('form').send({ _csrf: token });
    expect(self.status).toBe(409);
    const ownRole = await agent
      .post(`/people/${admin.id}`)
      .type('form')
      .send({ _csrf: token, ...form({ email: admin.email, role: 'trainer', sector: '' }) });
    expect(ownRole.status).toBe(422);
    expect(ownRole.text).toContain(text('messages.ownRoleUnchangeable'));
  });

  it('shows the history of a person', async () => {
    const admin = await makeUser(ctx.database.db, { role: 'admin', firstName: 'Sabine', lastName: 'Nowak' });
    const person = await makeUser(ctx.database.db, { role: 'trainer' });
    const agent = await signIn(ctx.app, admin.email);
    const token = csrfFrom((await agent.get(`/people/${person.id}`)).text);
    await agent.post(`/people/${person.id}/deactivate`).type('form').send({ _csrf: token });
    const page = await agent.get(`/people/${person.id}`);
    expect(page.text).toContain('Verlauf');
    expect(page.text).toMatch(/Deaktiviert<\/td>\s*<td class="kern-table__cell">Sabine Nowak/);
  });

  it('resends an invitation to someone who has not set a password yet', async () => {
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    const person = await makeUser(ctx.database.db, {
      role: 'trainer',
      withPassword: false,
      email: 'nochmal@test.example',
    });
    const agent = await signIn(ctx.app, admin.email);
    const token = csrfFrom((await agent.get(`/people/${person.id}`)).text);
    expect((await agent.post(`/people/${person.id}/invite`).type('form').send({ _csrf: token })).status).toBe(302);
    expect((await ctx.smtp.mailTo('nochmal@test.example')).text).toContain('/password/set/');
  });
});

describe('Kommunale Koordination', () => {
  it('sees and manages only the people of their own municipality', async () => {
    const own = await makeMunicipality(ctx.database.db, { name: 'Eigenstadt' });
    const other = await makeMunicipality(ctx.database.db, { name: 'Fremdstadt' });
    const coordinator = await makeUser(ctx.database.db, { role: 'coordinator', municipalityId: own.id });
    const mine = await makeUser(ctx.database.db, { role: 'trainee', municipalityId: own.id, lastName: 'Eigenmann' });
    const theirs = await makeUser(ctx.database.db, {
      role: 'trainee',
      municipalityId: other.id,
      lastName: 'Fremdmann',
    });
    const agent = await signIn(ctx.app, coordinator.email);

    const list = await agent.get(`/people?municipality=${other.id}`);
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('Fremdmann');
    const ownList = await agent.get('/people');
    expect(ownList.text).toContain('Personen in Eigenstadt');
    expect(ownList.text).toContain('Eigenmann');
    expect(ownList.text).not.toContain('Fremdmann');

    expect((await agent.get(`/people/${mine.id}`)).status).toBe(200);
    const token = csrfFrom((await agent.get('/people/new')).text);
    for (const [method, path] of [
      ['get', `/people/${theirs.id}`],
      ['get', `/people/${theirs.id}/edit`],
      ['post', `/people/${theirs.id}`],
      ['post', `/people/${theirs.id}/deactivate`],
      ['post', `/people/${theirs.id}/activate`],
      ['post', `/people/${theirs.id}/invite`],
    ] as const) {
      const res =
        method === 'get'
          ? await agent.get(path)
          : await agent
              .post(path)
              .type('form')
              .send({ _csrf: token, ...form({ email: theirs.email }) });
      expect([path, res.status]).toEqual([path, 404]);
    }
    expect((await ctx.database.db.select().from(users).where(eq(users.id, theirs.id)))[0]!.active).toBe(true);
  });

  it('creates trainees in their own municipality only: a form that asks for more is refused', async () => {
    const own = await makeMunicipality(ctx.database.db);
    const other = await makeMunicipality(ctx.database.db);
    const coordinator = await makeUser(ctx.database.db, { role: 'coordinator', municipalityId: own.id });
    const agent = await signIn(ctx.app, coordinator.email);
    const token = csrfFrom((await agent.get('/people/new')).text);
    const res = await agent
      .post('/people')
      .type('form')
      .send({
        _csrf: token,
        ...form({ email: 'untergeschoben@test.example', role: 'admin', municipalityId: String(other.id) }),
      });
    expect(res.status).toBe(403);
    expect(await ctx.database.db.select().from(users).where(eq(users.email, 'untergeschoben@test.example'))).toEqual(
      [],
    );
    const plain = await agent
      .post('/people')
      .type('form')
      .send({ _csrf: token, ...form({ email: 'eigene@test.example' }) });
    expect(plain.status).toBe(302);
    const [created] = await ctx.database.db.select().from(users).where(eq(users.email, 'eigene@test.example'));
    expect(created).toMatchObject({ role: 'trainee', municipalityId: own.id });
  });

  it('cannot promote their people', async () => {
    const own = await makeMunicipality(ctx.database.db);
    const coordinator = await makeUser(ctx.database.db, { role: 'coordinator', municipalityId: own.id });
    const person = await makeUser(ctx.database.db, { role: 'trainee', municipalityId: own.id });
    const agent = await signIn(ctx.app, coordinator.email);
    const token = csrfFrom((await agent.get(`/people/${person.id}/edit`)).text);
    const res = await agent
      .post(`/people/${person.id}`)
      .type('form')
      .send({ _csrf: token, ...form({ email: person.email, role: 'admin' }) });
    expect(res.status).toBe(403);
    expect((await ctx.database.db.select().from(users).where(eq(users.id, person.id)))[0]!.role).toBe('trainee');
  });
});

describe('the person page', () => {
  it('shows enrolments, ledger, "Noch offen", assignment states and certificates; coordinators never see files or content', async () => {
    const db = ctx.database.db;
    const { makeCohort, makeOffering, makeSession, enrol, makeAssignment } =
      await import('../../../test/support/cohorts');
    const { submissions } = await import('../assignments/table');
    const { certificates } = await import('../certificates/table');
    const m = await makeMunicipality(db);
    const c = await makeCohort(db, { name: `Personenseite ${m.id}`, quotas: [[m.id, 5]] });
    const { offering } = await makeOffering(db, c.id);
    await makeSession(db, offering.id, { date: '2026-02-02', ue: 8 });
    const person = await makeUser(db, {
      role: 'trainee',
      municipalityId: m.id,
      firstName: 'Paula',
      lastName: 'Person',
    });
    await enrol(db, c.id, person);
    const a = await makeAssignment(db, offering.id, { title: 'Geheime Gedanken' });
    await db
      .insert(submissions)
      .values({ assignmentId: a.id, userId: person.id, state: 'abgegeben', submittedAt: new Date() });
    const [cert] = await db
      .insert(certificates)
      .values({
        number: `KOKOMA-2026-9${m.id}`,
        code: `ABCDE-${String(m.id).padStart(5, '2')}`.slice(0, 11),
        kind: 'teilnahme',
        userId: person.id,
        cohortId: c.id,
        offeringRef: offering.id,
        content: {
          holderName: 'Paula Person',
          title: 'x',
          cohortName: c.name,
          modules: [{ title: 'Modul X', kind: 'praesenz', dates: '', ue: 8 }],
          totalUe: 8,
          place: 'Berlin',
          issuedOn: '01.01.2026',
          signatories: [],
        },
        storageKey: '00/00000000-0000-0000-0000-000000000000',
        sha256: 'x',
        issuedAt: new Date(),
      })
      .returning();
    const admin = await signIn(ctx.app, (await makeUser(db, { role: 'admin' })).email);
    const page = (await admin.get(`/people/${person.id}`)).text;
    expect(page).toContain(`Personenseite ${m.id}`);
    expect(page).toContain('Anmeldung: Bestätigt');
    expect(page).toContain('Noch offen:');
    expect(page).toContain('Geheime Gedanken');
    expect(page).toContain('abgegeben');
    expect(page).toContain(cert!.number);
    expect(page).toContain(`href="/certificates/${cert!.id}.pdf"`);
    const coordinator = await signIn(
      ctx.app,
      (await makeUser(db, { role: 'coordinator', municipalityId: m.id })).email,
    );
    const theirs = (await coordinator.get(`/people/${person.id}`)).text;
    expect(theirs).toContain(cert!.number);
    expect(theirs).toContain('abgegeben');
    expect(theirs).not.toContain(`/certificates/${cert!.id}`);
    expect(theirs).not.toContain('/submissions/');
    expect(theirs).not.toContain('/files/');
  });
});

describe('people search', () => {
  it.each([
    ['sahin', 'Şahin'],
    ['orsted', 'Ørsted'],
    ['ozturk', 'Öztürk'],
    ['oeztuerk', 'Öztürk'],
    ['yildiz', 'Yıldız'],
    ['richter neumann', 'Richter-Neumann'],
    ['neumann richter', 'Richter-Neumann'],
    ['neumnn', 'Richter-Neumann'],
    ['rochter', 'Richter-Neumann'],
    ['LUKASZ', 'Łukasz'],
  ])('"%s" finds %s', async (q, expected) => {
    const db = ctx.database.db;
    const m = await makeMunicipality(db, { name: `Suchdorf ${Math.random().toString(36).slice(2, 7)}` });
    for (const [firstName, lastName] of [
      ['Emre', 'Şahin'],
      ['Zoë', 'Ørsted'],
      ['Ayşe', 'Öztürk'],
      ['Deniz', 'Yıldız'],
      ['Klara', 'Richter-Neumann'],
      ['Łukasz', 'Nowak'],
      ['Anna', 'Berg'],
    ]) {
      await makeUser(db, { role: 'trainee', municipalityId: m.id, firstName, lastName });
    }
    const agent = await signIn(ctx.app, (await makeUser(db, { role: 'coordinator', municipalityId: m.id })).email);
    const res = await agent.get(`/people?q=${encodeURIComponent(q)}`);
    expect(res.text).toContain(expected);
    expect(res.text).not.toContain('Berg, Anna');
  });
});
