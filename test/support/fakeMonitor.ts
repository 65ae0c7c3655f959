/**
 * The engine's side of a Construct call, served in the test process over gRPC: a resource monitor
 * (`pulumirpc.ResourceMonitor`) that records every resource a component plugin registers while it
 * constructs a component, and the engine service (`pulumirpc.Engine`) that takes its log messages.
 * It answers as the engine does during a preview: URNs built from the parent's type chain, a custom
 * resource's outputs are its inputs (what the provider computes is left unknown), nothing is created.
 */
import * as path from "path";
import type * as GrpcJs from "@grpc/grpc-js";

export interface Registered {
  urn: string;
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  inputs: Record<string, unknown>;
}

export interface FakeEngine {
  /** `127.0.0.1:<port>` of both services. */
  address: string;
  /** Every registration, in order. */
  registered: Registered[];
  /** What the plugin logged through the engine (errors and warnings). */
  logs: string[];
  stackUrn(project: string, stack: string): string;
  close(): void;
}

/** Monitor features the plugin may use: output values stay off, so a custom resource's inputs come back as plain values. */
const FEATURES = new Set(["secrets", "resourceReferences"]);

type Callback = (err: Error | null, res?: unknown) => void;
interface Call<T> {
  request: T;
}

export async function startFakeEngine(pluginDir: string): Promise<FakeEngine> {
  const resolveFrom = (m: string) => require.resolve(m, { paths: [pluginDir] });
  const grpc = require(resolveFrom("@grpc/grpc-js")) as typeof GrpcJs;
  const resrpc = require(resolveFrom("@pulumi/pulumi/proto/resource_grpc_pb.js"));
  const resproto = require(resolveFrom("@pulumi/pulumi/proto/resource_pb.js"));
  const enginerpc = require(resolveFrom("@pulumi/pulumi/proto/engine_grpc_pb.js"));
  const engineproto = require(resolveFrom("@pulumi/pulumi/proto/engine_pb.js"));
  const pulumiDir = path.dirname(resolveFrom("@pulumi/pulumi/package.json"));
  const structproto = require(require.resolve("google-protobuf/google/protobuf/struct_pb.js", { paths: [pulumiDir] }));
  const emptyproto = require(require.resolve("google-protobuf/google/protobuf/empty_pb.js", { paths: [pulumiDir] }));

  const registered: Registered[] = [];
  const logs: string[] = [];
  const qualifiedTypes = new Map<string, string>();
  const unimplemented = (name: string) => (_call: unknown, callback: Callback) =>
    callback(Object.assign(new Error(`the test's engine does not answer ${name}`), { code: grpc.status.UNIMPLEMENTED }));

  const monitor = {
    supportsFeature(call: Call<{ getId(): string }>, callback: Callback) {
      callback(null, new resproto.SupportsFeatureResponse().setHassupport(FEATURES.has(call.request.getId())));
    },
    registerResource(
      call: Call<{ getType(): string; getName(): string; getParent(): string; getCustom(): boolean; getObject(): { toJavaScript(): Record<string, unknown> } | undefined }>,
      callback: Callback,
    ) {
      const req = call.request;
      const [, stack, project] = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(req.getParent()) ?? [];
      const parentType = qualifiedTypes.get(req.getParent());
      const qualified = parentType && !parentType.endsWith("pulumi:pulumi:Stack") ? `${parentType}$${req.getType()}` : req.getType();
      const urn = `urn:pulumi:${stack ?? "unknown"}::${project ?? "unknown"}::${qualified}::${req.getName()}`;
      qualifiedTypes.set(urn, qualified);
      const inputs = req.getObject()?.toJavaScript() ?? {};
      registered.push({ urn, type: req.getType(), name: req.getName(), parent: req.getParent(), custom: req.getCustom(), inputs });
      const res = new resproto.RegisterResourceResponse().setUrn(urn).setObject(structproto.Struct.fromJavaScript(req.getCustom() ? inputs : {}));
      callback(null, res);
    },
    registerResourceOutputs(_call: unknown, callback: Callback) {
      callback(null, new emptyproto.Empty());
    },
    getDeploymentInfo: unimplemented("GetDeploymentInfo"),
    invoke: unimplemented("Invoke"),
    call: unimplemented("Call"),
    readResource: unimplemented("ReadResource"),
    existsResource: unimplemented("ExistsResource"),
    registerStackTransform: unimplemented("RegisterStackTransform"),
    registerStackInvokeTransform: unimplemented("RegisterStackInvokeTransform"),
    registerResourceHook: unimplemented("RegisterResourceHook"),
    registerErrorHook: unimplemented("RegisterErrorHook"),
    registerPackage: unimplemented("RegisterPackage"),
    signalAndWaitForShutdown(_call: unknown, callback: Callback) {
      callback(null, new emptyproto.Empty());
    },
  };
  const engine = {
    log(call: Call<{ getSeverity(): number; getMessage(): string }>, callback: Callback) {
      if (call.request.getSeverity() >= engineproto.LogSeverity.WARNING) logs.push(call.request.getMessage());
      callback(null, new emptyproto.Empty());
    },
    getRootResource(_call: unknown, callback: Callback) {
      callback(null, new engineproto.GetRootResourceResponse());
    },
    setRootResource(_call: unknown, callback: Callback) {
      callback(null, new engineproto.SetRootResourceResponse());
    },
    startDebugging: unimplemented("StartDebugging"),
    requirePulumiVersion(_call: unknown, callback: Callback) {
      callback(null, new engineproto.RequirePulumiVersionResponse());
    },
  };

  const server = new grpc.Server();
  server.addService(resrpc.ResourceMonitorService, monitor);
  server.addService(enginerpc.EngineService, engine);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    registered,
    logs,
    stackUrn(project, stack) {
      const urn = `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
      qualifiedTypes.set(urn, "pulumi:pulumi:Stack");
      return urn;
    },
    close: () => server.forceShutdown(),
  };
}
