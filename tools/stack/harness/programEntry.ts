/**
 * Where a Pulumi Node.js program starts and how it is loaded, decided as the Pulumi Node.js
 * language host decides (`@pulumi/pulumi/cmd/run`): `main` in Pulumi.yaml, else the package's
 * `exports` or `main`, else the folder; an ES module when package.json says `"type": "module"`;
 * TypeScript when the entry is a `.ts`/`.mts`/`.cts` file (or a folder with `index.ts` and no
 * `index.js`) and `runtime.options.typescript` is not false; the tsconfig from
 * `runtime.options.tsconfig`, else `tsconfig.json` beside Pulumi.yaml.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export interface ProgramEntry {
  projectDir: string;
  /** The folder of the package.json that owns the program (the project folder when there is none). */
  packageRoot: string;
  /** Absolute path of the entry file, or of the folder to load. */
  program: string;
  isModule: boolean;
  typescript: boolean;
  /** Absolute path of the tsconfig, when it exists. */
  tsconfig?: string;
}

interface PulumiYaml {
  main?: string;
  runtime?: string | { name?: string; options?: { typescript?: boolean; tsconfig?: string } };
}

interface PackageJson {
  type?: string;
  main?: string;
  exports?: string | Record<string, string | { default?: string; require?: string; import?: string }>;
}

const TS_EXT = /\.(ts|mts|cts)$/;

function searchUpPackageJson(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, "package.json"))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return {} as T;
  }
}

export function resolveEntry(projectDir: string): ProgramEntry {
  const yamlText = fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8");
  const project = (parse(yamlText) ?? {}) as PulumiYaml;
  const options = typeof project.runtime === "object" ? (project.runtime.options ?? {}) : {};
  const hasEntrypoint = typeof project.main === "string" && project.main !== "." && project.main !== "";
  let program = hasEntrypoint ? path.resolve(projectDir, project.main!) : projectDir;
  const programDir = fs.existsSync(program) && fs.statSync(program).isDirectory() ? program : path.dirname(program);
  // The language host looks for the package manifest from the program up, but not past the project.
  const found = searchUpPackageJson(programDir);
  const packageRoot = found && path.relative(projectDir, found).startsWith("..") === false ? found : programDir;
  const pkg = found === packageRoot ? readJson<PackageJson>(path.join(packageRoot, "package.json")) : {};
  if (!hasEntrypoint) {
    const declared =
      typeof pkg.exports === "string"
        ? pkg.exports
        : pkg.exports && typeof pkg.exports === "object"
          ? typeof pkg.exports["."] === "string"
            ? pkg.exports["."]
            : pkg.exports["."] && (pkg.exports["."].default ?? pkg.exports["."].require ?? pkg.exports["."].import)
          : pkg.main;
    if (declared && fs.existsSync(path.join(packageRoot, declared))) program = path.join(packageRoot, declared);
  }
  const isModule = pkg.type === "module";
  const tsconfig = path.resolve(projectDir, options.tsconfig ?? "tsconfig.json");
  return {
    projectDir,
    packageRoot,
    program,
    isModule,
    typescript: options.typescript !== false && isTypeScriptEntry(program, isModule),
    tsconfig: fs.existsSync(tsconfig) ? tsconfig : undefined,
  };
}

/** The file Node.js (CommonJS) or the language host (ESM) would load for a folder. */
export function entryFile(program: string, isModule: boolean): string | undefined {
  if (!fs.existsSync(program)) return undefined;
  if (!fs.statSync(program).isDirectory()) return program;
  const order = isModule ? ["index.js", "index.mjs", "index.ts", "index.mts"] : ["index.js", "index.ts"];
  const hit = order.find((f) => fs.existsSync(path.join(program, f)));
  return hit && path.join(program, hit);
}

function isTypeScriptEntry(program: string, isModule: boolean): boolean {
  const file = entryFile(program, isModule);
  return file !== undefined && TS_EXT.test(file);
}
