import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { users, SECTORS } from '../accounts/table';
import { municipalities } from '../municipalities/table';
import { countByRole } from '../people/queries';
import { failedMailCount } from '../../platform/mail/mailer';

/** The figures each role's start page shows; each is one aggregate query, never a loop over people. */
export function dashboardService(deps: { db: Db }) {
  const { db } = deps;
  return {
    async forAdmin() {
      const [roles, [m], failedMails] = await Promise.all([
        countByRole(db, {}),
        db.select({ n: count() }).from(municipalities),
        failedMailCount(db),
      ]);
      const openInvites = roles.reduce((a, r) => a + r.invited, 0);
      return { roles, municipalities: m?.n ?? 0, openInvites, failedMails };
    },

    async forCoordinator(municipalityId: number) {
      const [municipality] = await db.select().from(municipalities).where(eq(municipalities.id, municipalityId));
      const rows = await db
        .select({ sector: users.sector, n: count() })
        .from(users)
        .where(and(eq(users.municipalityId, municipalityId), eq(users.role, 'trainee'), eq(users.active, true)))
        .groupBy(users.sector);
      const bySector = SECTORS.map((s) => ({ sector: s, count: rows.find((r) => r.sector === s)?.n ?? 0 }));
      return { municipality, bySector, total: bySector.reduce((a, b) => a + b.count, 0) };
    },

    async forTrainee(userId: number) {
      const [row] = await db
        .select({ user: users, municipality: municipalities.name })
        .from(users)
        .leftJoin(municipalities, eq(municipalities.id, users.municipalityId))
        .where(eq(users.id, userId));
      return row;
    },
  };
}
