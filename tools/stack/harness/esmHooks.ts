/**
 * Module loader hooks for an ES-module TypeScript program, registered with `module.register`
 * as the language host registers its own: ts-node's ESM hooks, created in the loader thread with
 * the options the harness passes. ts-node comes from the program's project when it has one,
 * else from this repository.
 */
interface TsNode {
  register(options: Record<string, unknown>): unknown;
  createEsmHooks(service: unknown): EsmHooks;
}
interface EsmHooks {
  resolve(specifier: string, context: unknown, next: unknown): Promise<unknown>;
  load(url: string, context: unknown, next: unknown): Promise<unknown>;
}
export interface EsmHookData {
  tsNode: string;
  options: Record<string, unknown>;
}

let data: EsmHookData | undefined;
let hooks: EsmHooks | undefined;

function get(): EsmHooks {
  if (!hooks) {
    if (!data) throw new Error("the gate's ESM hooks were not initialised");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsn = require(data.tsNode) as TsNode;
    hooks = tsn.createEsmHooks(tsn.register(data.options));
  }
  return hooks;
}

export async function initialize(d: EsmHookData): Promise<void> {
  data = d;
}

export async function resolve(specifier: string, context: unknown, next: unknown): Promise<unknown> {
  return get().resolve(specifier, context, next);
}

export async function load(url: string, context: unknown, next: unknown): Promise<unknown> {
  return get().load(url, context, next);
}
