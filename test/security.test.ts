import request from 'supertest';
import { createTestContext, csrfFrom, signIn, type TestContext } from './support/app';
import { makeUser } from './support/builders';
import { enrol } from './support/cohorts';
import { allRoutes, buildWorld } from './support/routes';
import { offeringTrainers } from '../src/features/cohorts/table';
import type { Role } from '../src/features/accounts/table';
import { text } from './support/texts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({}, (deps) => {
    // An unexpected failure deep inside: the page must not show it.
    const forAdmin = deps.dashboard.forAdmin;
    deps.dashboard.forAdmin = async () => {
      if (process.env.KOKOMA_TEST_BOOM === '1') throw new Error('geheimes Detail aus der Tiefe');
      return forAdmin();
    };
  });
});
afterAll(() => ctx.close());

describe('deny by default', () => {
  it('every route declares its guard first', () => {
    const routes = allRoutes(ctx.app);
    expect(routes.length).toBeGreaterThan(20);
    const unguarded = routes.filter((r) => !r.guard);
    expect(unguarded).toEqual([]);
  });

  it('public routes are exactly the ones meant to be public', () => {
    const open = allRoutes(ctx.app)
      .filter((r) => r.guard === 'public' || r.guard === 'signed-out')
      .map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(open.sort()).toEqual(
      [
        'GET /healthz',
        'GET /readyz',
        'GET /login',
        'GET /calendar/:token.ics',
        'GET /verify',
        'GET /verify/:code',
        'POST /login',
        'GET /login/code',
        'GET /impressum',
        'GET /datenschutz',
        'GET /barrierefreiheit',
        'POST /barrierefreiheit',
        'POST /login/code',
        // the passkey step of the sign-in: answers only within a pending sign-in (mfa/passkey-handlers)
        'POST /login/passkey/options',
        'POST /login/passkey',
        'POST /logout',
        'GET /password/forgot',
        'POST /password/forgot',
        'GET /password/set/:token',
        'POST /password/set/:token',
      ].sort(),
    );
  });

  // Every guarded page, who may use it, and who must be refused.
  const matrix: Array<{ path: string; allowed: Role[] }> = [
    { path: '/', allowed: ['admin', 'coordinator', 'trainer', 'trainee'] },
    { path: '/profile', allowed: ['admin', 'coordinator', 'trainer', 'trainee'] },
    { path: '/catalogue', allowed: ['admin', 'coordinator', 'trainer', 'trainee'] },
    { path: '/search?q=Konflikt', allowed: ['admin', 'coordinator', 'trainer', 'trainee'] },
    { path: '/learning', allowed: ['trainee'] },
    { path: '/admin/catalogue', allowed: ['admin'] },
    { path: '/people', allowed: ['admin', 'coordinator'] },
    { path: '/people/new', allowed: ['admin', 'coordinator'] },
    { path: '/municipalities', allowed: ['admin'] },
    { path: '/municipalities/new', allowed: ['admin'] },
    { path: '/municipalities/{m}', allowed: ['admin'] },
    { path: '/municipalities/{m}/edit', allowed: ['admin'] },
    { path: '/people/{p}', allowed: ['admin', 'coordinator'] },
    { path: '/people/{p}/edit', allowed: ['admin', 'coordinator'] },
    { path: '/people/{p}/mfa/reset', allowed: ['admin'] },
    { path: '/admin/feedback', allowed: ['admin'] },
    { path: '/admin/audit', allowed: ['admin'] },
    { path: '/admin/audit.csv', allowed: ['admin'] },
    { path: '/profile/devices', allowed: ['admin', 'coordinator', 'trainer', 'trainee'] },
    { path: '/profile/data', allowed: ['admin', 'coordinator', 'trainer', 'trainee'] },
    { path: '/admin/erasure', allowed: ['admin'] },
    { path: '/admin/retention', allowed: ['admin'] },
    { path: '/mfa', allowed: ['admin', 'coordinator', 'trainer', 'trainee'] },
    { path: '/mfa/setup', allowed: ['admin', 'coordinator', 'trainer', 'trainee'] },
    { path: '/cohorts', allowed: ['admin', 'coordinator', 'trainer', 'trainee'] },
    { path: '/cohorts/new', allowed: ['admin'] },
    { path: '/cohorts/{c}', allowed: ['admin', 'coordinator', 'trainer', 'trainee'] },
    { path: '/cohorts/{c}/edit', allowed: ['admin'] },
    { path: '/cohorts/{c}/offerings/new', allowed: ['admin'] },
    { path: '/offerings/{o}/edit', allowed: ['admin'] },
    { path: '/offerings/{o}/sessions/new', allowed: ['admin'] },
    { path: '/sessions/{s}/edit', allowed: ['admin'] },
    { path: '/sessions/{s}.ics', allowed: ['admin', 'coordinator', 'trainer', 'trainee'] },
    { path: '/cohorts/{c}/nominate', allowed: ['admin', 'coordinator'] },
    { path: '/cohorts/{c}/participants.csv', allowed: ['admin', 'coordinator'] },
    { path: '/cohorts/{c}/participants.xlsx', allowed: ['admin', 'coordinator'] },
    { path: '/enrolments', allowed: ['admin', 'coordinator'] },
    { path: '/enrolments/{e}/reject', allowed: ['admin'] },
    { path: '/enrolments/{e}/withdraw', allowed: ['admin', 'coordinator'] },
    { path: '/schedule', allowed: ['trainer', 'trainee'] },
    { path: '/sessions/{s}/attendance', allowed: ['admin', 'trainer'] },
    { path: '/sessions/{s}/attendance/history', allowed: ['admin'] },
    { path: '/cohorts/{c}/attendance', allowed: ['admin', 'coordinator', 'trainer'] },
    { path: '/attendance', allowed: ['trainee'] },
    { path: '/sessions/{s}/checkin', allowed: ['admin', 'trainer'] },
    { path: '/checkin', allowed: ['trainee'] },
    { path: '/cohorts/{c}/attendance.csv', allowed: ['admin', 'coordinator', 'trainer'] },
    { path: '/cohorts/{c}/attendance.xlsx', allowed: ['admin', 'coordinator', 'trainer'] },
    { path: '/cohorts/{c}/ledger.csv', allowed: ['admin', 'coordinator', 'trainer'] },
    { path: '/cohorts/{c}/ledger.xlsx', allowed: ['admin', 'coordinator', 'trainer'] },
    { path: '/sessions/{s}/signatures.pdf', allowed: ['admin', 'trainer'] },
    { path: '/grading', allowed: ['admin', 'trainer'] },
    { path: '/offerings/{o}/assignments/new', allowed: ['admin', 'trainer'] },
    { path: '/assignments/{a}', allowed: ['admin', 'coordinator', 'trainer', 'trainee'] },
    { path: '/assignments/{a}/edit', allowed: ['admin', 'trainer'] },
    { path: '/submissions/{sub}', allowed: ['admin', 'trainer'] },
    { path: '/certificates', allowed: ['admin'] },
    { path: '/cohorts/{c}/certificates', allowed: ['admin'] },
    { path: '/cohorts/{c}/certificates.zip', allowed: ['admin'] },
    { path: '/my/certificates', allowed: ['trainee'] },
    { path: '/certificate-runs/{run}', allowed: ['admin'] },
    { path: '/certificate-runs/{run}/status', allowed: ['admin'] },
    { path: '/admin/mail', allowed: ['admin'] },
    { path: '/at-risk', allowed: ['admin', 'coordinator'] },
    { path: '/reports', allowed: ['admin', 'coordinator', 'trainer'] },
    { path: '/reports/bericht.xlsx', allowed: ['admin', 'coordinator', 'trainer'] },
    { path: '/reports/bericht.pdf', allowed: ['admin', 'coordinator', 'trainer'] },
    { path: '/reports/tabelle/termine.csv', allowed: ['admin', 'coordinator', 'trainer'] },
    { path: '/reports/nachweise/{c}.zip', allowed: ['admin'] },
    { path: '/municipalities/{m}/process', allowed: ['admin', 'coordinator'] },
    { path: '/process/overview', allowed: ['admin'] },
    { path: '/process/overview.csv', allowed: ['admin'] },
    { path: '/process/overview.xlsx', allowed: ['admin'] },
    { path: '/attendance/missing', allowed: ['admin', 'trainer'] },
    { path: '/cohorts/{c}/copy', allowed: ['admin'] },
  ];

  it.each(matrix)(
    'GET $path: allowed for $allowed, 403 for other roles, login for anonymous',
    async ({ path, allowed }) => {
      const db = ctx.database.db;
      const { m, c, offering, url: urlOf } = await buildWorld(ctx.database.db);
      const url = urlOf(path);
      expect((await request(ctx.app).get(url)).status).toBe(302);
      for (const role of ['admin', 'coordinator', 'trainer', 'trainee'] as Role[]) {
        const user = await makeUser(db, {
          role,
          municipalityId: role === 'coordinator' || role === 'trainee' ? m.id : null,
        });
        if (role === 'trainer') await db.insert(offeringTrainers).values({ offeringId: offering.id, userId: user.id });
        if (role === 'trainee') await enrol(db, c.id, user);
        const agent = await signIn(ctx.app, user.email);
        const res = await agent.get(url);
        expect([role, url, res.status]).toEqual([role, url, allowed.includes(role) ? 200 : 403]);
      }
    },
  );

  it.each([
    ['/people', ['admin', 'coordinator']],
    ['/people/{p}', ['admin', 'coordinator']],
    ['/people/{p}/deactivate', ['admin', 'coordinator']],
    ['/people/{p}/activate', ['admin', 'coordinator']],
    ['/people/{p}/invite', ['admin', 'coordinator']],
    ['/municipalities', ['admin']],
    ['/municipalities/{m}', ['admin']],
    ['/admin/catalogue/sync', ['admin']],
    ['/cohorts', ['admin']],
    ['/cohorts/{c}', ['admin']],
    ['/cohorts/{c}/municipalities', ['admin']],
    ['/cohorts/{c}/municipalities/{m}/remove', ['admin']],
    ['/cohorts/{c}/offerings', ['admin']],
    ['/offerings/{o}', ['admin']],
    ['/offerings/{o}/delete', ['admin']],
    ['/offerings/{o}/sessions', ['admin']],
    ['/sessions/{s}', ['admin']],
    ['/sessions/{s}/delete', ['admin']],
    ['/cohorts/{c}/nominations', ['admin', 'coordinator']],
    ['/cohorts/{c}/nominations/new', ['coordinator']],
    ['/cohorts/{c}/imports', ['coordinator']],
    ['/cohorts/{c}/imports/1', ['coordinator']],
    ['/enrolments/{e}/confirm', ['admin']],
    ['/enrolments/{e}/reject', ['admin']],
    ['/enrolments/{e}/withdraw', ['admin', 'coordinator']],
    ['/schedule/feed', ['trainer', 'trainee']],
    ['/schedule/feed/delete', ['trainer', 'trainee']],
    ['/sessions/{s}/attendance', ['admin', 'trainer']],
    ['/sessions/{s}/attendance/all-present', ['admin', 'trainer']],
    ['/sessions/{s}/checkin', ['admin', 'trainer']],
    ['/sessions/{s}/checkin/close', ['admin', 'trainer']],
    ['/checkin', ['trainee']],
    ['/offerings/{o}/assignments', ['admin', 'trainer']],
    ['/assignments/{a}', ['admin', 'trainer']],
    ['/assignments/{a}/submission', ['trainee']],
    ['/submissions/{sub}/feedback', ['admin', 'trainer']],
    ['/cohorts/{c}/certificates', ['admin']],
    ['/certificates/1/send', ['admin']],
    ['/certificates/1/correct', ['admin']],
    ['/certificates/1/revoke', ['admin']],
    ['/admin/mail/1/retry', ['admin']],
    ['/cohorts/{c}/copy', ['admin']],
    ['/cohorts/{c}/offerings/all', ['admin']],
    ['/cohorts/{c}/confirmations', ['admin']],
    ['/cohorts/{c}/certificates/send', ['admin']],
    ['/at-risk/{c}/{p}', ['admin']],
  ] as Array<[string, Role[]]>)('POST %s is refused (403) for roles outside %j', async (path, allowed) => {
    const { m, url: urlOf } = await buildWorld(ctx.database.db);
    const url = urlOf(path);
    for (const role of (['admin', 'trainer', 'trainee', 'coordinator'] as Role[]).filter((r) => !allowed.includes(r))) {
      const user = await makeUser(ctx.database.db, { role, municipalityId: role === 'trainer' ? null : m.id });
      const agent = await signIn(ctx.app, user.email);
      const token = csrfFrom((await agent.get('/profile')).text);
      const res = await agent.post(url).type('form').send({ _csrf: token, name: 'x', firstName: 'x' });
      expect([role, url, res.status]).toEqual([role, url, 403]);
    }
  });

  it('refuses state changes without a CSRF token even when signed in', async () => {
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    const agent = await signIn(ctx.app, admin.email);
    const res = await agent.post('/municipalities').type('form').send({ name: 'Ohne Token', state: 'Berlin' });
    expect(res.status).toBe(403);
  });
});

describe('headers and cookies', () => {
  it('sends a CSP without inline script and the usual hardening headers', async () => {
    const res = await request(ctx.app).get('/login');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-request-id']).toMatch(/^[\w-]+$/);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax', async () => {
    const res = await request(ctx.app).get('/login');
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('kokoma.sid='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // only in production, see config test
  });

  it('marks the cookie Secure in production', async () => {
    const prod = await createTestContext({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(32),
      TRUST_PROXY: 'true',
    });
    try {
      const res = await request(prod.app).get('/login').set('X-Forwarded-Proto', 'https');
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('kokoma.sid='));
      expect(cookie).toMatch(/Secure/);
      expect(res.headers['strict-transport-security']).toBeDefined();
    } finally {
      await prod.close();
    }
  });
});

describe('error pages', () => {
  it('answers unknown URLs with a German 404 page', async () => {
    const res = await request(ctx.app).get('/gibt-es-nicht');
    expect(res.status).toBe(404);
    expect(res.text).toContain(text('errors.notFoundTitle'));
  });

  it('answers an unexpected error with 500 and a reference, never the details', async () => {
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    const agent = await signIn(ctx.app, admin.email);
    process.env.KOKOMA_TEST_BOOM = '1';
    try {
      const res = await agent.get('/').set('X-Request-Id', 'anfrage-4711');
      expect(res.status).toBe(500);
      expect(res.text).toContain(text('errors.serverTitle'));
      expect(res.text).toContain('Fehlernummer für Rückfragen: anfrage-4711');
      expect(res.text).not.toContain('geheimes Detail');
    } finally {
      delete process.env.KOKOMA_TEST_BOOM;
    }
    expect((await agent.get('/')).status).toBe(200);
  });

  it('escapes what people typed', async () => {
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    const agent = await signIn(ctx.app, admin.email);
    const res = await agent.get('/people?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('&lt;script&gt;');
  });
});
