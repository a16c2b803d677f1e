import { certificateContext, type Deps } from './context';
import { issuing } from './issuing';
import { delivery } from './delivery';
import { register } from './register';

export { newCode, CODE } from './codes';
export type { IssueTarget } from './eligibility';

/** The certificates by use case: issuing (and correcting, revoking), delivery, and the register with its verification. */
export function certificatesService(deps: Deps) {
  const ctx = certificateContext(deps);
  return { ...issuing(ctx), ...delivery(ctx), ...register(ctx) };
}
export type CertificatesService = ReturnType<typeof certificatesService>;
