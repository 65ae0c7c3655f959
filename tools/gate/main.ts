/**
 * The offline policy gate: runs the program for a stack under the Pulumi mocks (config read as
 * the CLI reads it), sends every registered resource through the policy pack's own analyzer
 * server (Analyze per resource, AnalyzeStack for the stack), prints the plan and the verdict.
 *   npm run gate -- --stack dev [--policy-pack-config file.json] [--format text|json|markdown]
 * Exit: 0 no mandatory violation, 1 a mandatory violation, 2 a usage or config error.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { bootPolicyPack, PolicyPackConfigFile } from "../analyzer/client";
import { analyzeRun } from "../analyzer/analyzeRun";
import { ensurePackBuilt } from "../analyzer/packBuild";
import { runProgramUnderMocks } from "../stack/runProgram";
import { loadStackConfig, StackConfigError } from "../stack/stackConfig";
import { renderPlan } from "./plan";
import { buildReport, renderJson, renderMarkdown, renderText } from "./report";

const USAGE = `usage: npm run gate -- --stack <name|path/to/Pulumi.<name>.yaml> [--policy-pack-config <file.json>] [--format text|json|markdown] [--project <dir>] [--policy-pack <dir>]`;

class UsageError extends Error {}

const progress = (message: string) => process.stderr.write(`[gate] ${message}\n`);

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string", short: "s" },
        "policy-pack-config": { type: "string" },
        "policy-pack": { type: "string" },
        project: { type: "string" },
        format: { type: "string", default: "text" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.stack) throw new UsageError("--stack is required");
  if (!["text", "json", "markdown"].includes(values.format!)) throw new UsageError(`--format must be text, json or markdown, got "${values.format}"`);
  const projectDir = path.resolve(values.project ?? process.cwd());
  const packDir = path.resolve(values["policy-pack"] ?? path.join(projectDir, "policypack"));
  const stackConfig = loadStackConfig(projectDir, values.stack); // fails early, with a clear message, on a missing stack file
  const defaultConfig = path.join(packDir, "config", `${stackConfig.stack}.json`);
  const configFile = values["policy-pack-config"] ?? (fs.existsSync(defaultConfig) ? defaultConfig : undefined);
  let policyConfig: PolicyPackConfigFile | undefined;
  if (configFile) {
    try {
      policyConfig = JSON.parse(fs.readFileSync(configFile, "utf8")) as PolicyPackConfigFile;
    } catch (err) {
      throw new UsageError(`--policy-pack-config ${configFile}: ${(err as Error).message}`);
    }
  }

  ensurePackBuilt(packDir, progress);
  progress(`running the program for stack ${stackConfig.stack} under the Pulumi mocks`);
  const packPromise = bootPolicyPack(packDir, { policyConfig, stack: { project: stackConfig.project, stack: stackConfig.stack, config: stackConfig.config, configSecretKeys: stackConfig.secretKeys } });
  packPromise.catch(() => undefined); // awaited below; a failure must not become an unhandled rejection
  const run = await runProgramUnderMocks(projectDir, stackConfig.file);
  if (run.error) {
    const pack = await packPromise.catch(() => undefined);
    await pack?.close();
    process.stderr.write(`error: the program failed for stack ${stackConfig.stack}:\n${run.error}\n`);
    return 2;
  }
  progress(`${run.resources.length} resources registered; starting policy pack ${path.relative(process.cwd(), packDir) || "."} as the Pulumi CLI does`);
  const pack = await packPromise;
  try {
    progress(`analyzing ${run.resources.length} resources${configFile ? ` with ${path.relative(process.cwd(), configFile)}` : ""}`);
    const violations = await analyzeRun(pack, run);
    const info = await pack.getAnalyzerInfo();
    const report = buildReport(stackConfig.stack, run.resources.length, `${info.name}@${info.version}`, configFile && path.relative(process.cwd(), configFile), violations, run.warnings ?? []);
    if (values.format === "json") process.stdout.write(`${renderJson(report)}\n`);
    else if (values.format === "markdown") process.stdout.write(renderMarkdown(report));
    else process.stdout.write(`${renderPlan(run)}\n${renderText(report)}\n`);
    return report.passed ? 0 : 1;
  } finally {
    await pack.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError || err instanceof StackConfigError) {
      process.stderr.write(`error: ${err.message}\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  },
);
