/** German e-mail texts. Plain text: readable in every client, by screen readers, and without remote content. */
const signature = `\n\nMit freundlichen Grüßen\nIhr SPI-Team von KoKoMa Campus\n\n--\nKoKoMa Campus · Stiftung SPI · Bundesprogramm „Demokratie leben!“\nDiese Nachricht wurde automatisch versandt.`;

export function inviteMail(p: { firstName: string; lastName: string; link: string; validDays: number; invitedBy: string }) {
  return {
    subject: 'Ihr Zugang zu KoKoMa Campus',
    text:
      `Guten Tag ${p.firstName} ${p.lastName},\n\n` +
      `${p.invitedBy} hat für Sie einen Zugang zu KoKoMa Campus angelegt, der Lernplattform der Weiterbildung ` +
      `„kommunale:r Konfliktmanager:in“ der Stiftung SPI.\n\n` +
      `Bitte legen Sie über diesen Link Ihr Passwort fest:\n${p.link}\n\n` +
      `Der Link gilt ${p.validDays} Tage und kann nur einmal verwendet werden. Falls er abgelaufen ist, ` +
      `wählen Sie auf der Anmeldeseite „Passwort vergessen?“.` +
      signature,
  };
}

export function resetMail(p: { firstName: string; lastName: string; link: string }) {
  return {
    subject: 'Passwort für KoKoMa Campus zurücksetzen',
    text:
      `Guten Tag ${p.firstName} ${p.lastName},\n\n` +
      `für Ihr Konto bei KoKoMa Campus wurde ein neues Passwort angefordert. Über diesen Link legen Sie es fest:\n${p.link}\n\n` +
      `Der Link gilt eine Stunde und kann nur einmal verwendet werden. Wenn Sie kein neues Passwort angefordert haben, ` +
      `können Sie diese Nachricht ignorieren; Ihr bisheriges Passwort bleibt gültig.` +
      signature,
  };
}
