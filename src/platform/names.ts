/** "Aylin Kaya": how a person is named in running text, mails and PDFs. */
export const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;

/** "Kaya, Aylin": how a person is listed in tables sorted by surname. */
export const listName = (p: { firstName: string; lastName: string }) => `${p.lastName}, ${p.firstName}`;

/** "Durchgang 2026/27 Mitte" → "durchgang-2026-27-mitte": a name as part of a download's file name. */
export const fileSlug = (s: string) =>
  s
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
