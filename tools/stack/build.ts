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

export const STACK_DIR = __dirname.endsWith(`${path.sep}bin`) ? path.dirname(__dirname) : __dirname;
export const BIN_DIR = path.join(STACK_DIR, "bin");
export const HARNESS_ENTRY = path.join(BIN_DIR, "harness", "main.js");
const MARKER = path.join(BIN_DIR, ".built");

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  inlineSourceMap: true,
  inlineSources: true,
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p === BIN_DIR ? [] : sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** Transpiles the harness when missing or stale; returns whether it did. */
export function ensureHarnessBuilt(force = false): boolean {
  const files = sources(STACK_DIR);
  const newest = Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
  if (!force && fs.existsSync(MARKER) && fs.existsSync(HARNESS_ENTRY) && fs.statSync(MARKER).mtimeMs >= newest) return false;
  for (const file of files) {
    const out = path.join(BIN_DIR, path.relative(STACK_DIR, file).replace(/\.ts$/, ".js"));
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
