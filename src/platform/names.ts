/** "Aylin Kaya": how a person is named in running text, mails and PDFs. */
export const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;

/** "Kaya, Aylin": how a person is listed in tables sorted by surname. */
export const listName = (p: { firstName: string; lastName: string }) => `${p.lastName}, ${p.firstName}`;
