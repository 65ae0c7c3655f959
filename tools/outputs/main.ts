/**
 * The stack outputs before any deploy, as `pulumi stack output` will show them after one:
 *   npm run -s outputs -- --stack dev [<name>] [--json] [--show-secrets]
 * The program runs under the Pulumi mocks with the stack's config; secrets are masked unless asked.
 */
import { parseCommandLine, projectDirOf, runCommand, stackOrHelp, UsageError } from "../cli/command";
import { closest } from "../../lib/similar";
import { runProgramUnderMocks } from "../stack/runProgram";
import { loadStackConfig, StackConfigError } from "../stack/stackConfig";
import { StackOutput } from "../stack/types";

const USAGE = "usage: npm run -s outputs -- --stack <name|path/to/Pulumi.<name>.yaml> [<output>] [--json] [--show-secrets] [--project <dir>]";

const HELP = `${USAGE}

Prints the stack's outputs (awsCliConfig, consoleSignInUrl, switchRoleUrls, roleArns, users, ...)
offline, from the program run under the Pulumi mocks with the stack's config: what
\`pulumi stack output\` will show after \`pulumi up\`. Secrets print as [secret] unless
--show-secrets; offline they are the mocks' stand-ins, never real passwords or keys.

Options:
  -s, --stack <name|file>   a stack of the project (dev -> Pulumi.dev.yaml) or a stack file
      <output>              one output by name (a string prints as it is)
  -j, --json                print as JSON
      --show-secrets        show secret outputs instead of [secret]
      --project <dir>       the Pulumi program (default: this project)
  -h, --help                this help

Exit codes:
  0  printed
  2  a usage or config error (bad option, unknown output, missing or invalid stack file, invalid config)`;

const MASK = "[secret]";

function shownValue(output: StackOutput, showSecrets: boolean): unknown {
  return output.secret && !showSecrets ? MASK : output.value;
}

function print(value: unknown, json: boolean): string {
  if (!json && typeof value === "string") return `${value}\n`;
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args: argv,
    allowPositionals: true,
    options: {
      stack: { type: "string", short: "s" },
      json: { type: "boolean", short: "j" },
      "show-secrets": { type: "boolean" },
      project: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const stackArg = stackOrHelp(values, HELP);
  if (stackArg === undefined) return 0;
  if (positionals.length > 1) throw new UsageError(`expected at most one output name, got ${positionals.join(" ")}`);
  const projectDir = projectDirOf(values.project);
  const stack = loadStackConfig(projectDir, stackArg);
  process.stderr.write(`[outputs] running the program for stack ${stack.stack} under the Pulumi mocks\n`);
  const run = await runProgramUnderMocks(projectDir, stack.file);
  if (run.error) throw new StackConfigError(`the program failed for stack ${stack.stack}:\n${run.error}`);
  const showSecrets = values["show-secrets"] === true;
  const json = values.json === true;
  if (showSecrets && Object.values(run.outputs).some((o) => o.secret)) {
    process.stderr.write("[outputs] offline: secret outputs are the mocks' stand-ins; the real ones come from pulumi stack output --show-secrets after pulumi up\n");
  }
  const [name] = positionals;
  if (name !== undefined) {
    const output = run.outputs[name];
    if (output === undefined) {
      const names = Object.keys(run.outputs);
      const near = closest(name, names) ?? names.find((n) => n.toLowerCase().includes(name.toLowerCase()));
      throw new UsageError(`no output "${name}"${near ? `; did you mean ${near}?` : ""} Outputs: ${names.join(", ")}`);
    }
    process.stdout.write(print(shownValue(output, showSecrets), json));
    return 0;
  }
  const all = Object.fromEntries(Object.entries(run.outputs).map(([k, o]) => [k, shownValue(o, showSecrets)]));
  if (json) process.stdout.write(print(all, true));
  else for (const [k, v] of Object.entries(all)) process.stdout.write(`${k}:\n${print(v, false).replace(/^/gm, "  ")}`);
  return 0;
}

runCommand(main, { usage: USAGE, known: [StackConfigError], showUsage: (err) => !err.message.startsWith("no output") });
