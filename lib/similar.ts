/** Spelling distance and "did you mean" for names a person types (config keys, policy names). */

/** Edits (insert, delete, substitute) between two strings. */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The known name closest to `typed` (case-insensitive), if it is within a third of its length. */
export function closest(typed: string, known: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = levenshtein(typed.toLowerCase(), k.toLowerCase());
    if (best === undefined || d < best.d) best = { name: k, d };
  }
  return best !== undefined && best.d <= Math.max(2, Math.floor(typed.length / 3)) ? best.name : undefined;
}
