/**
 * German alphabetical order for names (Ø after O, Ş after S, Ł after L). The embedded database sorts by byte order,
 * so lists of people that are shown as a whole are sorted here.
 */
const collator = new Intl.Collator('de', { sensitivity: 'base' });

export const compareText = (a: string, b: string) => collator.compare(a, b);

export const byName = (a: { lastName: string; firstName: string }, b: { lastName: string; firstName: string }) =>
  collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName);
