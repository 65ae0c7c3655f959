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
