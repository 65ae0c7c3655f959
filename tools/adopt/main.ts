/**
 * npm run adopt -- --stack <name|file> [--from <file|folder> ...] [--write-import-file <out.json>] [--format text|json]
 *
 * Reads what exists (AWS CLI outputs: get-account-authorization-details, list-virtual-mfa-devices,
 * list-access-keys, get-login-profile, get-role; no credentials needed), compares it with the
 * stack's config and prints per identity: adopted as is, adopted with in-place changes (which),
 * created, left alone, refused. `--from` replaces the stack's `iam-baseline:adopt.from`; without
 * an `iam-baseline:adopt` in the stack, every identity of the config is taken as listed (`all`).
 * `--write-import-file` writes the `pulumi import --file` JSON of what the program imports.
 * Exit: 0 nothing refused, 1 something refused, 2 a usage or config error.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { ADOPT_KEY } from "../../config/adopt";
import { LayoutConfigError } from "../../config/validate";
import { parseCommandLine, projectDirOf, runCommand, stackOrHelp, UsageError } from "../cli/command";
import { fromCaller } from "../stack/callerPaths";
import { runProgramUnderMocks } from "../stack/runProgram";
import { loadStackConfig, StackConfigError } from "../stack/stackConfig";
import { importFile } from "./importFile";
import { buildAdoptReport, renderAdoptJson, renderAdoptText } from "./report";
import { stackAdoption } from "./stackAdoption";

const USAGE = "usage: npm run -s adopt -- --stack <name|path/to/Pulumi.<name>.yaml> [--from <file|folder> ...] [--write-import-file <out.json>] [--format text|json] [--project <dir>]";

const HELP = `${USAGE}

Compares what exists in AWS (the AWS CLI outputs below; no credentials needed) with the stack's
config and prints, identity by identity, what adoption does: adopted as is, adopted with in-place
changes, created, left alone, refused. Paths are relative to the folder you run the command in.

Options:
  -s, --stack <name|file>      a stack of the project (dev -> Pulumi.dev.yaml) or a stack file
      --from <file|folder>     get-account-authorization-details, list-virtual-mfa-devices,
                               list-access-keys, get-login-profile and get-role outputs (repeatable;
                               replaces the stack's iam-baseline:adopt.from)
      --write-import-file <f>  also write the JSON of \`pulumi import --file <f>\` for what the program imports
      --format <text|json>     text (default) or a stable JSON document
      --project <dir>          the Pulumi program (default: this project)
  -h, --help                   this help

Exit codes:
  0  nothing refused
  1  an identity's adoption is refused (each refusal is printed with its fix)
  2  a usage or config error (bad option, missing or invalid stack file, invalid config, unreadable outputs)`;

/** The stack file with `iam-baseline:adopt.from` pointing at the given outputs (absolute paths), in a temporary folder. */
function stackFileWithFrom(stackFile: string, from: string[], adoptConfig: unknown): { file: string; dir: string } {
  const doc = (parse(fs.readFileSync(stackFile, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  const config = (doc.config ??= {});
  const previous = (adoptConfig && typeof adoptConfig === "object" ? adoptConfig : {}) as Record<string, unknown>;
  config[`iam-baseline:${ADOPT_KEY}`] = { ...previous, from: from.map((f) => path.resolve(f)) };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iam-baseline-adopt-"));
  const file = path.join(dir, path.basename(stackFile));
  fs.writeFileSync(file, stringify(doc));
  return { file, dir };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandLine({
    args: argv,
    options: {
      stack: { type: "string", short: "s" },
      from: { type: "string", multiple: true },
      "write-import-file": { type: "string" },
      format: { type: "string", default: "text" },
      project: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const stackArg = stackOrHelp(values, HELP);
  if (stackArg === undefined) return 0;
  if (!["text", "json"].includes(values.format!)) throw new UsageError(`--format must be text or json, got "${values.format}"`);
  const projectDir = projectDirOf(values.project);
  const stackConfig = loadStackConfig(projectDir, stackArg);
  const from = values.from?.map(fromCaller);
  const adoption = stackAdoption(stackConfig, projectDir, from ? { from } : undefined);
  if (!adoption.result) {
    throw new UsageError(`${path.basename(stackConfig.file)} has no iam-baseline:${ADOPT_KEY}: give the AWS CLI outputs with --from <file|folder>`);
  }
  const report = buildAdoptReport(stackConfig.stack, adoption.result);
  process.stdout.write(`${values.format === "json" ? renderAdoptJson(report) : renderAdoptText(report)}\n`);
  if (adoption.adoptConfig === undefined && values.format === "text") {
    process.stdout.write(
      `\nTo adopt, add to ${path.basename(stackConfig.file)}:\n  iam-baseline:${ADOPT_KEY}:\n    from: [${(values.from ?? []).join(", ")}]\n    identities: all\n`,
    );
  }
  if (report.refused) return 1;

  const out = values["write-import-file"] === undefined ? undefined : fromCaller(values["write-import-file"]);
  if (out) {
    const temp = from ? stackFileWithFrom(stackConfig.file, from, adoption.adoptConfig) : undefined;
    try {
      const run = await runProgramUnderMocks(projectDir, temp?.file ?? stackConfig.file);
      if (run.error) throw new Error(`the program failed for stack ${stackConfig.stack}:\n${run.error}`);
      fs.writeFileSync(out, `${JSON.stringify(importFile(run), null, 2)}\n`);
      process.stderr.write(`[adopt] wrote ${out}: pulumi import --file ${out} --stack ${stackConfig.stack}\n`);
    } finally {
      if (temp) fs.rmSync(temp.dir, { recursive: true, force: true });
    }
  }
  return 0;
}

runCommand(main, { usage: USAGE, known: [StackConfigError, LayoutConfigError] });
