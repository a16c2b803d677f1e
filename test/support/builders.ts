import type { Db } from '../../src/platform/db/client';
import { hashPassword } from '../../src/platform/auth/password';
import { municipalities } from '../../src/features/municipalities/table';
import { users, type Role, type Sector } from '../../src/features/accounts/table';

export const TEST_PASSWORD = 'Konflikte-gemeinsam-loesen-2027';
let counter = 0;
let hashed: Promise<string> | undefined;

export async function makeMunicipality(db: Db, overrides: Partial<typeof municipalities.$inferInsert> = {}) {
  counter++;
  const [m] = await db
    .insert(municipalities)
    .values({ name: `Teststadt ${counter}`, state: 'Thüringen', ...overrides })
    .returning();
  return m!;
}

export async function makeUser(
  db: Db,
  opts: {
    role: Role;
    municipalityId?: number | null;
    email?: string;
    firstName?: string;
    lastName?: string;
    sector?: Sector;
    active?: boolean;
    withPassword?: boolean;
  },
) {
  counter++;
  hashed ??= hashPassword(TEST_PASSWORD, 10);
  const needsMunicipality = opts.role === 'trainee' || opts.role === 'coordinator';
  // staff accounts (SPI-Team, trainers) carry no municipality: the database refuses one
  const municipalityId = needsMunicipality ? (opts.municipalityId ?? (await makeMunicipality(db)).id) : null;
  const [u] = await db
    .insert(users)
    .values({
      email: opts.email ?? `person${counter}@test.example`,
      firstName: opts.firstName ?? 'Test',
      lastName: opts.lastName ?? `Person ${counter}`,
      role: opts.role,
      municipalityId,
      sector: opts.sector ?? (opts.role === 'trainee' ? 'verwaltung' : null),
      active: opts.active ?? true,
      passwordHash: opts.withPassword === false ? null : await hashed,
    })
    .returning();
  return u!;
}
