/**
 * Starts this repository as a Pulumi component plugin the way the CLI does for `pulumi package
 * add <repo>` (PulumiPlugin.yaml, runtime nodejs): the nodejs language host runs
 * `node <@pulumi/pulumi>/cmd/run-plugin <plugin dir>` in that folder; the plugin prints its port,
 * then serves the ResourceProvider gRPC service (`@pulumi/pulumi/proto/provider_grpc_pb.js`).
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import type * as GrpcJs from "@grpc/grpc-js";

export interface ComponentProviderServer {
  getSchema(): Promise<PackageSchema>;
  /** Construct as the engine asks for it during a preview (`dryRun`); needs the provider started with an engine. */
  construct(req: ConstructRequest): Promise<ConstructResult>;
  close(): void;
}

export interface ConstructRequest {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  project: string;
  stack: string;
  /** The resource monitor's address (the engine's, or the test's: `test/support/fakeMonitor.ts`). */
  monitor: string;
  parent: string;
}

export interface ConstructResult {
  urn: string;
  state: Record<string, unknown>;
}

export interface PropertySchema {
  type?: string;
  $ref?: string;
  items?: PropertySchema;
  additionalProperties?: PropertySchema;
  description?: string;
  plain?: boolean;
}

export interface ResourceSchema {
  isComponent?: boolean;
  description?: string;
  inputProperties: Record<string, PropertySchema>;
  requiredInputs: string[];
  properties: Record<string, PropertySchema>;
  required: string[];
}

export interface PackageSchema {
  name: string;
  version: string;
  resources: Record<string, ResourceSchema>;
  types: Record<string, { type: string; properties?: Record<string, PropertySchema>; required?: string[] }>;
  dependencies?: { name: string; version: string }[];
}

/** `engineAddress`: the engine the plugin logs to, passed as the CLI passes it (needed for Construct). */
export async function startComponentProvider(pluginDir: string, timeoutMs = 120_000, engineAddress?: string): Promise<ComponentProviderServer> {
  const resolveFrom = (m: string) => require.resolve(m, { paths: [pluginDir] });
  const grpc = require(resolveFrom("@grpc/grpc-js")) as typeof GrpcJs;
  const rpc = require(resolveFrom("@pulumi/pulumi/proto/provider_grpc_pb.js"));
  const messages = require(resolveFrom("@pulumi/pulumi/proto/provider_pb.js"));
  const structproto = require(require.resolve("google-protobuf/google/protobuf/struct_pb.js", { paths: [path.dirname(resolveFrom("@pulumi/pulumi/package.json"))] }));
  const args = [resolveFrom("@pulumi/pulumi/cmd/run-plugin"), path.resolve(pluginDir), ...(engineAddress ? [engineAddress] : [])];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: pluginDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no port from the component provider within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.stdout!.on("data", (d) => {
      out += d;
      const m = out.match(/^(\d+)\s*$/m);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the component provider exited (${code}) before printing its port: ${stderr}`));
    });
  });
  const client = new rpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    getSchema: () =>
      new Promise((resolve, reject) =>
        client.getSchema(new messages.GetSchemaRequest(), { deadline: Date.now() + timeoutMs }, (err: Error | null, res: { getSchema(): string }) =>
          err ? reject(new Error(`GetSchema failed: ${err.message}\n${stderr}`)) : resolve(JSON.parse(res.getSchema()) as PackageSchema),
        ),
      ),
    construct: (req) =>
      new Promise((resolve, reject) => {
        const msg = new messages.ConstructRequest()
          .setProject(req.project)
          .setStack(req.stack)
          .setDryrun(true)
          .setParallel(1)
          .setMonitorendpoint(req.monitor)
          .setType(req.type)
          .setName(req.name)
          .setParent(req.parent)
          .setInputs(structproto.Struct.fromJavaScript(req.inputs));
        client.construct(msg, { deadline: Date.now() + timeoutMs }, (err: Error | null, res: { getUrn(): string; getState(): { toJavaScript(): Record<string, unknown> } | undefined }) =>
          err ? reject(new Error(`Construct ${req.type} ${req.name} failed: ${err.message}`)) : resolve({ urn: res.getUrn(), state: res.getState()?.toJavaScript() ?? {} }),
        );
      }),
    close: () => {
      client.close();
      child.kill();
    },
  };
}
