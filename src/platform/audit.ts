import type { Db } from './db/client';
import { auditLog } from './audit-table';

export type AuditEntry = {
  actorId: number | null;
  action: string;
  subjectType: string;
  subjectId?: number | null;
  details?: Record<string, unknown>;
};

/** Written inside the same transaction as the change it describes, never afterwards as a best effort. */
export async function recordAudit(tx: Db, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    details: entry.details ?? {},
  });
}
