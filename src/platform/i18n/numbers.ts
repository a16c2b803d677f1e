/**
 * How attendance numbers read, the same on every page and in every export: UE with at most one decimal (German
 * comma), shares as whole percent. A share nobody can compute yet (nothing recorded) is null: the page shows a dash,
 * a file an empty cell.
 */
export const formatUe = (x: number) => String(Math.round(x * 10) / 10).replace('.', ',');
export const formatShare = (x: number) => `${Math.round(x * 100)} %`;
