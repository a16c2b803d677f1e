import crypto from 'node:crypto';

/** Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L): printable and typable. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function newCode(): string {
  const bytes = crypto.randomBytes(10);
  return [...bytes]
    .map((b) => ALPHABET[b % ALPHABET.length])
    .join('')
    .replace(/^(.{5})/, '$1-');
}
export const CODE = /^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/;
