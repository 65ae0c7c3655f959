/**
 * Who can reach what, from the resources the program registers for a stack:
 *   npm run -s access -- --stack dev [--out dir] [--project dir]
 * Prints the table; with --out writes access.md, access.dot and access.svg there.
 */
import * as fs from "fs";
import * as path from "path";
import { parseCommandLine, projectDirOf, runCommand, stackOrHelp } from "../cli/command";
import { fromCaller, shown } from "../stack/callerPaths";
import { runProgramUnderMocks } from "../stack/runProgram";
import { loadStackConfig, StackConfigError } from "../stack/stackConfig";
import { accountNamesFromConfig } from "./accounts";
import { describeAccess } from "./model";
import { renderDot, renderMarkdownTable, renderSvg, renderTable } from "./render";

const USAGE = "usage: npm run -s access -- --stack <name|path/to/Pulumi.<name>.yaml> [--out <dir>] [--project <dir>]";

const HELP = `${USAGE}

Prints who can assume what (user -> group -> role @ account, with MFA, MFA max age, session
length and expiry), derived from the resources the program registers under the Pulumi mocks.
Offline: no AWS account, no Pulumi CLI. Paths are relative to the folder you run the command in.

Options:
  -s, --stack <name|file>   a stack of the project (dev -> Pulumi.dev.yaml) or a stack file
  -o, --out <dir>           also write access.md, access.dot and access.svg there
      --project <dir>       the Pulumi program (default: this project)
  -h, --help                this help

Exit codes:
  0  every path from a user to a role requires MFA
  1  some user can reach a role without MFA (drawn red and dashed)
  2  a usage or config error (bad option, missing or invalid stack file, invalid config)`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandLine({
    args: argv,
    options: { stack: { type: "string", short: "s" }, out: { type: "string", short: "o" }, project: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  const stackArg = stackOrHelp(values, HELP);
  if (stackArg === undefined) return 0;
  const projectDir = projectDirOf(values.project);
  const stack = loadStackConfig(projectDir, stackArg);
  process.stderr.write(`[access] running the program for stack ${stack.stack} under the Pulumi mocks\n`);
  const run = await runProgramUnderMocks(projectDir, stack.file);
  if (run.error) throw new StackConfigError(`the program failed for stack ${stack.stack}:\n${run.error}`);
  const model = describeAccess(run, accountNamesFromConfig(stack.config));
  process.stdout.write(`${renderTable(model)}\n`);
  if (values.out) {
    const out = fromCaller(values.out);
    fs.mkdirSync(out, { recursive: true });
    const dot = renderDot(model);
    fs.writeFileSync(path.join(out, "access.md"), renderMarkdownTable(model));
    fs.writeFileSync(path.join(out, "access.dot"), dot);
    fs.writeFileSync(path.join(out, "access.svg"), await renderSvg(dot));
    process.stderr.write(`[access] wrote access.md, access.dot and access.svg to ${shown(out)}\n`);
  }
  return model.edges.some((e) => !e.mfaRequired) ? 1 : 0;
}

runCommand(main, { usage: USAGE, known: [StackConfigError] });
