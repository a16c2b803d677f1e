import { asc, count, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import { recordAudit } from '../../platform/audit';
import { NotFound, uniqueViolationToFormError } from '../../platform/errors';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { municipalities, type Municipality } from './table';
import type { MunicipalityInput } from './schemas';
import { t } from './texts';

const DUPLICATE = t('messages.municipalityDuplicate');

export function municipalitiesService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /** All municipalities with the number of people in each, in one query. */
    listWithCounts: () =>
      db
        .select({ municipality: municipalities, people: count(users.id) })
        .from(municipalities)
        .leftJoin(users, eq(users.municipalityId, municipalities.id))
        .groupBy(municipalities.id)
        .orderBy(asc(municipalities.sortName)),

    options: () =>
      db
        .select({ id: municipalities.id, name: municipalities.name })
        .from(municipalities)
        .orderBy(asc(municipalities.sortName)),

    async get(id: number): Promise<Municipality | undefined> {
      return (await db.select().from(municipalities).where(eq(municipalities.id, id)))[0];
    },

    async getOrThrow(id: number): Promise<Municipality> {
      const m = Number.isInteger(id) ? await this.get(id) : undefined;
      if (!m) throw new NotFound();
      return m;
    },

    async create(actor: SessionUser, input: MunicipalityInput): Promise<Municipality> {
      try {
        return await db.transaction(async (tx) => {
          const [row] = await tx.insert(municipalities).values(input).returning();
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'municipality.created',
            subjectType: 'municipality',
            subjectId: row!.id,
            details: input,
          });
          return row!;
        });
      } catch (err) {
        throw uniqueViolationToFormError(err, 'municipalities_name_key', 'name', DUPLICATE);
      }
    },

    async update(actor: SessionUser, id: number, input: MunicipalityInput): Promise<Municipality> {
      try {
        return await db.transaction(async (tx) => {
          const [row] = await tx
            .update(municipalities)
            .set({ ...input, updatedAt: clock.now() })
            .where(eq(municipalities.id, id))
            .returning();
          if (!row) throw new NotFound();
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'municipality.updated',
            subjectType: 'municipality',
            subjectId: id,
            details: input,
          });
          return row;
        });
      } catch (err) {
        throw uniqueViolationToFormError(err, 'municipalities_name_key', 'name', DUPLICATE);
      }
    },
  };
}
