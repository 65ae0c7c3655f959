/**
 * The offline policy gate: runs the program for a stack under the Pulumi mocks (config read as
 * the CLI reads it), sends every registered resource through the policy pack's own analyzer
 * server (Analyze per resource, AnalyzeStack for the stack), prints the plan and the verdict.
 *   npm run -s gate -- --stack dev [--policy-pack-config file.json] [--format text|json|markdown]
 * Exit: 0 no mandatory violation, 1 a mandatory violation, 2 a usage or config error.
 */
import * as fs from "fs";
import * as path from "path";
import { bootPolicyPack, PolicyPackConfigFile, PolicyPackError } from "../analyzer/client";
import { analyzeRun } from "../analyzer/analyzeRun";
import { ensurePackBuilt } from "../analyzer/packBuild";
import { parseCommandLine, projectDirOf, runCommand, stackOrHelp, UsageError } from "../cli/command";
import { fromCaller, shown } from "../stack/callerPaths";
import { runProgramUnderMocks } from "../stack/runProgram";
import { loadStackConfig, StackConfig, StackConfigError } from "../stack/stackConfig";
import { RunView } from "../stack/types";
import { ADOPT_KEY } from "../../config/adopt";
import { CONFIG_NAMESPACE, LayoutConfigError } from "../../config/validate";
import { AdoptionResult } from "../../lib/adopt/plan";
import { existingResources, EXISTING_PARENT_TYPE } from "../adopt/existing";
import { stackAdoption } from "../adopt/stackAdoption";
import { renderPlan } from "./plan";
import { buildReport, GateErrorKind, renderErrorDocument, renderJson, renderKeptMarkdown, renderKeptText, renderMarkdown, renderText } from "./report";

/** The stack's adoption, when it has `iam-baseline:adopt` (another program's stack, or a bad config the run already reported: none). */
function adoptionOf(stackConfig: StackConfig, projectDir: string): AdoptionResult | undefined {
  if (!(`${CONFIG_NAMESPACE}:${ADOPT_KEY}` in stackConfig.config)) return undefined;
  try {
    return stackAdoption(stackConfig, projectDir).result;
  } catch (err) {
    if (err instanceof LayoutConfigError) return undefined;
    throw err;
  }
}

const USAGE = `usage: npm run -s gate -- --stack <name|path/to/Pulumi.<name>.yaml> [--policy-pack-config <file.json>] [--format text|json|markdown] [--project <dir>] [--policy-pack <dir>] [--view preview|update] [--account <12-digit id>]`;

const HELP = `${USAGE}

Runs the program for a stack under the Pulumi mocks, sends every resource through the policy pack
as \`pulumi preview --policy-pack\` would, and prints the plan and the verdict. Offline: no AWS
account, no Pulumi CLI. Paths are relative to the folder you run the command in.

Options:
  -s, --stack <name|file>       a stack of the project (dev -> Pulumi.dev.yaml) or a stack file
      --policy-pack-config <f>  the pack's config (default: <policy-pack>/config/<stack>.json if it exists)
      --format <text|json|markdown>
                                text (default): the plan and the findings; json: a stable document;
                                markdown: a pull-request comment. On an error, json and markdown print
                                an error document on stdout.
      --project <dir>           the Pulumi program (default: this project)
      --policy-pack <dir>       the policy pack (default: this project's policypack, for any --project)
      --view <preview|update>   preview (default): resources as \`pulumi preview\` shows them, what the
                                provider computes (arn, id, uniqueId, ...) unknown, and the checks a real
                                preview cannot run listed as such; update: every output known, as
                                \`pulumi up\` leaves them
      --account <id>            the default AWS provider's account (default: the stack's
                                aws:allowedAccountIds or aws:assumeRoles, else 123456789012)
  -h, --help                    this help

Exit codes:
  0  no mandatory violation (advisory findings and program warnings may be printed; the
     verdict says INCOMPLETE when a check could not run or something was not seen)
  1  at least one mandatory violation
  2  a usage or config error (bad option, missing or invalid stack file, invalid config, invalid pack config)

Use npm run -s (silent) when piping the output: npm prints a banner line otherwise.`;

/** This repository's policy pack: the default for any program, ours or another team's. */
const OWN_PACK = path.resolve(__dirname, "../../policypack");

/** How resources are presented by default: as `pulumi preview` shows them, before anything exists (see the README's gate section). */
const DEFAULT_VIEW: RunView = "preview";

/** An error the person can fix, with what kind of error it is for the error document. */
class GateError extends Error {
  constructor(
    readonly kind: GateErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const progress = (message: string) => process.stderr.write(`[gate] ${message}\n`);

/** What the run knows before it fails, for the error document. */
const state: { format: string; stack?: string } = { format: "text" };

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandLine({
    args: argv,
    options: {
      stack: { type: "string", short: "s" },
      "policy-pack-config": { type: "string" },
      "policy-pack": { type: "string" },
      project: { type: "string" },
      format: { type: "string", default: "text" },
      view: { type: "string", default: DEFAULT_VIEW },
      account: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const stackArg = stackOrHelp(values, HELP);
  if (stackArg === undefined) return 0;
  if (!["text", "json", "markdown"].includes(values.format!)) throw new UsageError(`--format must be text, json or markdown, got "${values.format}"`);
  if (values.view !== "preview" && values.view !== "update") throw new UsageError(`--view must be preview or update, got "${values.view}"`);
  if (values.account !== undefined && !/^\d{12}$/.test(values.account)) throw new UsageError(`--account must be a 12-digit AWS account id, got "${values.account}"`);
  const view: RunView = values.view;
  state.format = values.format!;
  state.stack = path.basename(stackArg).replace(/^Pulumi\./, "").replace(/\.yaml$/, "");
  const projectDir = projectDirOf(values.project);
  const packDir = values["policy-pack"] === undefined ? OWN_PACK : fromCaller(values["policy-pack"]);
  const stackConfig = loadStackConfig(projectDir, stackArg); // fails early, with a clear message, on a missing stack file
  state.stack = stackConfig.stack;
  const defaultConfig = path.join(packDir, "config", `${stackConfig.stack}.json`);
  const configFile = values["policy-pack-config"] !== undefined ? fromCaller(values["policy-pack-config"]) : fs.existsSync(defaultConfig) ? defaultConfig : undefined;
  let policyConfig: PolicyPackConfigFile | undefined;
  if (configFile) {
    try {
      policyConfig = JSON.parse(fs.readFileSync(configFile, "utf8")) as PolicyPackConfigFile;
    } catch (err) {
      throw new GateError("policy-pack-config", `--policy-pack-config ${shown(configFile)}: ${(err as Error).message}`);
    }
  }

  ensurePackBuilt(packDir, progress);
  progress(`running the program for stack ${stackConfig.stack} under the Pulumi mocks, as \`pulumi ${view === "preview" ? "preview" : "up"}\` presents it`);
  const packPromise = bootPolicyPack(packDir, { policyConfig, stack: { project: stackConfig.project, stack: stackConfig.stack, config: stackConfig.config, configSecretKeys: stackConfig.secretKeys } });
  packPromise.catch(() => undefined); // awaited below; a failure must not become an unhandled rejection
  const run = await runProgramUnderMocks(projectDir, stackConfig.file, { view, account: values.account });
  if (run.error) {
    const pack = await packPromise.catch(() => undefined);
    await pack?.close();
    const kind = run.error.startsWith("invalid configuration") ? "config" : "program";
    throw new GateError(kind, `the program failed for stack ${stackConfig.stack}:\n${run.error}`);
  }
  progress(`${run.resources.length} resources registered; starting policy pack ${shown(packDir)} as the Pulumi CLI does`);
  const pack = await packPromise.catch((err: unknown) => {
    // A pack config the CLI would refuse (an unknown option, an invalid enforcement level): one line, no stack trace.
    if (err instanceof PolicyPackError) throw new GateError("policy-pack-config", `${configFile ? `${shown(configFile)}: ` : ""}${err.message}`);
    throw err;
  });
  try {
    progress(`analyzing ${run.resources.length} resources${configFile ? ` with ${shown(configFile)}` : ""}`);
    // Adopting: what the up keeps as it is (the identities' own policies, memberships) is analysed with the plan.
    const adoption = adoptionOf(stackConfig, projectDir);
    const kept = adoption ? existingResources(adoption, stackConfig.project, stackConfig.stack) : [];
    if (kept.length > 0) progress(`adopting: ${kept.length} existing policies, attachments and memberships are kept as they are; analysing them with the plan`);
    const all = await analyzeRun(pack, { ...run, resources: [...run.resources, ...kept] }).catch((err: unknown) => {
      if (!(err instanceof PolicyPackError)) throw err;
      // A policy that refuses its config (an unknown option) fails Analyze: show the policy's own line, not the RPC's stack.
      const lines = err.message.split("\n").map((l) => l.replace(/^Error: /, "")).filter((l) => l && !/^\s+at /.test(l) && !l.startsWith("(the policy pack"));
      const refused = lines.find((l) => / unknown options? /.test(l));
      if (refused !== undefined) throw new GateError("policy-pack-config", `${configFile ? `${shown(configFile)}: ` : ""}${refused}`);
      throw new GateError("policy-pack", lines.join("\n"));
    });
    const isKept = (urn: string) => urn.includes(`::${EXISTING_PARENT_TYPE}$`);
    const violations = all.filter((v) => !isKept(v.urn));
    const info = await pack.getAnalyzerInfo();
    const report = buildReport(run, `${info.name}@${info.version}`, configFile && shown(configFile), violations);
    if (adoption) report.keptByAdoption = buildReport(run, report.policyPack, report.policyConfig, all.filter((v) => isKept(v.urn))).violations;
    if (values.format === "json") process.stdout.write(`${renderJson(report)}\n`);
    else if (values.format === "markdown") process.stdout.write(renderMarkdown(report) + renderKeptMarkdown(report));
    else process.stdout.write(`${renderPlan(run)}\n${renderKeptText(report)}${renderText(report)}\n`);
    return report.passed ? 0 : 1;
  } finally {
    await pack.close();
  }
}

/** The format asked for, even when the arguments do not parse: an error document must still be one. */
function requestedFormat(argv: string[]): string {
  const i = argv.findIndex((a) => a === "--format" || a.startsWith("--format="));
  if (i < 0) return "text";
  return argv[i].includes("=") ? argv[i].slice("--format=".length) : argv[i + 1] ?? "text";
}

runCommand(main, {
  usage: USAGE,
  known: [StackConfigError, GateError],
  onError: (err) => {
    const message = err instanceof Error ? err.message : String(err);
    const kind: GateErrorKind = err instanceof UsageError ? "usage" : err instanceof StackConfigError ? "stack-file" : err instanceof GateError ? err.kind : "internal";
    const format = state.format !== "text" ? state.format : requestedFormat(process.argv.slice(2));
    const doc = renderErrorDocument(format, { stack: state.stack, kind, message });
    if (doc !== undefined) process.stdout.write(doc);
  },
});
