/**
 * The programs of a folder (every folder with a Pulumi.yaml), each prepared as a user would
 * prepare it before a first `pulumi preview`, in a copy outside the surveyed folder: template
 * placeholders substituted as `pulumi new` substitutes them, a stack file with the template's
 * config defaults and the config the program requires, and its dependencies.
 */
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";

export interface ProgramDir {
  /** Relative to the surveyed folder, with `/`. */
  id: string;
  dir: string;
  /** The surveyed folder. */
  root: string;
}

const SKIP_DIRS = new Set(["node_modules", ".git", "bin", "dist", "build", ".next"]);

export function findPrograms(root: string): ProgramDir[] {
  const found: ProgramDir[] = [];
  const walk = (dir: string) => {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) found.push({ id: path.relative(root, dir).split(path.sep).join("/") || ".", dir, root });
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && !e.name.startsWith(".") && !SKIP_DIRS.has(e.name)) walk(path.join(dir, e.name));
    }
  };
  walk(root);
  return found.sort((a, b) => a.id.localeCompare(b.id));
}

export interface ProjectYaml {
  name?: string;
  description?: string;
  runtime?: string | { name?: string };
  template?: { description?: string; config?: Record<string, { default?: unknown; description?: string } | null> };
}

export const runtimeOf = (project: ProjectYaml): string => (typeof project.runtime === "string" ? project.runtime : (project.runtime?.name ?? ""));

/** Node.js programs (and Bun ones, which are TypeScript programs on the same SDK); anything else is skipped. */
export const isNodeRuntime = (runtime: string): boolean => runtime === "nodejs" || runtime === "bun";

/** The stack config a user would have: the survey's defaults, the template's defaults (`pulumi new --yes`), then the program's own. */
export function stackConfigFor(project: ProjectYaml, defaults: Record<string, unknown>, own: Record<string, unknown> | undefined): Record<string, unknown> {
  const fromTemplate = Object.fromEntries(
    Object.entries(project.template?.config ?? {})
      .filter(([, spec]) => spec && typeof spec === "object" && spec.default !== undefined)
      .map(([k, spec]) => [k, spec!.default]),
  );
  return { ...defaults, ...fromTemplate, ...(own ?? {}) };
}

/** `pulumi new` replaces `${PROJECT}` and `${DESCRIPTION}` in the template's files. */
export function substitutePlaceholders(text: string, project: string, description: string): string {
  return text.replace(/\$\{PROJECT\}/g, project).replace(/\$\{DESCRIPTION\}/g, description);
}

/** The major version a dependency range asks for (`^3.1.0`, `2.22.0`, `~4.2`); none for `latest` or `*`. */
export function majorOf(range: string): number | undefined {
  const m = /^\s*[\^~=v>]*\s*(\d+)/.exec(range);
  return m ? Number(m[1]) : undefined;
}

/**
 * Of several shared installs, the one whose versions fit the program's `@pulumi/*` dependencies
 * best (same major version); the first on a tie.
 */
export function chooseDeps(dependencies: Record<string, string>, installs: { dir: string; versions: Record<string, string> }[]): string | undefined {
  let best: { dir: string; score: number } | undefined;
  for (const install of installs) {
    let score = 0;
    for (const [name, range] of Object.entries(dependencies)) {
      const want = majorOf(range);
      const have = install.versions[name];
      if (have === undefined) score -= 1;
      else if (want === undefined || majorOf(have) === want) score += 1;
    }
    if (!best || score > best.score) best = { dir: install.dir, score };
  }
  return best?.dir;
}

/** The installed versions of the packages in a node_modules folder. */
export function installedVersions(nodeModules: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(nodeModules)) {
    const names = e.startsWith("@") ? fs.readdirSync(path.join(nodeModules, e)).map((n) => `${e}/${n}`) : [e];
    for (const n of names) {
      const file = path.join(nodeModules, n, "package.json");
      if (fs.existsSync(file)) out[n] = (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
    }
  }
  return out;
}

export interface Prepared {
  /** The program's folder in the copy. */
  dir: string;
  /** The copy (to remove after the run). */
  copy: string;
  stackFile: string;
  runtime: string;
  /** The node_modules the program sees (its own, or a shared install). */
  deps?: string;
}

const TEXT_FILE = /\.(ya?ml|json|ts|js|mjs|cjs|mts|cts|md)$/;

/**
 * Copies the program to `workDir` with the folder around it (its example's top folder: programs
 * read `../app` or `../build`), without node_modules, and prepares it; `skipped` when it is not a
 * Node.js program. `name` names the copy.
 */
export function prepare(
  program: ProgramDir,
  name: string,
  workDir: string,
  config: { defaults: Record<string, unknown>; own?: Record<string, unknown> },
  installs: { dir: string; versions: Record<string, string> }[],
): Prepared | { skipped: string } {
  const project = (parse(fs.readFileSync(path.join(program.dir, "Pulumi.yaml"), "utf8")) ?? {}) as ProjectYaml;
  const runtime = runtimeOf(project);
  if (!isNodeRuntime(runtime)) return { skipped: `runtime ${runtime || "(none)"}: not a Node.js program` };
  const [top, ...rest] = program.id === "." ? ["."] : program.id.split("/");
  const from = path.join(program.root, top);
  const copy = path.join(workDir, name.replace(/\//g, "--"));
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(from, copy, { recursive: true, filter: (src) => src === from || !["node_modules", ".git"].includes(path.basename(src)) });
  const dir = path.join(copy, ...rest);
  const projectName = path.basename(program.dir); // `pulumi new` names the project after its folder
  const description = project.template?.description ?? project.description ?? "";
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && TEXT_FILE.test(e.name) && fs.statSync(p).size < 1 << 20) {
        const text = fs.readFileSync(p, "utf8");
        if (text.includes("${PROJECT}") || text.includes("${DESCRIPTION}")) fs.writeFileSync(p, substitutePlaceholders(text, projectName, description));
      }
    }
  };
  walk(dir);
  const stackFile = path.join(dir, "Pulumi.survey.yaml");
  fs.writeFileSync(stackFile, stringify({ config: stackConfigFor(project, config.defaults, config.own) }));
  const own = path.join(program.dir, "node_modules");
  const pkgFile = path.join(dir, "package.json");
  const pkg = fs.existsSync(pkgFile) ? (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }) : {};
  const wanted = Object.fromEntries(Object.entries({ ...pkg.devDependencies, ...pkg.dependencies }).filter(([n]) => n.startsWith("@pulumi/")));
  const deps = fs.existsSync(own) ? own : chooseDeps(wanted, installs);
  if (deps) fs.symlinkSync(deps, path.join(dir, "node_modules"), "dir");
  return { dir, copy, stackFile, runtime, deps };
}
