import type { CompletionRule } from '../catalogue/table';
import { t } from './texts';
import { formatUe } from '../../platform/i18n/numbers';
import type { PersonLedger } from '../attendance/queries';

export type OfferingFacts = {
  offeringId: number;
  title: string;
  kind: 'praesenz' | 'online';
  requiredAssignments: Array<{ title: string; passed: boolean }>;
  lessons: { total: number; done: number };
};

export type OfferingCompletion = {
  offeringId: number;
  title: string;
  kind: 'praesenz' | 'online';
  completed: boolean;
  missing: string[];
};
export type Completion = {
  eligible: boolean;
  offerings: OfferingCompletion[];
  /** What the qualification still needs, in German, short: "3 weitere Präsenzmodule", "14,4 UE Anwesenheit". */
  missing: string[];
  /** Completed modules by kind, and how many the rule needs: the same numbers on every page. */
  modules: { praesenz: number; online: number; praesenzNeeded: number; onlineNeeded: number };
};

/**
 * The completion rule, evaluated on facts: a module offering is completed when its attendance reaches the rule's share,
 * its required assignments are passed and its online lessons are done; the qualification when enough in-person and
 * online modules are completed, every required assignment is passed and enough of the scheduled UE were attended.
 * What is missing comes back in German, ready to show ("Noch offen: …").
 */
export function evaluate(rule: CompletionRule, ledger: PersonLedger, facts: OfferingFacts[]): Completion {
  const offerings = facts.map((f): OfferingCompletion => {
    const l = ledger.offerings.find((o) => o.offering.id === f.offeringId);
    const missing: string[] = [];
    if (!l || l.state !== 'erfuellt')
      missing.push(
        t('completion.attendance', {
          ue: formatUe(l?.ueAttended ?? 0),
          of: formatUe(rule.minUeShare * (l?.ueScheduled ?? 0)),
        }),
      );
    for (const a of f.requiredAssignments.filter((x) => !x.passed))
      missing.push(t('completion.assignment', { title: a.title }));
    const lessonsLeft = f.lessons.total - f.lessons.done;
    if (rule.lessonsRequired && lessonsLeft > 0) missing.push(t('completion.lessons', { count: lessonsLeft }));
    return { offeringId: f.offeringId, title: f.title, kind: f.kind, completed: missing.length === 0, missing };
  });
  const missing: string[] = [];
  const done = (k: 'praesenz' | 'online') => offerings.filter((o) => o.kind === k && o.completed).length;
  const praesenz = rule.minPraesenzModules - done('praesenz');
  const online = rule.minOnlineModules - done('online');
  // "weitere" once one is done: "3 weitere Präsenzmodule" reads right beside "1 abgeschlossen (4 nötig)"
  const word = (k: 'praesenz' | 'online', n: number) =>
    t(`completion.${k}${n === 1 ? 'One' : 'Many'}${done(k) > 0 ? 'More' : ''}`);
  if (praesenz > 0) missing.push(`${praesenz} ${word('praesenz', praesenz)}`);
  if (online > 0) missing.push(`${online} ${word('online', online)}`);
  if (rule.requiredAssignmentsPassed) {
    for (const f of facts)
      for (const a of f.requiredAssignments.filter((x) => !x.passed))
        missing.push(t('completion.assignment', { title: a.title }));
  }
  const needUe = Math.ceil(rule.minUeShare * ledger.ueScheduled * 10) / 10;
  if (ledger.ueAttended + 1e-9 < needUe)
    missing.push(
      t('completion.ue', { ue: String(Math.round((needUe - ledger.ueAttended) * 10) / 10).replace('.', ',') }),
    );
  return {
    eligible: missing.length === 0,
    offerings,
    missing,
    modules: {
      praesenz: done('praesenz'),
      online: done('online'),
      praesenzNeeded: rule.minPraesenzModules,
      onlineNeeded: rule.minOnlineModules,
    },
  };
}
