/**
 * Where a program starts and how it is loaded, decided as the Pulumi Node.js language host
 * decides: Pulumi.yaml `main`, package.json `exports`/`main`, `"type": "module"`, TypeScript only
 * for a TypeScript entry, `runtime.options.typescript` and `tsconfig`.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { resolveEntry } from "../../tools/stack/harness/programEntry";

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entry-"));
  for (const [name, text] of Object.entries({ "Pulumi.yaml": "name: demo\nruntime: nodejs\n", ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("finding a program's entry as the Pulumi language host does", function () {
  const made: string[] = [];
  const p = (files: Record<string, string>) => {
    const dir = project(files);
    made.push(dir);
    return dir;
  };
  after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("takes package.json main, and TypeScript from the entry's extension", function () {
    const dir = p({ "package.json": JSON.stringify({ main: "src/app.ts" }), "src/app.ts": "", "tsconfig.json": "{}" });
    const e = resolveEntry(dir);
    assert.strictEqual(e.program, path.join(dir, "src/app.ts"));
    assert.strictEqual(e.typescript, true);
    assert.strictEqual(e.isModule, false);
    assert.strictEqual(e.tsconfig, path.join(dir, "tsconfig.json"));
  });

  it("prefers package.json exports over main, and Pulumi.yaml main over both", function () {
    const exportsDir = p({ "package.json": JSON.stringify({ main: "a.js", exports: { ".": { import: "b.mjs" } }, type: "module" }), "a.js": "", "b.mjs": "" });
    assert.strictEqual(resolveEntry(exportsDir).program, path.join(exportsDir, "b.mjs"));
    assert.strictEqual(resolveEntry(exportsDir).isModule, true);
    assert.strictEqual(resolveEntry(exportsDir).typescript, false, "a JavaScript entry gets no ts-node");
    const mainDir = p({ "Pulumi.yaml": "name: demo\nruntime: nodejs\nmain: infra/\n", "package.json": JSON.stringify({ main: "a.js" }), "a.js": "", "infra/index.ts": "" });
    assert.strictEqual(resolveEntry(mainDir).program, path.join(mainDir, "infra"));
    assert.strictEqual(resolveEntry(mainDir).typescript, true, "a folder with index.ts and no index.js is TypeScript");
  });

  it("loads index.js before index.ts in a folder, and honours typescript: false and a tsconfig option", function () {
    const both = p({ "index.js": "", "index.ts": "" });
    assert.strictEqual(resolveEntry(both).typescript, false);
    const off = p({ "Pulumi.yaml": "name: demo\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n    tsconfig: tsconfig.pulumi.json\n", "index.ts": "", "tsconfig.pulumi.json": "{}" });
    assert.strictEqual(resolveEntry(off).typescript, false);
    assert.strictEqual(resolveEntry(off).tsconfig, path.join(off, "tsconfig.pulumi.json"));
  });

  it("does not take the package.json of a folder above the project as the program's", function () {
    const outer = p({ "package.json": JSON.stringify({ main: "outer.ts" }), "outer.ts": "" });
    const inner = path.join(outer, "programs/team");
    fs.mkdirSync(inner, { recursive: true });
    fs.writeFileSync(path.join(inner, "Pulumi.yaml"), "name: team\nruntime: nodejs\n");
    fs.writeFileSync(path.join(inner, "index.ts"), "");
    const e = resolveEntry(inner);
    assert.strictEqual(e.program, inner);
    assert.strictEqual(e.packageRoot, inner);
  });
});
