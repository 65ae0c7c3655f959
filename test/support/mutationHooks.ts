/**
 * Root hooks for `npm run mutate` (StrykerJS, mocha runner), loaded with `--require`:
 *  - memo caches are emptied before every run of the suite, so a result computed while one
 *    mutant was active is never served while the next one is;
 *  - code run in a suite's `before` hooks is credited to every test of that suite (StrykerJS's
 *    per-test coverage otherwise credits it to whichever test ran last, in another suite), so a
 *    mutant reached only there is run against the tests that read what the hook computed.
 * Outside a StrykerJS run (no `__stryker__` global) the hooks only reset the caches.
 */
import { Suite } from "mocha";
import { resetMemoCaches } from "../../lib/iam/memo";

interface StrykerGlobal {
  currentTestId?: string;
  mutantCoverage?: { perTest?: Record<string, Record<string, number>> };
}

const stryker = (): StrykerGlobal | undefined => (globalThis as { __stryker__?: StrykerGlobal }).__stryker__;

function testsOf(suite: Suite): string[] {
  return [...suite.tests.map((t) => t.fullTitle()), ...suite.suites.flatMap(testsOf)];
}

/** Runs `fn` with coverage recorded under a tag, then adds that coverage to each test of `suite`. */
async function credited(suite: Suite, fn: () => unknown): Promise<void> {
  const ns = stryker();
  if (!ns) return void (await fn());
  const tag = `before hook of ${suite.fullTitle()}`;
  const previous = ns.currentTestId;
  ns.currentTestId = tag;
  try {
    await fn();
  } finally {
    ns.currentTestId = previous;
    const perTest = ns.mutantCoverage?.perTest;
    const hit = perTest?.[tag];
    if (perTest && hit) {
      for (const id of testsOf(suite)) {
        const target = (perTest[id] ??= {});
        for (const [mutant, count] of Object.entries(hit)) target[mutant] = (target[mutant] ?? 0) + count;
      }
      delete perTest[tag];
    }
  }
}

type HookFn = (this: Mocha.Context, done?: Mocha.Done) => unknown;
const originalBeforeAll = Suite.prototype.beforeAll as (this: Suite, title: string | HookFn, fn?: HookFn) => Suite;
Suite.prototype.beforeAll = function (this: Suite, title: string | HookFn, fn?: HookFn): Suite {
  const hook = (typeof title === "function" ? title : fn) as HookFn;
  const name = typeof title === "string" ? title : hook.name;
  const suite = this;
  const wrapped =
    hook.length > 0
      ? function (this: Mocha.Context, done?: Mocha.Done) {
          credited(suite, () => new Promise<void>((resolve, reject) => hook.call(this, (err?: unknown) => (err ? reject(err) : resolve())))).then(() => done?.(), done);
        }
      : function (this: Mocha.Context) {
          return credited(suite, () => hook.call(this));
        };
  return originalBeforeAll.call(this, name, wrapped);
} as typeof Suite.prototype.beforeAll;

export const mochaHooks = {
  beforeAll(): void {
    resetMemoCaches();
  },
};
