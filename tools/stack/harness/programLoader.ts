/**
 * Loads a Pulumi program as the language host does: ts-node for a TypeScript entry (CommonJS
 * `register`, or ESM hooks through `module.register` for a `"type": "module"` package), then
 * `require` or `import()`. The program's own TypeScript and ts-node are used when its project
 * has them, else this repository's; the program's tsconfig applies to the program only: the
 * harness is JavaScript already, so nothing of the gate is compiled with the user's settings.
 * Type-checking is the program's own build's job: the gate only transpiles.
 */
import * as fs from "fs";
import { createRequire, register } from "module";
import * as path from "path";
import { pathToFileURL } from "url";
import { EsmHookData } from "./esmHooks";
import { entryFile, ProgramEntry } from "./programEntry";

interface TypeScriptApi {
  version: string;
  sys: unknown;
  readConfigFile(file: string, read: (p: string) => string | undefined): { config?: unknown; error?: unknown };
  parseJsonConfigFileContent(json: unknown, host: unknown, basePath: string): { options: { module?: number; verbatimModuleSyntax?: boolean } };
  ModuleKind: Record<string, number>;
}

// A dynamic import the CommonJS output keeps as import() (as the language host does).
// eslint-disable-next-line no-eval
const dynamicImport = (0, eval)("u => import(u)") as (url: string) => Promise<Record<string, unknown>>;

function resolveFrom(dir: string, name: string): string {
  try {
    return createRequire(path.join(dir, "noop.js")).resolve(name);
  } catch {
    return require.resolve(name);
  }
}

/** Compiler options that let a CommonJS program load whatever its tsconfig's `module` says. */
function commonJsOverrides(ts: TypeScriptApi, entry: ProgramEntry): Record<string, unknown> {
  if (!entry.tsconfig) return { target: "ES2020", module: "commonjs", moduleResolution: "node" };
  const read = ts.readConfigFile(entry.tsconfig, (p) => fs.readFileSync(p, "utf8"));
  const options = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, path.dirname(entry.tsconfig)).options;
  const kind = options.module;
  const nodeKinds = ["CommonJS", "Node16", "Node18", "Node20", "NodeNext"].map((k) => ts.ModuleKind[k]).filter((k) => k !== undefined);
  if (kind === undefined || nodeKinds.includes(kind)) return {};
  // An ES-module `module` in a CommonJS package: Node would refuse the output; compile it as CommonJS.
  return { module: "commonjs", moduleResolution: "node", ...(options.verbatimModuleSyntax ? { verbatimModuleSyntax: false } : {}) };
}

export function registerTypeScript(entry: ProgramEntry, harnessDir: string): { typescript: string; tsNode: string } {
  const tsPath = resolveFrom(entry.packageRoot, "typescript");
  const tsNode = resolveFrom(entry.packageRoot, "ts-node");
  const base = { compiler: tsPath, transpileOnly: true, project: entry.tsconfig, skipProject: !entry.tsconfig };
  if (entry.isModule) {
    const data: EsmHookData = { tsNode, options: { ...base, compilerOptions: entry.tsconfig ? {} : { target: "ES2022", module: "nodenext", moduleResolution: "nodenext" } } };
    register(pathToFileURL(path.join(harnessDir, "esmHooks.js")).href, { data });
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require(tsPath) as TypeScriptApi;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsn = require(tsNode) as { register(o: Record<string, unknown>): unknown };
    tsn.register({ ...base, compilerOptions: commonJsOverrides(ts, entry) });
  }
  return { typescript: tsPath, tsNode };
}

/** Loads the program and returns what it exports (a function's result, awaited, as the language host does). */
export async function loadProgram(entry: ProgramEntry): Promise<unknown> {
  let exported: unknown;
  if (entry.isModule) {
    const file = entryFile(entry.program, true);
    if (!file) throw new Error(`No entrypoint found in ${entry.program}`);
    const mod = await dynamicImport(pathToFileURL(file).href);
    if (Object.getOwnPropertyDescriptor(mod, "default") !== undefined) {
      if (Object.keys(mod).length !== 1) throw new Error("expected entrypoint module to have either a default export or named exports but not both");
      exported = mod.default;
    } else exported = mod;
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exported = require(entry.program.endsWith(path.sep) || !fs.statSync(entry.program).isDirectory() ? entry.program : entry.program + path.sep);
  }
  return exported instanceof Function ? await exported() : exported;
}
