/** The four roles of the platform. Every feature and the guards speak of them; the accounts feature stores them. */
export const ROLES = ['trainee', 'trainer', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
