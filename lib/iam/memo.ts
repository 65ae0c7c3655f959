/**
 * Module-level memo caches (compiled wildcards, the action catalog, parsed documents) register
 * how to empty themselves here. Results never depend on a cache being warm; emptying them lets a
 * run start from scratch, e.g. between the mutants of `npm run mutate`, where a result computed
 * under one mutant must not be served to the next.
 */
const resets: (() => void)[] = [];

export function registerMemoCache(reset: () => void): void {
  resets.push(reset);
}

export function resetMemoCaches(): void {
  for (const reset of resets) reset();
}

/**
 * `compute` memoised by its string argument: each key is computed once and kept, up to `limit`
 * keys (then the cache starts afresh, so memory stays bounded); emptied by `resetMemoCaches`.
 */
export function memoize<T>(compute: (key: string) => T, limit: number): (key: string) => T {
  const cache = new Map<string, T>();
  registerMemoCache(() => cache.clear());
  return (key) => {
    if (cache.has(key)) return cache.get(key) as T;
    const value = compute(key);
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
    return value;
  };
}
