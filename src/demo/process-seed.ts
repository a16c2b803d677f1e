import { inArray } from 'drizzle-orm';
import type { Db } from '../platform/db/client';
import { berlinToday } from '../platform/time';
import { users } from '../features/accounts/table';
import { municipalities } from '../features/municipalities/table';
import {
  meetingSteps,
  municipalityMilestones,
  municipalityPhases,
  municipalityProcess,
  processMeetings,
  steeringMembers,
} from '../features/process/table';

type State = 'offen' | 'in_arbeit' | 'erreicht' | 'entfaellt';
/** Months from today (negative: ago), as a date. */
const monthsFrom = (today: string, months: number, day = 15) => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + months, day));
  return d.toISOString().slice(0, 10);
};

/**
 * The five demo municipalities at different points of their way (all invented): Görlitz still in the analysis,
 * Erfurt, Gelsenkirchen and Cottbus in the middle phase while the qualification runs, Rostock in the transfer.
 */
export async function seedDemoProcess(tx: Db, now: Date): Promise<void> {
  const today = berlinToday(now);
  const at = (months: number, day?: number) => monthsFrom(today, months, day);
  const ms = await tx.select().from(municipalities);
  const id = (name: string) => ms.find((m) => m.name === name)!.id;
  const people = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, ['admin@kokoma.example', 'koordination.erfurt@kokoma.example']));
  const spi = people.find((p) => p.email === 'admin@kokoma.example')!.id;
  const jonas = people.find((p) => p.email === 'koordination.erfurt@kokoma.example')?.id ?? null;

  type Plan = {
    name: string;
    health: 'im_plan' | 'aufmerksamkeit' | 'gefaehrdet';
    reason?: string;
    local?: number | null;
    phases: Array<[string, string | null, string | null, string | null, string | null]>;
    milestones: Array<[string, string | null, State, string | null, string?]>;
  };
  const plans: Plan[] = [
    {
      name: 'Erfurt',
      health: 'im_plan',
      local: jonas,
      phases: [
        ['analyse', at(-14, 1), at(-8, 30), at(-14, 10), at(-7, 20)],
        ['qualifizierung', at(-7, 1), at(6, 30), at(-7, 21), null],
        ['transfer', at(7, 1), at(18, 30), null, null],
      ],
      milestones: [
        ['kooperationsvereinbarung', at(-14, 1), 'erreicht', at(-14, 10), 'Unterzeichnet im Rathaus'],
        ['steuerungsgruppe', at(-12, 1), 'erreicht', at(-12, 18), 'Zwölf Mitglieder aus Verwaltung und Vereinen'],
        ['konfliktanalyse', at(-8, 1), 'erreicht', at(-7, 20), 'Vorgestellt in der Steuerungsgruppe'],
        ['konzept', at(-1, 1), 'in_arbeit', null, 'Zweiter Entwurf liegt vor'],
        ['teilnehmende-benannt', at(-5, 1), 'erreicht', at(-5, 12)],
        ['weiterbildung-abgeschlossen', at(5, 30), 'offen', null],
        ['transferplan', at(12, 30), 'offen', null],
        ['verstetigt', at(18, 30), 'offen', null],
      ],
    },
    {
      name: 'Görlitz',
      health: 'aufmerksamkeit',
      reason: 'Die Steuerungsgruppe ist noch nicht vollständig: Vertretungen aus der Zivilgesellschaft fehlen.',
      phases: [
        ['analyse', at(-4, 1), at(3, 30), at(-4, 12), null],
        ['qualifizierung', at(4, 1), at(15, 30), null, null],
        ['transfer', at(16, 1), at(26, 30), null, null],
      ],
      milestones: [
        ['kooperationsvereinbarung', at(-4, 1), 'erreicht', at(-4, 12)],
        ['steuerungsgruppe', at(-2, 1), 'in_arbeit', null, 'Zwei Vereine angefragt'],
        ['konfliktanalyse', at(3, 15), 'offen', null],
      ],
    },
    {
      name: 'Gelsenkirchen',
      health: 'gefaehrdet',
      reason: 'Die Steuerungsgruppe hat seit vier Monaten nicht getagt; die Ansprechperson im Rathaus hat gewechselt.',
      phases: [
        ['analyse', at(-16, 1), at(-9, 30), at(-16, 5), at(-8, 25)],
        ['qualifizierung', at(-8, 1), at(4, 30), at(-8, 26), null],
        ['transfer', at(5, 1), at(16, 30), null, null],
      ],
      milestones: [
        ['kooperationsvereinbarung', at(-16, 1), 'erreicht', at(-16, 5)],
        ['steuerungsgruppe', at(-14, 1), 'erreicht', at(-13, 20)],
        ['konfliktanalyse', at(-9, 1), 'erreicht', at(-8, 25)],
        ['konzept', at(-3, 1), 'in_arbeit', null, 'Abstimmung in der Steuerungsgruppe steht aus'],
        ['teilnehmende-benannt', at(-5, 1), 'erreicht', at(-5, 20)],
      ],
    },
    {
      name: 'Cottbus',
      health: 'im_plan',
      phases: [
        ['analyse', at(-12, 1), at(-6, 30), at(-12, 8), at(-6, 15)],
        ['qualifizierung', at(-6, 1), at(8, 30), at(-6, 16), null],
        ['transfer', at(9, 1), at(20, 30), null, null],
      ],
      milestones: [
        ['kooperationsvereinbarung', at(-12, 1), 'erreicht', at(-12, 8)],
        ['steuerungsgruppe', at(-10, 1), 'erreicht', at(-10, 22)],
        ['konfliktanalyse', at(-6, 1), 'erreicht', at(-6, 15)],
        ['konzept', at(-2, 1), 'erreicht', at(-2, 9), 'Beschlossen mit drei Handlungsfeldern'],
        ['teilnehmende-benannt', at(-4, 1), 'erreicht', at(-4, 3)],
      ],
    },
    {
      name: 'Rostock',
      health: 'im_plan',
      phases: [
        ['analyse', at(-30, 1), at(-24, 30), at(-30, 4), at(-24, 20)],
        ['qualifizierung', at(-24, 1), at(-6, 30), at(-24, 21), at(-6, 10)],
        ['transfer', at(-6, 1), at(6, 30), at(-6, 11), null],
      ],
      milestones: [
        ['kooperationsvereinbarung', at(-30, 1), 'erreicht', at(-30, 4)],
        ['steuerungsgruppe', at(-28, 1), 'erreicht', at(-28, 14)],
        ['konfliktanalyse', at(-25, 1), 'erreicht', at(-24, 20)],
        ['konzept', at(-20, 1), 'erreicht', at(-20, 12)],
        ['teilnehmende-benannt', at(-19, 1), 'erreicht', at(-19, 5)],
        ['weiterbildung-abgeschlossen', at(-7, 1), 'erreicht', at(-6, 10), 'Elf Zertifikate'],
        [
          'transferplan',
          at(-2, 1),
          'erreicht',
          at(-1, 28),
          'Anlaufstelle im Stadtteilbüro, getragen von Stadt und Verein',
        ],
        ['verstetigt', at(6, 30), 'in_arbeit', null],
      ],
    },
  ];
  for (const p of plans) {
    const municipalityId = id(p.name);
    await tx.insert(municipalityProcess).values({
      municipalityId,
      externalFacilitatorId: spi,
      localFacilitatorId: p.local ?? null,
      health: p.health,
      healthReason: p.reason ?? '',
      healthSetAt: now,
      healthSetById: spi,
    });
    await tx.insert(municipalityPhases).values(
      p.phases.map(([phaseKey, plannedStart, plannedEnd, actualStart, actualEnd]) => ({
        municipalityId,
        phaseKey,
        plannedStart,
        plannedEnd,
        actualStart,
        actualEnd,
        updatedById: spi,
      })),
    );
    await tx.insert(municipalityMilestones).values(
      p.milestones.map(([milestoneKey, plannedOn, status, reachedOn, note]) => ({
        municipalityId,
        milestoneKey,
        plannedOn,
        status,
        reachedOn,
        note: note ?? '',
        updatedById: spi,
      })),
    );
  }
  // Erfurt's steering group and meetings log; Gelsenkirchen's stalled group; a supervision only the tandem sees
  const erfurt = id('Erfurt');
  await tx.insert(steeringMembers).values([
    {
      municipalityId: erfurt,
      name: 'Dr. Katrin Vogel',
      organisation: 'Stadt Erfurt, Amt für Bildung',
      sector: 'verwaltung',
      role: 'Vorsitz',
      joinedOn: at(-12, 18),
    },
    {
      municipalityId: erfurt,
      name: 'Jonas Weber',
      organisation: 'Radio Frei e.V.',
      sector: 'zivilgesellschaft',
      role: 'Lokale Prozessbegleitung',
      joinedOn: at(-12, 18),
    },
    {
      municipalityId: erfurt,
      name: 'Murat Aydın',
      organisation: 'Stadtteilzentrum Herrenberg',
      sector: 'zivilgesellschaft',
      role: 'Vertretung der Stadtteilarbeit',
      joinedOn: at(-12, 18),
    },
    {
      municipalityId: erfurt,
      name: 'Anke Sommer',
      organisation: 'Staatliche Gemeinschaftsschule 3',
      sector: 'bildung',
      role: 'Schulleitung',
      joinedOn: at(-10, 5),
    },
    {
      municipalityId: erfurt,
      name: 'Peter Krause',
      organisation: 'Polizeiinspektion Erfurt-Nord',
      sector: 'verwaltung',
      role: 'Kontaktbereichsbeamter',
      joinedOn: at(-12, 18),
      leftOn: at(-3, 31),
    },
  ]);
  const meetings = await tx
    .insert(processMeetings)
    .values([
      {
        municipalityId: erfurt,
        heldOn: at(-12, 18),
        kind: 'steuerungsgruppe',
        participants: 11,
        organisations: 'Stadt Erfurt, Radio Frei e.V., Stadtteilzentrum Herrenberg, Polizei',
        sectors: ['verwaltung', 'zivilgesellschaft'],
        decisions:
          'Die Steuerungsgruppe konstituiert sich und tagt alle sechs Wochen.\nDie Konfliktanalyse beginnt mit Gesprächen im Stadtteil.',
        createdById: spi,
      },
      {
        municipalityId: erfurt,
        heldOn: at(-7, 20),
        kind: 'steuerungsgruppe',
        participants: 9,
        organisations: 'Stadt Erfurt, Radio Frei e.V., Gemeinschaftsschule 3',
        sectors: ['verwaltung', 'bildung', 'zivilgesellschaft'],
        decisions:
          'Die Konfliktanalyse ist vorgestellt und angenommen. Sechs Personen werden für die Weiterbildung benannt.',
        createdById: spi,
      },
      {
        municipalityId: erfurt,
        heldOn: at(-1, 10),
        kind: 'tandem',
        participants: 2,
        organisations: 'Stiftung SPI, Radio Frei e.V.',
        sectors: ['zivilgesellschaft'],
        decisions: 'Zweiter Entwurf des Konzepts besprochen; Rückmeldungen der Schule fehlen noch.',
        createdById: spi,
      },
      {
        municipalityId: erfurt,
        heldOn: at(-2, 3),
        kind: 'supervision',
        participants: 3,
        organisations: 'Stiftung SPI, Radio Frei e.V.',
        sectors: ['zivilgesellschaft'],
        decisions: 'Umgang mit Anfeindungen gegen die lokale Prozessbegleitung; Vereinbarung zur Entlastung.',
        createdById: spi,
      },
      {
        municipalityId: id('Gelsenkirchen'),
        heldOn: at(-4, 12),
        kind: 'steuerungsgruppe',
        participants: 5,
        organisations: 'Stadt Gelsenkirchen, Quartiersbüro',
        sectors: ['verwaltung', 'zivilgesellschaft'],
        decisions: 'Neue Ansprechperson im Rathaus wird gesucht.',
        createdById: spi,
      },
    ])
    .returning({ id: processMeetings.id });
  await tx.insert(meetingSteps).values([
    {
      meetingId: meetings[0]!.id,
      text: 'Gesprächsleitfaden für die Analyse abstimmen',
      who: 'Tandem',
      dueOn: at(-11, 1),
      done: true,
      doneAt: now,
      doneById: spi,
    },
    {
      meetingId: meetings[1]!.id,
      text: 'Nominierungen an das SPI-Team senden',
      who: 'Dr. Katrin Vogel',
      dueOn: at(-6, 1),
      done: true,
      doneAt: now,
      doneById: spi,
    },
    {
      meetingId: meetings[2]!.id,
      text: 'Rückmeldung der Schule zum Konzept einholen',
      who: 'Anke Sommer',
      dueOn: at(-1, 25),
    },
    {
      meetingId: meetings[2]!.id,
      text: 'Konzept in die nächste Steuerungsgruppe geben',
      who: 'Jonas Weber',
      dueOn: at(1, 20),
    },
    {
      meetingId: meetings[4]!.id,
      text: 'Ansprechperson im Rathaus benennen',
      who: 'Stadt Gelsenkirchen',
      dueOn: at(-3, 1),
    },
  ]);
}
