/**
 * The harness that runs a program under the mocks is shipped as JavaScript (`tools/stack/bin`),
 * transpiled here with this repository's fixed compiler options: the program's tsconfig, module
 * kind and TypeScript version never touch it. Rebuilt when a source is newer than the build
 * (`npm run build:gate`, `npm ci` through `prepare`, or the first gate run after an edit).
 *   node -r ts-node/register/transpile-only tools/stack/build.ts
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * The repository: the harness and the modules it imports (found by following relative imports,
 * e.g. lib/iam/arn.ts) are compiled under bin/ with their paths from here, so relative imports
 * hold in the build. (This file is never part of the harness, so it is not under bin/.)
 */
const REPO_ROOT = path.resolve(__dirname, "../..");
export const BIN_DIR = path.join(REPO_ROOT, "tools", "stack", "bin");
const ROOTS = [path.join(REPO_ROOT, "tools", "stack", "harness", "main.ts"), path.join(REPO_ROOT, "tools", "stack", "harness", "esmHooks.ts")];
export const HARNESS_ENTRY = path.join(BIN_DIR, "tools", "stack", "harness", "main.js");
const MARKER = path.join(BIN_DIR, ".built");

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  inlineSourceMap: true,
  inlineSources: true,
};

/** The harness's sources: its entries and every module they import by a relative path, transitively. */
function sources(): string[] {
  const seen = new Set<string>();
  const queue = [...ROOTS];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const ref of ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles) {
      if (!ref.fileName.startsWith(".")) continue;
      const target = path.resolve(path.dirname(file), ref.fileName);
      const candidate = [`${target}.ts`, path.join(target, "index.ts")].find((c) => fs.existsSync(c));
      if (candidate) queue.push(candidate);
    }
  }
  return [...seen];
}

/** Transpiles the harness when missing or stale; returns whether it did. */
export function ensureHarnessBuilt(force = false): boolean {
  const files = sources();
  const newest = Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
  if (!force && fs.existsSync(MARKER) && fs.existsSync(HARNESS_ENTRY) && fs.statSync(MARKER).mtimeMs >= newest) return false;
  for (const file of files) {
    const out = path.join(BIN_DIR, path.relative(REPO_ROOT, file).replace(/\.ts$/, ".js"));
    const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions: OPTIONS, fileName: file });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // Several gate runs may build at once: write aside, then rename into place.
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, outputText);
    fs.renameSync(tmp, out);
  }
  fs.writeFileSync(`${MARKER}.${process.pid}`, new Date().toISOString());
  fs.renameSync(`${MARKER}.${process.pid}`, MARKER);
  return true;
}

if (require.main === module) {
  ensureHarnessBuilt(true);
  process.stdout.write(`built ${path.relative(process.cwd(), BIN_DIR)}\n`);
}
