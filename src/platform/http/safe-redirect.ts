/** Only local paths: "/x" yes; "//evil.example", "/\\evil", "https://…" and anything odd fall back to "/". */
export function localPath(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\\]/.test(next)) return '/';
  return next;
}
