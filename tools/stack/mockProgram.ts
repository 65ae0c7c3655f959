/**
 * Child-process entry: runs a Pulumi program under the runtime mocks with a stack's config, as the
 * CLI would start it, and writes what it registered (and its outputs) as JSON to a file.
 *   node -r ts-node/register/transpile-only tools/stack/mockProgram.ts <projectDir> <stack> <outFile>
 * One process per run: the Pulumi runtime keeps global state, so runs never share it.
 */
import type * as PulumiSdk from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { loadStackConfig } from "./stackConfig";
import { RecordedResource, StackOutput, StackRun } from "./types";

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getProvidersMap(): { toObject(): [string, string][] };
  getCustom(): boolean;
  getDependenciesList(): string[];
  getAliasesList(): { getUrn(): string; getSpec(): unknown }[];
  getProtect(): boolean;
  getIgnorechangesList(): string[];
  getObject(): unknown;
}

async function main(): Promise<void> {
  const [projectDir, stack, outFile] = process.argv.slice(2);
  const stackConfig = loadStackConfig(projectDir, stack);
  // Exactly what the CLI hands a program: set before the SDK reads config.
  process.env.PULUMI_CONFIG = JSON.stringify(stackConfig.config);
  process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(stackConfig.secretKeys);

  const pulumi = await import("@pulumi/pulumi");
  const { MockMonitor } = await import("@pulumi/pulumi/runtime/mocks");
  const rpc = await import("@pulumi/pulumi/runtime/rpc");

  const resources: RecordedResource[] = [];
  const engineUrnOf = new Map<string, string>(); // mock URN -> engine URN
  const original = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = async function (req: RegisterRequest, callback: (err: unknown, res: unknown) => void) {
    return original.call(this, req, (err: unknown, res: { getUrn(): string } | undefined) => {
      if (!err && res) {
        // The mock URN keeps only the parent's last type; the engine chains every ancestor type.
        const parent = req.getParent() ? engineUrnOf.get(req.getParent()) ?? req.getParent() : "";
        const parentType = parent ? parent.split("::")[2] : "";
        const qualifiedType = parentType ? `${parentType}$${req.getType()}` : req.getType();
        const urn = `urn:pulumi:${stackConfig.stack}::${stackConfig.project}::${qualifiedType}::${req.getName()}`;
        engineUrnOf.set(res.getUrn(), urn);
        const remap = (ref: string) => (ref ? ref.replace(/^[^:]*(:[^:]+)*?(?=::[^:]*$)/, (u) => engineUrnOf.get(u) ?? u) : "");
        resources.push({
          urn,
          type: req.getType(),
          name: req.getName(),
          custom: req.getCustom(),
          parent,
          provider: remap(req.getProvider()),
          providers: Object.fromEntries(req.getProvidersMap().toObject().map(([k, v]) => [k, remap(v)])),
          dependencies: req.getDependenciesList().map((d) => engineUrnOf.get(d) ?? d),
          inputs: rpc.deserializeProperties(req.getObject() as Parameters<typeof rpc.deserializeProperties>[0]) as Record<string, unknown>,
          aliases: req.getAliasesList().map((a) => a.getUrn()).filter(Boolean),
          protect: req.getProtect(),
          ignoreChanges: req.getIgnorechangesList(),
        });
      }
      callback(err, res);
    });
  };

  pulumi.runtime.setMocks(
    {
      newResource(args) {
        // Outputs a real provider would compute, so that applies resolve; secrets as the provider marks them.
        const state: Record<string, unknown> = { ...args.inputs, arn: args.inputs.arn ?? `arn:mock:${args.type}:${args.name}` };
        if (args.type === "aws:iam/userLoginProfile:UserLoginProfile") state[args.inputs.pgpKey ? "encryptedPassword" : "password"] = `mock-password-${args.name}`;
        if (args.type === "aws:iam/accessKey:AccessKey") state[args.inputs.pgpKey ? "encryptedSecret" : "secret"] = `mock-secret-${args.name}`;
        return { id: `${args.name}-id`, state };
      },
      call(args) {
        return args.inputs;
      },
    },
    stackConfig.project,
    stackConfig.stack,
    false,
  );

  const run: StackRun = { project: stackConfig.project, stack: stackConfig.stack, resources, outputs: {}, warnings: [] };
  // Without an engine the SDK prints `pulumi.log.warn` as "warning: [runtime] <message>": record them as the CLI would show them.
  const consoleWarn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(" ");
    if (text.startsWith("warning: [runtime] ")) run.warnings!.push(text.slice("warning: [runtime] ".length));
    else consoleWarn(...args);
  };
  try {
    const program = (await import(stackConfig.main)) as Record<string, unknown>;
    for (const [name, exported] of Object.entries(program)) {
      if (name === "default" || name === "__esModule") continue;
      const out = pulumi.output(exported) as unknown as PulumiSdk.Output<unknown>;
      const value = await new Promise<unknown>((resolve) => out.apply((v: unknown) => resolve(v)));
      const output: StackOutput = { value, secret: await pulumi.isSecret(out) };
      run.outputs[name] = output;
    }
    await pulumi.runtime.disconnect();
  } catch (err) {
    run.error = err instanceof Error ? err.message : String(err);
  }
  fs.writeFileSync(outFile, JSON.stringify(run));
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
