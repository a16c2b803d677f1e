import type { Response } from 'supertest';
import { agentFor, createTestContext, csrfFrom, signIn, type Agent, type TestContext } from './support/app';
import { makeUser } from './support/builders';
import { enrol } from './support/cohorts';
import { allRoutes, buildWorld } from './support/routes';
import { offeringTrainers } from '../src/features/cohorts/table';
import type { Role } from '../src/features/accounts/table';

/**
 * Walks the real route table: every GET and POST, as every role and signed out, with odd ids (too large for an int4,
 * negative, words, NUL), odd strings in the other params and in every form field (NUL, control and bidi characters,
 * arrays where one value belongs, huge numbers, impossible dates). Whatever a client sends, the answer is never 5xx.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const ODD_IDS = ['9999999999', '2147483648', '-1', '0', 'abc', '1.5', '%00', '1%00'];
const ODD_TEXT = ['%00', '%E2%80%AEgpj.exe', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(300), "'%22%3Cscript%3E"];
const ODD_QUERY =
  '?q=%00%01&page=99999999999&municipality=99999999999&cohort=%00&code=%00&status=%00&role=admin&role=trainer&vorlage=..%2F..%2Fx&next=%00' +
  '&zeitraum=frei&von=%00&bis=99999-99-99&jahr=%00&durchgang=%00&durchgang=99999999999&kommune=-1&kommune[a]=1';

/** A form that fits no route and all of them: each field odd in its own way. */
const oddBody = (csrf: string) => ({
  _csrf: csrf,
  firstName: 'A\u0000b',
  lastName: '\u202eegamI',
  email: ['a@b.de', 'c@d.de'],
  role: ['admin', 'trainee'],
  municipalityId: '99999999999',
  sector: '\u0000',
  organisation: 'x'.repeat(5000),
  jobTitle: '\u0001',
  name: '\u0000',
  state: ['Berlin', 'Bayern'],
  userId: '9999999999',
  id: '-1',
  kind: ['teilnahme', 'zertifikat'],
  target: '9999999999:zertifikat:-',
  date: '2026-02-30',
  startTime: '25:99',
  endTime: '24:00',
  ue: '1e9',
  quota: '99999999999',
  seats: '-5',
  startsOn: '0000-00-00',
  endsOn: '31.02.2027',
  status: 'anwesend\u0000',
  moduleId: '2147483648',
  position: '-0',
  trainerIds: ['1', 'x', '99999999999'],
  code: '\u0000123456',
  minutes: '1e9',
  text: 'a\u0000'.repeat(1000),
  reason: '\u0000',
  decision: ['bestanden', 'ueberarbeiten'],
  points: '99999999999',
  submit: ['ja', 'nein'],
  removeFile: ['99999999999'],
  title: '\u0000',
  instructions: '\u0000',
  dueDate: '2026-13-01',
  dueTime: '99:99',
  allowedKinds: 'exe',
  maxFileMb: '999',
  maxFiles: '0',
  grading: 'x',
  required: ['ja', 'ja'],
  s_1: 'anwesend',
  o_1: 'x|y|z',
  m_1: '-1',
  n_1: '\u0000',
  [`s_99999999999`]: 'x',
  [`o_99999999999`]: '0|||',
  done: ['1', '0'],
  password: ['a', 'b'],
  currentPassword: '\u0000',
  newPassword: 'x',
  confirm: 'y',
  newEmail: '\u0000@x.de',
  emailPassword: ['a'],
  next: '\u0000//evil.example',
  certificateTitle: ['a', 'b'],
  videoUrl: 'javascript:alert(1)',
  location: '\u0000',
  partnership: '\u0000',
  localFacilitatorEmail: '\u0000',
  externalFacilitatorEmail: 'x@',
  vorlage: '../../x',
});

function variants(path: string, ids: Record<string, number>): string[] {
  const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  // the real record behind each kind of id, so that handlers get past their look-ups and meet the odd body
  const real = (name: string) => {
    if (name === 'sessionId') return ids.s;
    if (name === 'offeringId') return ids.o;
    if (name === 'municipalityId') return ids.m;
    const prefix = path.split('/')[1];
    const byPrefix: Record<string, number | undefined> = {
      people: ids.p,
      cohorts: ids.c,
      municipalities: ids.m,
      enrolments: ids.e,
      assignments: ids.a,
      submissions: ids.sub,
      'certificate-runs': ids.run,
    };
    return byPrefix[prefix ?? ''] ?? 1;
  };
  const fill = (value: (name: string) => string) => path.replace(/:(\w+)/g, (_, name: string) => value(name));
  const isId = (name: string) => name === 'id' || name.endsWith('Id');
  const out = [fill((n) => (isId(n) ? String(real(n)) : 'gibt-es-nicht'))];
  if (params.length === 0) return out;
  for (const odd of ODD_IDS) out.push(fill((n) => (isId(n) ? odd : 'x')));
  for (const odd of ODD_TEXT) out.push(fill((n) => (isId(n) ? String(real(n)) : odd)));
  return out;
}

it('no route answers 5xx to anything a client can send, as any role or signed out', async () => {
  const db = ctx.database.db;
  const world = await buildWorld(db);
  const agents: Array<{ role: Role | 'anonym'; agent: Agent; csrf: string }> = [];
  const anonymous = agentFor(ctx.app);
  agents.push({ role: 'anonym', agent: anonymous, csrf: csrfFrom((await anonymous.get('/login')).text) });
  for (const role of ['admin', 'coordinator', 'trainer', 'trainee'] as Role[]) {
    const user = await makeUser(db, { role, municipalityId: world.m.id });
    if (role === 'trainer')
      await db.insert(offeringTrainers).values({ offeringId: world.offering.id, userId: user.id });
    if (role === 'trainee') await enrol(db, world.c.id, user);
    const agent = await signIn(ctx.app, user.email);
    agents.push({ role, agent, csrf: csrfFrom((await agent.get('/profile')).text) });
  }
  const routes = allRoutes(ctx.app).filter((r) => !(r.method === 'post' && r.path === '/logout'));
  expect(routes.length).toBeGreaterThan(100);
  const failures: string[] = [];
  let requests = 0;
  for (const r of routes) {
    for (const url of variants(r.path, world.ids)) {
      for (const a of agents) {
        let res: Response;
        if (r.method === 'get') res = await a.agent.get(url + ODD_QUERY);
        else res = await a.agent.post(url).type('form').send(oddBody(a.csrf));
        requests++;
        if (res.status >= 500) failures.push(`${r.method.toUpperCase()} ${url} as ${a.role}: ${res.status}`);
      }
    }
  }
  expect(failures).toEqual([]);
  expect(requests).toBeGreaterThan(2000);
}, 600_000);
