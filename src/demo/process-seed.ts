import { inArray } from 'drizzle-orm';
import type { Db } from '../platform/db/client';
import { berlinToday } from '../platform/time';
import { users } from '../features/accounts/table';
import { municipalities } from '../features/municipalities/table';
import { municipalityMilestones, municipalityPhases, municipalityProcess } from '../features/process/table';

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
}
