/**
 * The program's own `@pulumi/pulumi`, loaded from the program's folder (as the language host runs
 * the project's own SDK): the mocks must be installed in the instance the program imports. A
 * program without its own SDK (a folder inside this repository) gets this repository's.
 */
import { createRequire } from "module";
import * as path from "path";
import type * as PulumiSdk from "@pulumi/pulumi";
import type * as MocksModule from "@pulumi/pulumi/runtime/mocks";
import type * as RpcModule from "@pulumi/pulumi/runtime/rpc";
import type * as SettingsModule from "@pulumi/pulumi/runtime/settings";

export interface ProtoStruct {
  toJavaScript(): Record<string, unknown>;
}
export interface StructStatic {
  fromJavaScript(v: Record<string, unknown>): ProtoStruct;
}
export interface CallResponse {
  setReturn(s: ProtoStruct): void;
}

export interface RegisterResourceResponse {
  setUrn(v: string): void;
  setId(v: string): void;
  setObject(s: ProtoStruct): void;
}
export interface InvokeResponse {
  setReturn(s: ProtoStruct): void;
}

export interface Sdk {
  pulumi: typeof PulumiSdk;
  mocks: typeof MocksModule;
  rpc: typeof RpcModule;
  settings: typeof SettingsModule;
  /** The runtime's global store (feature flags), internal to the SDK. */
  state: { getStore(): Record<string, unknown> };
  Struct: StructStatic;
  newCallResponse(): CallResponse;
  newRegisterResourceResponse(): RegisterResourceResponse;
  newInvokeResponse(): InvokeResponse;
  /** Where it was loaded from. */
  root: string;
}

interface ProviderPb {
  CallResponse: new () => CallResponse;
  InvokeResponse?: new () => InvokeResponse;
}
interface ResourcePb {
  RegisterResourceResponse: new () => RegisterResourceResponse;
  ResourceInvokeResponse?: new () => InvokeResponse;
}

/**
 * The message a monitor answers an invoke with: `ResourceInvokeResponse` (resource.proto) in
 * recent SDKs, the provider protocol's `InvokeResponse` before it existed (3.248 and earlier).
 */
export function invokeResponseClass(resourcePb: Pick<ResourcePb, "ResourceInvokeResponse">, providerPb: Pick<ProviderPb, "InvokeResponse">): new () => InvokeResponse {
  const found = resourcePb.ResourceInvokeResponse ?? providerPb.InvokeResponse;
  if (!found) throw new Error("this @pulumi/pulumi has neither ResourceInvokeResponse nor InvokeResponse: the gate cannot answer provider functions");
  return found;
}

export function loadSdk(programDir: string): Sdk {
  const fromProgram = createRequire(path.join(programDir, "noop.js"));
  let req: NodeRequire = fromProgram;
  try {
    fromProgram.resolve("@pulumi/pulumi");
  } catch {
    req = require;
  }
  const main = req.resolve("@pulumi/pulumi");
  const sdkRequire = createRequire(main);
  const providerPb = sdkRequire("./proto/provider_pb") as ProviderPb;
  const resourcePb = sdkRequire("./proto/resource_pb") as ResourcePb;
  const InvokeResponseClass = invokeResponseClass(resourcePb, providerPb);
  return {
    pulumi: sdkRequire("./index") as typeof PulumiSdk,
    mocks: sdkRequire("./runtime/mocks") as typeof MocksModule,
    rpc: sdkRequire("./runtime/rpc") as typeof RpcModule,
    settings: sdkRequire("./runtime/settings") as typeof SettingsModule,
    state: sdkRequire("./runtime/state") as Sdk["state"],
    Struct: (sdkRequire("google-protobuf/google/protobuf/struct_pb") as { Struct: StructStatic }).Struct,
    newCallResponse: () => new providerPb.CallResponse(),
    newRegisterResourceResponse: () => new resourcePb.RegisterResourceResponse(),
    newInvokeResponse: () => new InvokeResponseClass(),
    root: path.dirname(main),
  };
}
