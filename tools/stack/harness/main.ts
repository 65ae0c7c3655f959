/**
 * Child-process entry of the gate's harness (compiled JavaScript, see ../build.ts): runs a Pulumi
 * program under the runtime mocks with a stack's config, as the CLI would start it, and writes
 * what it registered (and its outputs) as JSON to a file.
 *   node tools/stack/bin/tools/stack/harness/main.js <projectDir> <stack> <outFile> <preview|update> [account]
 * One process per run: the Pulumi runtime keeps global state, so runs never share it.
 */
import * as fs from "fs";
import * as path from "path";
import { accountOfSettings, FALLBACK_ACCOUNT, partitionOf } from "./awsContext";
import { installGateMonitor } from "./gateMonitor";
import { resolveEntry } from "./programEntry";
import { loadProgram, registerTypeScript } from "./programLoader";
import { loadSdk } from "./sdk";
import { loadStackConfig } from "../stackConfig";
import { NotSeen, RunView, StackOutput, StackRun, UNKNOWN } from "../types";

interface InternalOutput {
  promise(withUnknowns?: boolean): Promise<unknown>;
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
}

/** Where in the program an error was thrown: the first stack frame outside node_modules and the gate. */
function whereThrown(err: unknown, projectDir: string): string {
  const stack = err instanceof Error ? (err.stack ?? "") : "";
  const frame = stack.split("\n").find((l) => /^\s+at /.test(l) && !/node_modules|node:|<anonymous>|tools[/\\]stack[/\\]bin/.test(l));
  return frame ? ` (at ${frame.trim().replace(/^at /, "").split(`${projectDir}${path.sep}`).join("")})` : "";
}

const IN_FLIGHT = "the registrations still in flight";

async function main(): Promise<void> {
  const [projectDirArg, stack, outFile, viewArg, accountArg] = process.argv.slice(2);
  const projectDir = path.resolve(projectDirArg);
  const view: RunView = viewArg === "preview" ? "preview" : "update";
  const stackConfig = loadStackConfig(projectDir, stack);
  // Exactly what the CLI hands a program: set before the SDK reads config.
  process.env.PULUMI_CONFIG = JSON.stringify(stackConfig.config);
  process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(stackConfig.secretKeys);

  const aws = (k: string) => stackConfig.config[`aws:${k}`];
  const region = aws("region") ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
  const configured = accountOfSettings(aws);
  const defaultAccount = accountArg
    ? { id: accountArg, source: "--account" }
    : configured
      ? { id: configured, source: "the stack's aws provider config" }
      : { id: FALLBACK_ACCOUNT, source: "assumed (set aws:allowedAccountIds in the stack, or --account)" };

  const entry = resolveEntry(projectDir);
  const sdk = loadSdk(entry.packageRoot);
  const recording = installGateMonitor(sdk, {
    project: stackConfig.project,
    stack: stackConfig.stack,
    view,
    defaultContext: { account: defaultAccount.id, region, partition: partitionOf(region) },
  });

  // An error inside one apply (or a registration that depends on it) is reported, not fatal.
  const reported = new Set<unknown>();
  const report = (kind: NotSeen["kind"]) => (err: unknown) => {
    if (reported.has(err)) return;
    reported.add(err);
    const message = err instanceof Error ? err.message : String(err);
    recording.notSeen.push({ kind, detail: `${message}${whereThrown(err, projectDir)}; what depends on it was not registered` });
  };
  process.on("unhandledRejection", report("apply-error"));
  process.on("uncaughtException", report("apply-error"));

  const run: StackRun = {
    project: stackConfig.project,
    stack: stackConfig.stack,
    view,
    defaultAccount,
    resources: recording.resources,
    outputs: {},
    notSeen: recording.notSeen,
    warnings: [],
  };
  // Without an engine the SDK prints `pulumi.log.warn` as "warning: [runtime] <message>": record them as the CLI would show them.
  const consoleWarn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(" ");
    if (text.startsWith("warning: [runtime] ")) run.warnings!.push(text.slice("warning: [runtime] ".length));
    else consoleWarn(...args);
  };
  // The run as far as it got: written once, at the end or when the program can go no further.
  let written = false;
  const finish = () => {
    if (written) return;
    written = true;
    fs.writeFileSync(outFile, JSON.stringify(run));
    process.exit(0);
  };
  // Node empties its event loop while the program still awaits: values that can never resolve
  // (they depend on an apply or a provider function that failed). Report what was waiting.
  let awaiting: string | undefined;
  process.on("beforeExit", () => {
    if (written) return;
    const failed = recording.notSeen.some((n) => n.kind === "apply-error" || n.kind === "output-error");
    // Registrations left waiting after a failed apply are already said ("what depends on it was not registered").
    if (!(failed && awaiting === IN_FLIGHT)) {
      recording.notSeen.push({ kind: "output-error", detail: `${awaiting ?? "the program"} never settled: the program went idle waiting for it (a value that never resolves, as one that depends on a failed apply can)` });
    }
    finish();
  });
  try {
    if (entry.typescript) registerTypeScript(entry, __dirname);
    process.argv = [process.argv[0], entry.program];
    awaiting = "the program's entry point";
    const exported = await loadProgram(entry);
    if (exported && typeof exported === "object") {
      for (const [name, value] of Object.entries(exported as Record<string, unknown>)) {
        if (name === "default" || name === "__esModule") continue;
        awaiting = `stack output ${name}`;
        try {
          const out = sdk.pulumi.output(value) as unknown as InternalOutput;
          const known = await out.isKnown;
          const resolved = known ? await out.promise() : UNKNOWN;
          const output: StackOutput = { value: sdk.pulumi.Resource.isInstance(resolved) ? "[resource]" : resolved, secret: await out.isSecret };
          run.outputs[name] = output;
        } catch (err) {
          report("output-error")(err);
        }
      }
    }
    awaiting = IN_FLIGHT;
    await sdk.pulumi.runtime.disconnect();
  } catch (err) {
    run.error = err instanceof Error ? err.message : String(err);
  }
  // Node reports a rejection nobody handled after the current turn: let it, so that it is listed.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 10));
  finish();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
