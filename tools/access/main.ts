/**
 * Who can reach what, from the resources the program registers for a stack:
 *   npm run access -- --stack dev [--out dir] [--project dir]
 * Prints the table; with --out writes access.md, access.dot and access.svg there.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { runProgramUnderMocks } from "../stack/runProgram";
import { loadStackConfig, StackConfigError } from "../stack/stackConfig";
import { describeAccess } from "./model";
import { renderDot, renderMarkdownTable, renderSvg, renderTable } from "./render";

const USAGE = "usage: npm run access -- --stack <name|path/to/Pulumi.<name>.yaml> [--out <dir>] [--project <dir>]";

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { stack: { type: "string", short: "s" }, out: { type: "string", short: "o" }, project: { type: "string" } }, strict: true });
  if (!values.stack) throw new StackConfigError("--stack is required");
  const projectDir = path.resolve(values.project ?? process.cwd());
  const stack = loadStackConfig(projectDir, values.stack);
  process.stderr.write(`[access] running the program for stack ${stack.stack} under the Pulumi mocks\n`);
  const run = await runProgramUnderMocks(projectDir, stack.file);
  if (run.error) {
    process.stderr.write(`error: the program failed for stack ${stack.stack}:\n${run.error}\n`);
    return 2;
  }
  const model = describeAccess(run);
  process.stdout.write(`${renderTable(model)}\n`);
  if (values.out) {
    fs.mkdirSync(values.out, { recursive: true });
    const dot = renderDot(model);
    fs.writeFileSync(path.join(values.out, "access.md"), renderMarkdownTable(model));
    fs.writeFileSync(path.join(values.out, "access.dot"), dot);
    fs.writeFileSync(path.join(values.out, "access.svg"), await renderSvg(dot));
    process.stderr.write(`[access] wrote access.md, access.dot and access.svg to ${values.out}\n`);
  }
  return model.edges.some((e) => !e.mfaRequired) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  },
);
