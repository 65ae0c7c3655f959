/**
 * Runs the gate on every Pulumi program of a folder (public examples, templates), one at a time,
 * and writes a markdown table of the results. The programs are copied and prepared outside the
 * folder (see programs.ts): nothing of them is written into this repository.
 *   npm run -s survey -- --examples <dir> [--deps <node_modules>]... [--out survey.md]
 * Exit: 0 the survey ran (whatever the programs' verdicts), 2 a usage error.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { parse } from "yaml";
import { fromCaller } from "../stack/callerPaths";
import { findPrograms, installedVersions, prepare } from "./programs";
import { GateOutput, renderMarkdown, rowOf, skippedRow, SurveyRow } from "./table";

const USAGE = "usage: npm run -s survey -- --examples <dir> [--deps <node_modules dir>]... [--config <file.yaml>] [--only <text>]... [--view preview|update] [--out <file.md>] [--json <file.json>] [--logs <dir>] [--source <label>]";

const HELP = `${USAGE}

Runs \`npm run gate\` on every Pulumi program under --examples (each folder with a Pulumi.yaml),
one after the other, and writes a markdown table: exit code, verdict, resources, IAM resources,
mandatory and advisory findings, and what the gate could not see.

Each program is copied to a temporary folder first and prepared as a user prepares it: the
template placeholders of Pulumi.yaml substituted (as \`pulumi new\` does), a stack file with the
template's config defaults and the program's entry in --config, and node_modules: the program's
own if it has one, else the --deps install whose @pulumi/* major versions fit its package.json.

Options:
      --examples <dir>    a folder of programs (required, repeatable)
      --deps <dir>        a node_modules folder shared by programs without their own (repeatable)
      --config <file>     stack config per program (default: tools/survey/stacks.yaml); keys are
                          program folders relative to --examples, "default" applies to all
      --only <text>       only the programs whose folder contains <text> (repeatable: any of them)
      --view <v>          the gate's view: preview (default) or update
      --out <file>        write the table there (default: stdout)
      --json <file>       also write the rows as JSON
      --logs <dir>        keep each gate run's stdout and stderr there
      --source <label>    what the table's title names (default: the folder's name)
      --timeout <s>       per program (default 300)
  -h, --help              this help

Exit codes: 0 the survey ran, 2 a usage error.`;

const REPO = path.resolve(__dirname, "../..");
const GATE = path.join(REPO, "tools/gate/main.ts");
const DEFAULT_CONFIG = path.join(__dirname, "stacks.yaml");

class UsageError extends Error {}

function runGate(args: string[], timeoutSeconds: number): Promise<GateOutput> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["-r", "ts-node/register/transpile-only", GATE, ...args], { cwd: REPO, maxBuffer: 64 << 20, timeout: timeoutSeconds * 1000 }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number | string; killed?: boolean }) | null;
      const code = !e ? 0 : typeof e.code === "number" ? e.code : -1;
      resolve({ code, stdout, stderr: e?.killed ? `timed out after ${timeoutSeconds} s\n${stderr}` : stderr });
    });
  });
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        examples: { type: "string", multiple: true },
        deps: { type: "string", multiple: true },
        config: { type: "string" },
        only: { type: "string", multiple: true },
        view: { type: "string", default: "preview" },
        out: { type: "string" },
        json: { type: "string" },
        logs: { type: "string" },
        source: { type: "string" },
        timeout: { type: "string", default: "300" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!values.examples?.length) throw new UsageError("--examples is required");
  const roots = values.examples.map((e) => {
    const root = fromCaller(e);
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`--examples ${e}: not a folder`);
    return root;
  });
  if (values.view !== "preview" && values.view !== "update") throw new UsageError(`--view must be preview or update, got "${values.view}"`);
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) throw new UsageError(`--timeout must be a number of seconds, got "${values.timeout}"`);
  const installs = (values.deps ?? []).map((d) => {
    const dir = fromCaller(d);
    if (!fs.existsSync(path.join(dir, "@pulumi", "pulumi"))) throw new UsageError(`--deps ${d}: not a node_modules folder with @pulumi/pulumi`);
    return { dir, versions: installedVersions(dir) };
  });
  const configFile = values.config ? fromCaller(values.config) : DEFAULT_CONFIG;
  let configs: Record<string, Record<string, unknown>>;
  try {
    configs = (parse(fs.readFileSync(configFile, "utf8")) ?? {}) as Record<string, Record<string, unknown>>;
  } catch (err) {
    throw new UsageError(`--config ${configFile}: ${(err as Error).message}`);
  }
  const logs = values.logs ? fromCaller(values.logs) : undefined;
  if (logs) fs.mkdirSync(logs, { recursive: true });

  // Several folders: each program named with its folder's name in the table; its config is looked up by its path in its folder.
  const programs = roots.flatMap((root) => findPrograms(root).map((p) => ({ ...p, label: roots.length > 1 ? `${path.basename(root)}/${p.id}` : p.id }))).filter((p) => !values.only || values.only.some((o) => p.label.includes(o)));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "iam-baseline-survey-"));
  const rows: SurveyRow[] = [];
  try {
    for (const [i, program] of programs.entries()) {
      const prepared = prepare(program, program.label, work, { defaults: configs.default ?? {}, own: configs[program.id] }, installs);
      if ("skipped" in prepared) {
        rows.push(skippedRow(program.label, prepared.skipped));
        process.stderr.write(`[survey] ${i + 1}/${programs.length} ${program.label}: ${prepared.skipped}\n`);
        continue;
      }
      const started = Date.now();
      const out = await runGate(["--project", prepared.dir, "--stack", prepared.stackFile, "--format", "json", "--view", values.view], timeout);
      const row = rowOf(program.label, out);
      rows.push(row);
      if (logs) {
        const base = path.join(logs, program.label.replace(/\//g, "--"));
        fs.writeFileSync(`${base}.json`, out.stdout);
        fs.writeFileSync(`${base}.stderr`, out.stderr);
      }
      process.stderr.write(`[survey] ${i + 1}/${programs.length} ${program.label}: exit ${out.code} in ${Math.round((Date.now() - started) / 1000)} s: ${row.verdict}\n`);
      fs.rmSync(prepared.copy, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const table = renderMarkdown({ source: values.source ?? roots.map((r) => path.basename(r)).join(", "), date: new Date().toISOString().slice(0, 10), view: values.view }, rows);
  if (values.out) fs.writeFileSync(fromCaller(values.out), table);
  else process.stdout.write(table);
  if (values.json) fs.writeFileSync(fromCaller(values.json), `${JSON.stringify(rows, null, 2)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const usage = err instanceof UsageError;
    process.stderr.write(`error: ${usage ? (err as Error).message : err instanceof Error ? err.stack : String(err)}\n${usage ? `${USAGE}\n` : ""}`);
    process.exit(2);
  },
);
