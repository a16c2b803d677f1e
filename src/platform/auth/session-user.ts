import type { Role } from './roles';

/** What a request knows of the signed-in person; loaded fresh on every request so a role change or deactivation counts at once. */
export type SessionUser = {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  municipalityId: number | null;
};
