import crypto from 'node:crypto';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { SessionUser } from '../../platform/auth/session-user';
import { endSessionOf, endSessionsOf, sessionsOf } from '../../platform/auth/session-store';
import { recordAudit } from '../../platform/audit';

/** A session's handle on the page: never the session id itself, which would sign in whoever reads the page. */
const handleOf = (sid: string) => crypto.createHash('sha256').update(sid).digest('base64url').slice(0, 22);

export function devicesService(deps: { db: Db; clock: Clock; idleMs: number }) {
  const { db, clock } = deps;
  const list = (userId: number) => sessionsOf(db, userId, clock.now(), deps.idleMs);

  return {
    /** One's own open sessions, this one marked. */
    async mine(actor: SessionUser, currentSid: string) {
      return (await list(actor.id)).map((s) => ({
        handle: handleOf(s.sid),
        device: s.device,
        signedInAt: s.signedInAt,
        lastUsedAt: s.lastUsedAt,
        current: s.sid === currentSid,
      }));
    },

    /** Ends one of one's other sessions by its handle; false when there is none such. */
    async endMine(actor: SessionUser, handle: string, currentSid: string): Promise<boolean> {
      const target = (await list(actor.id)).find((s) => handleOf(s.sid) === handle && s.sid !== currentSid);
      if (!target) return false;
      return db.transaction(async (tx) => {
        if (!(await endSessionOf(tx, actor.id, target.sid))) return false;
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'sessions.ended',
          subjectType: 'user',
          subjectId: actor.id,
          details: { device: target.device, count: 1 },
        });
        return true;
      });
    },

    async endOthers(actor: SessionUser, currentSid: string): Promise<number> {
      return db.transaction(async (tx) => {
        const count = await endSessionsOf(tx, actor.id, currentSid);
        if (count > 0)
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'sessions.ended',
            subjectType: 'user',
            subjectId: actor.id,
            details: { count },
          });
        return count;
      });
    },

    count: async (userId: number) => (await list(userId)).length,

    /** The SPI-Team ends every session of a person (a lost laptop, a suspected break-in). */
    async endAllOf(actor: SessionUser, personId: number): Promise<number> {
      return db.transaction(async (tx) => {
        const count = await endSessionsOf(tx, personId);
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'sessions.ended_by_admin',
          subjectType: 'user',
          subjectId: personId,
          details: { count },
        });
        return count;
      });
    },
  };
}
