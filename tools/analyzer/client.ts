/**
 * A stand-in for the Pulumi CLI's side of the CrossGuard Analyzer protocol, so that tests and benchmarks can drive a
 * policy pack exactly as `pulumi preview --policy-pack <dir> [--policy-pack-config <file>]` does, without a CLI.
 *
 * What the real CLI does (pulumi/pulumi at 1b59498, read for this file):
 *
 * - Start (pkg/resource/plugin/analyzer_plugin.go `NewPolicyAnalyzer` -> nodejs language host
 *   sdk/nodejs/cmd/pulumi-language-nodejs/main.go `RunPlugin`): the language host serves a small proxy
 *   (sdk/policy_proxy.go `PolicyProxy`), which answers `Handshake` itself and waits for `ConfigureStack`; only then
 *   does it spawn `node <@pulumi/pulumi resolved from the pack dir>/cmd/run-policy-pack <engine address> <pack dir>`
 *   with the pack dir as cwd, the CLI's environment plus PULUMI_NODEJS_TYPESCRIPT=true (runtime option `typescript`
 *   defaults to true), PULUMI_NODEJS_{ORGANIZATION,PROJECT,STACK,DRY_RUN} and PULUMI_CONFIG (JSON of the stack
 *   config). It reads the first stdout line as the port, dials it and forwards `ConfigureStack` first. The engine
 *   address is dropped by run-policy-pack; this harness passes a placeholder. (The legacy `pulumi-analyzer-policy`
 *   shim path, used when no nodejs language plugin is found, passed `<engine> .` and sent `Handshake` straight to
 *   the pack as its liveness probe; `opts.handshake` reproduces that probe.)
 * - Then (pkg/host/host.go `PolicyAnalyzer`) `GetPluginInfo`; then (pkg/engine/update.go
 *   `LoadLocalPolicyPackAnalyzers`) `GetAnalyzerInfo` and, when `supportsConfig` (always, for @pulumi/policy),
 *   `Configure` with pkg/resource/analyzer/config.go `ReconcilePolicyPackConfig(policies, initialConfig, file)`.
 * - Per registered resource (pkg/resource/deploy/step_generator.go): `Remediate`, then `Analyze` on the (possibly
 *   remediated) *inputs*; at the end (`AnalyzeResources`) one `AnalyzeStack` on every resource's *outputs*; at
 *   shutdown (pkg/host/host.go `Close`) `Cancel` (5 s budget, UNIMPLEMENTED is fine), then SIGKILL of the process
 *   group (pkg/resource/plugin/plugin.go `Close`/`Kill`).
 *
 * Marshalling (sdk/go/common/resource/plugin/rpc.go `MarshalProperties` with
 * `{KeepUnknowns: true, KeepSecrets: true, SkipInternalKeys: true}` for Analyze/AnalyzeStack/providers,
 * `SkipInternalKeys: false` for Remediate): an unknown (computed) value becomes a sentinel *string* chosen by the
 * value's type (`UNKNOWNS`; what the nodejs SDK sends for an unknown Output is always the string one, `UNKNOWN`);
 * a secret becomes `{[sig]: secretSig, value}` (`secret()`); top-level keys starting with "__" are dropped; nulls
 * are kept. @pulumi/policy then hands Analyze/AnalyzeStack policies the *plain* value of a secret and throws
 * `UnknownValueError` from a proxy when a policy *reads* an unknown, which it reports as an advisory
 * "can't run policy '<p>' from policy pack '<pack>@v<ver>' during preview: <type> value at .<path> can't be known
 * during preview" diagnostic instead of running the policy.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import * as YAML from "yaml";

import type * as grpcTypes from "@grpc/grpc-js";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as grpcPb from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as pluginPbTypes from "@pulumi/pulumi/proto/plugin_pb";
import * as apb from "@pulumi/pulumi/proto/analyzer_pb";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

// Load @grpc/grpc-js and google-protobuf through the very module instances the generated stubs use, so `instanceof`
// checks in the generated serializers and grpc credentials always agree, wherever npm placed the packages.
const grpcPbPath = require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb");
const stubRequire = createRequire(grpcPbPath);
const grpc: typeof grpcTypes = stubRequire("@grpc/grpc-js");
const { AnalyzerClient }: typeof grpcPb = stubRequire("./analyzer_grpc_pb");
const { Struct }: typeof structTypes = stubRequire("google-protobuf/google/protobuf/struct_pb");
const { Empty }: typeof emptyTypes = stubRequire("google-protobuf/google/protobuf/empty_pb");

export type AnalyzerClient = grpcPb.AnalyzerClient;

// ------------------------------------------------------------------------------------------------------------------
// Values
// ------------------------------------------------------------------------------------------------------------------

/** The sentinel the engine sends for an unknown (computed) string during preview; equals `runtime/rpc.unknownValue`. */
export const UNKNOWN: string = unknownValue;

/** The per-type unknown sentinels of sdk/go/common/resource/plugin/rpc.go (the engine picks one by element type). */
export const UNKNOWNS = {
  bool: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  string: unknownValue,
  array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  asset: "030794c1-ac77-496b-92df-f27374a8bd58",
  archive: "e48ece36-62e2-4504-bad9-02848725956a",
  object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
} as const;

/** A secret as it travels to an analyzer (`KeepSecrets: true`). */
export interface SecretJs<T = unknown> {
  [specialSigKey]: typeof specialSecretSig;
  value: T;
}

/** Wraps a property value the way the CLI sends a secret to a policy pack. */
export function secret<T>(value: T): SecretJs<T> {
  return { [specialSigKey]: specialSecretSig, value };
}

export function isSecret(v: unknown): v is SecretJs {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

// ------------------------------------------------------------------------------------------------------------------
// Plain-JS shapes
// ------------------------------------------------------------------------------------------------------------------

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
export type PolicySeverity = "" | "low" | "medium" | "high" | "critical";
export type PolicyType = "resource" | "stack" | "unknown";

export interface CustomTimeoutsJs {
  create?: number;
  update?: number;
  delete?: number;
  read?: number;
}

/** Mirrors pulumirpc.AnalyzerResourceOptions (always sent, with zeroed custom timeouts, as the CLI does). */
export interface AnalyzerResourceOptionsJs {
  protect?: boolean;
  ignoreChanges?: string[];
  /** Sent with `deleteBeforeReplaceDefined = (deleteBeforeReplace !== undefined)`. */
  deleteBeforeReplace?: boolean;
  additionalSecretOutputs?: string[];
  aliases?: string[];
  customTimeouts?: CustomTimeoutsJs;
  /** Defaults to the resource's `parent`. */
  parent?: string;
}

export interface AnalyzerProviderJs {
  type: string;
  urn: string;
  /** Defaults to the name part of `urn` (the CLI sends `URN.Name()`). */
  name?: string;
  properties?: Record<string, unknown>;
}

/** Mirrors pulumirpc.AnalyzerResource (AnalyzeStack) / AnalyzeRequest (Analyze, Remediate). */
export interface AnalyzerResourceJs {
  type: string;
  urn: string;
  /** Defaults to the name part of `urn` (the CLI sends `URN.Name()`). */
  name?: string;
  /** Inputs for analyze/remediate, outputs for analyzeStack. Use `UNKNOWN`/`UNKNOWNS.*` and `secret()` inside. */
  properties?: Record<string, unknown>;
  options?: AnalyzerResourceOptionsJs;
  provider?: AnalyzerProviderJs;
  /** Parent URN (AnalyzeStack's `parent`, and `options.parent` unless given). */
  parent?: string;
  /** AnalyzeStack only. */
  dependencies?: string[];
  /** AnalyzeStack only; empty lists are skipped, as the CLI does. */
  propertyDependencies?: Record<string, string[]>;
}

export interface ViolationJs {
  policyName: string;
  policyPackName: string;
  /** PulumiPolicy.yaml's `version` when set (the CLI prefers it), else the pack's package.json version. */
  policyPackVersion: string;
  description: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  /**
   * The URN the CLI attributes the violation to: the analyzed resource's for Analyze; for AnalyzeStack the urn the
   * policy reported if it names a resource of the stack, else the root stack's.
   */
  urn: string;
  /** The urn the pack itself put on the diagnostic ("" if the policy gave none). */
  reportedUrn: string;
  severity: PolicySeverity;
}

export interface NotApplicableJs {
  policyName: string;
  reason: string;
}

export interface AnalyzeResultJs {
  violations: ViolationJs[];
  notApplicable: NotApplicableJs[];
}

export interface RemediationJs {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  /** The new property map (secrets as `SecretJs`, unknowns as sentinels), if the remediation changed anything. */
  properties?: Record<string, unknown>;
  /** Set instead of properties when the remediation could not run (e.g. it read an unknown). */
  diagnostic: string;
}

export interface PolicyConfigSchemaJs {
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
}

export interface PolicyInfoJs {
  name: string;
  displayName: string;
  description: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  type: PolicyType;
  severity: PolicySeverity;
  /** As the pack sent it (the CLI additionally injects an `enforcementLevel` property before validating). */
  configSchema?: PolicyConfigSchemaJs;
  tags: string[];
  url: string;
  remediationSteps: string;
  framework?: { name: string; version: string; reference: string; specification: string };
}

export interface PolicyConfigJs {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

/** GetAnalyzerInfo as the CLI sees it: policies sorted by name, PulumiPolicy.yaml's version/description applied. */
export interface AnalyzerInfoJs {
  name: string;
  displayName: string;
  version: string;
  supportsConfig: boolean;
  description: string;
  readme: string;
  provider: string;
  tags: string[];
  repository: string;
  policies: PolicyInfoJs[];
  initialConfig: Record<string, PolicyConfigJs>;
}

/** The JSON of a `--policy-pack-config` file: policy name (or "all") -> level, or object with level and properties. */
export type PolicyPackConfigFile = Record<string, string | { enforcementLevel?: string; [k: string]: unknown }>;

/** Wire-level Configure payload: exactly what goes into ConfigureAnalyzerRequest.policyConfig. */
export type PolicyConfigMap = Record<string, { enforcementLevel: EnforcementLevel | string; properties?: Record<string, unknown> }>;

/** The ConfigureStack request (pulumirpc.AnalyzerStackConfigureRequest), which also shapes the pack's environment. */
export interface StackContext {
  organization?: string;
  project?: string;
  stack?: string;
  dryRun?: boolean;
  /** Stack config, "project:key" -> string value (becomes PULUMI_CONFIG). */
  config?: Record<string, string>;
  configSecretKeys?: string[];
  tags?: Record<string, string>;
}

/** What `startPolicyPack` sends by default: a `pulumi preview` of this project's `dev` stack on a local backend. */
export const DEFAULT_STACK: Readonly<Required<StackContext>> = Object.freeze({
  organization: "organization",
  project: "iam-baseline",
  stack: "dev",
  dryRun: true,
  config: {},
  configSecretKeys: [],
  tags: {},
});

export interface StartPolicyPackOptions {
  /** Extra environment on top of this process's (the CLI passes its whole environment through). */
  env?: NodeJS.ProcessEnv;
  /** Budget for start-up: spawn -> port on stdout -> channel ready -> ConfigureStack. Default 60 s. */
  timeoutMs?: number;
  /** Deadline of every later RPC. Default 30 s. */
  rpcTimeoutMs?: number;
  /**
   * ConfigureStack payload and the PULUMI_NODEJS_* / PULUMI_CONFIG environment derived from it (default
   * DEFAULT_STACK, fields merged). `false`: neither, as for `pulumi policy publish`.
   */
  stack?: StackContext | false;
  /** Send Handshake as the liveness probe, as the engine does on the legacy shim path. Default false. */
  handshake?: boolean;
}

export interface BootPolicyPackOptions extends StartPolicyPackOptions {
  /** Contents of a `--policy-pack-config` file; omitted = no file (the CLI still sends Configure with defaults). */
  policyConfig?: PolicyPackConfigFile;
}

export class PolicyPackError extends Error {
  constructor(
    message: string,
    /** grpc status code name (e.g. "UNIMPLEMENTED", "DEADLINE_EXCEEDED") when an RPC failed. */
    readonly code?: string,
  ) {
    super(message);
    this.name = "PolicyPackError";
  }
}

export interface PackProcess {
  readonly packDir: string;
  readonly pid: number;
  readonly port: number;
  readonly client: AnalyzerClient;
  /** Milliseconds from spawn to the port line, and to the end of start-up (channel ready + ConfigureStack). */
  readonly timings: { portMs: number; readyMs: number };
  /** RPCs sent so far, in order (method names as in analyzer.proto). */
  readonly calls: readonly string[];
  /** Everything the pack wrote to stderr / stdout (after the port line) so far. */
  stderr(): string;
  stdout(): string;
  /** null while running. */
  exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Cancel (best effort, 5 s), close the channel, SIGKILL the process group and wait for it to exit. Idempotent. */
  close(): Promise<void>;
}

export interface PolicyPackServer extends PackProcess {
  readonly stackContext: Readonly<Required<StackContext>> | undefined;
  /** The last policy config map sent with Configure, if any. */
  readonly lastPolicyConfig: PolicyConfigMap | undefined;
  handshake(): Promise<{ implemented: boolean }>;
  configureStack(ctx: StackContext): Promise<{ implemented: boolean }>;
  getPluginInfo(): Promise<{ version: string }>;
  getAnalyzerInfo(): Promise<AnalyzerInfoJs>;
  /** What the CLI does with a `--policy-pack-config` file (or none): parse, reconcile, validate, Configure. */
  configure(config?: PolicyPackConfigFile): Promise<void>;
  /** Sends exactly this map with Configure (no parsing, defaults or validation; an empty map is still sent). */
  configureRaw(config: PolicyConfigMap): Promise<void>;
  analyze(resource: AnalyzerResourceJs): Promise<ViolationJs[]>;
  analyzeDetailed(resource: AnalyzerResourceJs): Promise<AnalyzeResultJs>;
  analyzeStack(resources: AnalyzerResourceJs[]): Promise<ViolationJs[]>;
  analyzeStackDetailed(resources: AnalyzerResourceJs[]): Promise<AnalyzeResultJs>;
  remediate(resource: AnalyzerResourceJs): Promise<RemediationJs[]>;
  /** One resource registration as the step generator does it: Remediate, then Analyze on the remediated inputs. */
  register(resource: AnalyzerResourceJs): Promise<{ remediations: RemediationJs[]; violations: ViolationJs[] }>;
  cancel(): Promise<{ implemented: boolean }>;
}

// ------------------------------------------------------------------------------------------------------------------
// URNs
// ------------------------------------------------------------------------------------------------------------------

/** `urn:pulumi:<stack>::<project>::[<parentType>$]<type>::<name>`. */
export function urnOf(
  type: string,
  name: string,
  opts: { stack?: string; project?: string; parentType?: string } = {},
): string {
  const stack = opts.stack ?? DEFAULT_STACK.stack;
  const project = opts.project ?? DEFAULT_STACK.project;
  const qualified = opts.parentType ? `${opts.parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The root stack resource's URN (resource.DefaultRootStackURN). */
export function rootStackUrn(stack: string, project: string): string {
  return urnOf("pulumi:pulumi:Stack", `${project}-${stack}`, { stack, project });
}

/** URN.Name(): everything after the third "::" (names may themselves contain "::"). */
export function urnName(urn: string): string {
  const parts = urn.replace(/^urn:pulumi:/, "").split("::");
  if (parts.length < 4) {
    throw new PolicyPackError(`not a URN: ${JSON.stringify(urn)}`);
  }
  return parts.slice(3).join("::");
}

function urnStackProject(urn: string): { stack: string; project: string } | undefined {
  const parts = urn.replace(/^urn:pulumi:/, "").split("::");
  return parts.length >= 4 ? { stack: parts[0], project: parts[1] } : undefined;
}

// ------------------------------------------------------------------------------------------------------------------
// Policy pack config, as pkg/resource/analyzer/config.go does it
// ------------------------------------------------------------------------------------------------------------------

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

function isLevel(v: unknown): v is EnforcementLevel {
  return typeof v === "string" && (LEVELS as readonly string[]).includes(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export interface ParsedPolicyConfig {
  /** "" when the file gave none (the CLI's zero value). */
  enforcementLevel: EnforcementLevel | "";
  properties?: Record<string, unknown>;
}

/** `parsePolicyPackConfig`: the "environments" key is dropped, empty entries are skipped, levels are checked. */
export function parsePolicyPackConfig(config: PolicyPackConfigFile): Record<string, ParsedPolicyConfig> {
  const result: Record<string, ParsedPolicyConfig> = {};
  const copy: Record<string, unknown> = JSON.parse(JSON.stringify(config ?? {}));
  if ("environments" in copy) {
    const envs = copy.environments;
    if (!Array.isArray(envs) || envs.some((e) => typeof e !== "string")) {
      throw new PolicyPackError(`"environments" must be an array of strings`);
    }
    delete copy.environments;
  }
  for (const [k, v] of Object.entries(copy)) {
    let enforcementLevel: EnforcementLevel | "" = "";
    let properties: Record<string, unknown> | undefined;
    if (typeof v === "string") {
      if (!isLevel(v)) {
        throw new PolicyPackError(`parsing enforcement level for "${k}": "${v}" is not a valid enforcement level`);
      }
      enforcementLevel = v;
    } else if (isPlainObject(v)) {
      const props = { ...v };
      if ("enforcementLevel" in props) {
        const el = props.enforcementLevel;
        if (typeof el !== "string") {
          throw new PolicyPackError(`parsing enforcement level for "${k}": ${String(el)} is not a valid enforcement level; must be a string`);
        }
        if (!isLevel(el)) {
          throw new PolicyPackError(`parsing enforcement level for "${k}": "${el}" is not a valid enforcement level`);
        }
        enforcementLevel = el;
        delete props.enforcementLevel;
      }
      if (Object.keys(props).length > 0) properties = props;
    } else {
      throw new PolicyPackError(`parsing "${k}": ${JSON.stringify(v)} is not a valid value; must be a string or object`);
    }
    if (enforcementLevel === "" && properties === undefined) continue;
    result[k] = { enforcementLevel, properties };
  }
  return result;
}

/**
 * `ReconcilePolicyPackConfig`: every policy gets its own level and its schema's `default`s, then the pack's
 * initialConfig, then the file's config ("all" sets every policy's level, and is itself passed on as an entry).
 * Validates against each policy's schema (a subset of JSON Schema: type, enum, const, properties, required,
 * additionalProperties, items, min/max(Length|Items), pattern, minimum/maximum - the CLI uses gojsonschema) and
 * throws the CLI's "validating policy config" error.
 */
export function reconcilePolicyPackConfig(info: AnalyzerInfoJs, config?: PolicyPackConfigFile): PolicyConfigMap {
  type Entry = { enforcementLevel: EnforcementLevel | ""; properties?: Record<string, unknown> };
  const result: Record<string, Entry> = {};
  for (const p of info.policies) {
    let props: Record<string, unknown> | undefined;
    for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
      if (isPlainObject(s) && "default" in s) (props ??= {})[k] = s.default;
    }
    result[p.name] = { enforcementLevel: p.enforcementLevel, properties: props };
  }
  const apply = (toApply: Record<string, Entry>) => {
    const all = toApply.all;
    if (all && isLevel(all.enforcementLevel)) {
      for (const k of Object.keys(result)) result[k] = { enforcementLevel: all.enforcementLevel, properties: result[k].properties };
    }
    for (const [policy, given] of Object.entries(toApply)) {
      let enforcementLevel: EnforcementLevel | "" = result[policy]?.enforcementLevel ?? "";
      let properties = result[policy]?.properties;
      if (isLevel(given.enforcementLevel)) enforcementLevel = given.enforcementLevel;
      if (given.properties && Object.keys(given.properties).length > 0) {
        properties = { ...(properties ?? {}), ...given.properties };
      }
      result[policy] = { enforcementLevel, properties };
    }
  };
  apply(info.initialConfig);
  if (config !== undefined) apply(parsePolicyPackConfig(config));

  const errors: string[] = [];
  for (const p of info.policies) {
    // With supportsConfig the CLI gives every policy a schema (it injects `enforcementLevel`), so all are checked.
    if (!info.supportsConfig) continue;
    const schema: Record<string, unknown> = { type: "object", properties: p.configSchema?.properties ?? {} };
    if (p.configSchema?.required?.length) schema.required = p.configSchema.required;
    for (const e of validateJsonSchema(schema, result[p.name]?.properties ?? {}, "(root)")) {
      errors.push(`${p.name}: ${e.replace(/^\(root\): /, "")}`);
    }
  }
  if (errors.length > 0) {
    errors.sort();
    throw new PolicyPackError(`validating policy config for "${info.name}": ${errors.join("; ")}`);
  }
  return result as PolicyConfigMap;
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function validateJsonSchema(schema: unknown, value: unknown, at: string): string[] {
  if (!isPlainObject(schema)) return [];
  const errs: string[] = [];
  const field = at === "(root)" ? "(root)" : at.replace(/^\(root\)\./, "");
  const type = schema.type;
  if (type !== undefined) {
    const allowed = Array.isArray(type) ? (type as string[]) : [type as string];
    const given = jsonType(value);
    const ok = allowed.some((t) => t === given || (t === "number" && given === "integer"));
    if (!ok) {
      errs.push(`${field}: Invalid type. Expected: ${allowed.join(", ")}, given: ${given}`);
      return errs;
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errs.push(`${field}: ${field} must be one of the following: ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
  }
  if ("const" in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) {
    errs.push(`${field}: ${field} does not match: ${JSON.stringify(schema.const)}`);
  }
  if (typeof value === "string") {
    if (typeof schema.minLength === "number" && [...value].length < schema.minLength) {
      errs.push(`${field}: String length must be greater than or equal to ${schema.minLength}`);
    }
    if (typeof schema.maxLength === "number" && [...value].length > schema.maxLength) {
      errs.push(`${field}: String length must be less than or equal to ${schema.maxLength}`);
    }
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
      errs.push(`${field}: Does not match pattern '${schema.pattern}'`);
    }
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) errs.push(`${field}: Must be greater than or equal to ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum) errs.push(`${field}: Must be less than or equal to ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) errs.push(`${field}: Must be greater than ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) errs.push(`${field}: Must be less than ${schema.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) errs.push(`${field}: Array must have at least ${schema.minItems} items`);
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) errs.push(`${field}: Array must have at most ${schema.maxItems} items`);
    if (isPlainObject(schema.items)) value.forEach((v, i) => errs.push(...validateJsonSchema(schema.items, v, `${at}.${i}`)));
  }
  if (isPlainObject(value)) {
    const props = isPlainObject(schema.properties) ? schema.properties : {};
    for (const r of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
      if (!(r in value)) errs.push(`${field}: ${r} is required`);
    }
    for (const [k, v] of Object.entries(value)) {
      if (k in props) {
        errs.push(...validateJsonSchema(props[k], v, `${at}.${k}`));
      } else if (schema.additionalProperties === false) {
        errs.push(`${field}: Additional property ${k} is not allowed`);
      } else if (isPlainObject(schema.additionalProperties)) {
        errs.push(...validateJsonSchema(schema.additionalProperties, v, `${at}.${k}`));
      }
    }
  }
  return errs;
}

// ------------------------------------------------------------------------------------------------------------------
// Marshalling
// ------------------------------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** JS -> Struct-compatible JSON: undefined object fields are dropped (as absent), undefined array items become null. */
function toJson(v: unknown, at: string): Json {
  if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
  if (Array.isArray(v)) return v.map((e, i) => (e === undefined ? null : toJson(e, `${at}[${i}]`)));
  if (isPlainObject(v)) {
    const out: { [k: string]: Json } = {};
    for (const [k, e] of Object.entries(v)) {
      if (e !== undefined) out[k] = toJson(e, `${at}.${k}`);
    }
    return out;
  }
  const what = typeof v === "object" ? `a ${v.constructor?.name ?? "non-plain"} object` : `a ${typeof v}`;
  throw new PolicyPackError(`cannot send ${at} to a policy pack: ${what} is not JSON-like`);
}

function toStruct(props: Record<string, unknown> | undefined, skipInternalKeys: boolean, what: string): structTypes.Struct {
  const obj: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props ?? {})) {
    if (skipInternalKeys && k.startsWith("__")) continue;
    obj[k] = v;
  }
  return Struct.fromJavaScript(toJson(obj, what) as { [k: string]: Json });
}

function marshalOptions(r: AnalyzerResourceJs): apb.AnalyzerResourceOptions {
  const o = r.options ?? {};
  const opts = new apb.AnalyzerResourceOptions();
  opts.setProtect(o.protect ?? false);
  opts.setIgnorechangesList(o.ignoreChanges ?? []);
  opts.setDeletebeforereplace(o.deleteBeforeReplace ?? false);
  opts.setDeletebeforereplacedefined(o.deleteBeforeReplace !== undefined);
  opts.setAdditionalsecretoutputsList(o.additionalSecretOutputs ?? []);
  opts.setAliasesList(o.aliases ?? []);
  const t = new apb.AnalyzerResourceOptions.CustomTimeouts();
  t.setCreate(o.customTimeouts?.create ?? 0);
  t.setUpdate(o.customTimeouts?.update ?? 0);
  t.setDelete(o.customTimeouts?.delete ?? 0);
  t.setRead(o.customTimeouts?.read ?? 0);
  opts.setCustomtimeouts(t);
  opts.setParent(o.parent ?? r.parent ?? "");
  return opts;
}

function marshalProvider(p: AnalyzerProviderJs | undefined): apb.AnalyzerProviderResource | undefined {
  if (!p) return undefined;
  const m = new apb.AnalyzerProviderResource();
  m.setUrn(p.urn);
  m.setType(p.type);
  m.setName(p.name ?? urnName(p.urn));
  m.setProperties(toStruct(p.properties, true, `provider ${p.urn} properties`));
  return m;
}

function marshalAnalyzeRequest(r: AnalyzerResourceJs, skipInternalKeys: boolean): apb.AnalyzeRequest {
  const req = new apb.AnalyzeRequest();
  req.setUrn(r.urn);
  req.setType(r.type);
  req.setName(r.name ?? urnName(r.urn));
  req.setProperties(toStruct(r.properties, skipInternalKeys, `${r.urn} properties`));
  req.setOptions(marshalOptions(r));
  const prov = marshalProvider(r.provider);
  if (prov) req.setProvider(prov);
  return req;
}

function marshalStackResource(r: AnalyzerResourceJs): apb.AnalyzerResource {
  const m = new apb.AnalyzerResource();
  m.setUrn(r.urn);
  m.setType(r.type);
  m.setName(r.name ?? urnName(r.urn));
  m.setProperties(toStruct(r.properties, true, `${r.urn} properties`));
  m.setOptions(marshalOptions(r));
  const prov = marshalProvider(r.provider);
  if (prov) m.setProvider(prov);
  m.setParent(r.parent ?? "");
  m.setDependenciesList(r.dependencies ?? []);
  const deps = m.getPropertydependenciesMap();
  for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
    if (urns.length === 0) continue;
    const d = new apb.AnalyzerPropertyDependencies();
    d.setUrnsList(urns);
    deps.set(k, d);
  }
  return m;
}

function levelToJs(el: apb.EnforcementLevel): EnforcementLevel {
  switch (el) {
    case apb.EnforcementLevel.ADVISORY:
      return "advisory";
    case apb.EnforcementLevel.MANDATORY:
      return "mandatory";
    case apb.EnforcementLevel.DISABLED:
      return "disabled";
    case apb.EnforcementLevel.REMEDIATE:
      return "remediate";
    default:
      throw new PolicyPackError(`invalid enforcement level ${el}`);
  }
}

function levelToPb(el: string): apb.EnforcementLevel {
  switch (el) {
    case "advisory":
      return apb.EnforcementLevel.ADVISORY;
    case "mandatory":
      return apb.EnforcementLevel.MANDATORY;
    case "disabled":
      return apb.EnforcementLevel.DISABLED;
    case "remediate":
      return apb.EnforcementLevel.REMEDIATE;
    default:
      throw new PolicyPackError(`invalid enforcement level ${JSON.stringify(el)}`);
  }
}

function severityToJs(s: apb.PolicySeverity): PolicySeverity {
  switch (s) {
    case apb.PolicySeverity.POLICY_SEVERITY_LOW:
      return "low";
    case apb.PolicySeverity.POLICY_SEVERITY_MEDIUM:
      return "medium";
    case apb.PolicySeverity.POLICY_SEVERITY_HIGH:
      return "high";
    case apb.PolicySeverity.POLICY_SEVERITY_CRITICAL:
      return "critical";
    default:
      return "";
  }
}

function policyTypeToJs(t: apb.PolicyType): PolicyType {
  switch (t) {
    case apb.PolicyType.POLICY_TYPE_RESOURCE:
      return "resource";
    case apb.PolicyType.POLICY_TYPE_STACK:
      return "stack";
    default:
      return "unknown";
  }
}

// ------------------------------------------------------------------------------------------------------------------
// Process management
// ------------------------------------------------------------------------------------------------------------------

type Unary<Req, Res> = (
  req: Req,
  md: grpcTypes.Metadata,
  o: Partial<grpcTypes.CallOptions>,
  cb: (e: grpcTypes.ServiceError | null, r: Res) => void,
) => unknown;

const live = new Set<PolicyPackServerImpl>();

process.once("exit", () => {
  // Last resort for packs a test forgot to close (or when mocha bails): never leave a node process behind.
  for (const s of live) s.killNow();
});

/** Closes every pack this process started and has not closed yet (for a root `after` hook). */
export async function closeAllPolicyPacks(): Promise<void> {
  await Promise.all([...live].map((s) => s.close()));
}

/** Pids of packs started and not yet closed by this process. */
export function livePolicyPackPids(): number[] {
  return [...live].map((s) => s.pid);
}

const TAIL = 8000;
/** The end of a stream, without ANSI colour codes (the pack's logger colours stack traces). */
function tail(s: string): string {
  const plain = s.replace(/\x1b\[[0-9;]*m/g, "");
  return plain.length > TAIL ? `...${plain.slice(-TAIL)}` : plain;
}

interface PackProject {
  runtime: string;
  options: Record<string, unknown>;
  version?: string;
  description?: string;
}

function readPackProject(packDir: string): PackProject {
  const file = path.join(packDir, "PulumiPolicy.yaml");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new PolicyPackError(`failed to load Pulumi policy project located at "${packDir}": ${(e as Error).message}`);
  }
  const doc = (YAML.parse(text) ?? {}) as Record<string, unknown>;
  const rt = doc.runtime;
  const runtime = typeof rt === "string" ? rt : isPlainObject(rt) && typeof rt.name === "string" ? rt.name : "";
  const options = isPlainObject(rt) && isPlainObject(rt.options) ? rt.options : {};
  if (runtime !== "nodejs") {
    throw new PolicyPackError(`${file}: runtime ${JSON.stringify(runtime)} is not supported by this harness (nodejs only)`);
  }
  return {
    runtime,
    options,
    version: typeof doc.version === "string" && doc.version !== "" ? doc.version : undefined,
    description: typeof doc.description === "string" ? doc.description : undefined,
  };
}

/** Starts `node <@pulumi/pulumi>/cmd/run-policy-pack <engine> <packDir>` in packDir and connects to it. */
export async function startPolicyPack(packDir: string, opts: StartPolicyPackOptions = {}): Promise<PolicyPackServer> {
  const dir = path.resolve(packDir);
  const project = readPackProject(dir);
  let runPolicyPack: string;
  try {
    // locateModule(ctx, "@pulumi/pulumi/cmd/run-policy-pack", programDirectory, ...) resolves from the pack dir.
    runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
  } catch {
    throw new PolicyPackError(`it looks like the policy pack's dependencies are not installed; try running npm install or yarn install in "${dir}"`);
  }
  const stack = opts.stack === false ? undefined : { ...DEFAULT_STACK, ...(opts.stack ?? {}) };
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (project.options.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (typeof project.options.tsconfig === "string") env.PULUMI_NODEJS_TSCONFIG_PATH = project.options.tsconfig;
  if (stack) {
    if (stack.organization) env.PULUMI_NODEJS_ORGANIZATION = stack.organization;
    if (stack.project) env.PULUMI_NODEJS_PROJECT = stack.project;
    if (stack.stack) env.PULUMI_NODEJS_STACK = stack.stack;
    env.PULUMI_NODEJS_DRY_RUN = String(stack.dryRun);
    if (Object.keys(stack.config).length > 0) {
      const sorted = Object.fromEntries(Object.entries(stack.config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      env.PULUMI_CONFIG = JSON.stringify(sorted);
    }
  }
  Object.assign(env, opts.env ?? {});

  const timeoutMs = opts.timeoutMs ?? 60_000;
  const started = Date.now();
  const child = spawn(process.execPath, [runPolicyPack, "127.0.0.1:0" /* engine address: dropped by run-policy-pack */, dir], {
    cwd: dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group, so close() can kill(-pid) like the CLI's KillChildren
  });
  const server = new PolicyPackServerImpl(dir, child, project, stack, opts.rpcTimeoutMs ?? 30_000);
  try {
    const port = await server.awaitPort(started + timeoutMs, timeoutMs);
    server.port = port;
    server.timings.portMs = Date.now() - started;
    server.connect();
    await server.awaitReady(started + timeoutMs);
    if (opts.handshake) await server.handshakeProbe(started + timeoutMs);
    if (stack) {
      const remaining = started + timeoutMs - Date.now();
      await server.configureStackWithin(stack, Math.max(remaining, 1));
    }
    server.timings.readyMs = Date.now() - started;
    return server;
  } catch (e) {
    await server.close().catch(() => undefined); // the start-up error is the one worth reporting
    throw e;
  }
}

/**
 * `startPolicyPack` followed by the rest of the CLI's boot sequence: GetPluginInfo, GetAnalyzerInfo, and Configure
 * with the reconciled config (sent even without a config file, since @pulumi/policy packs support config).
 */
export async function bootPolicyPack(packDir: string, opts: BootPolicyPackOptions = {}): Promise<PolicyPackServer> {
  const server = await startPolicyPack(packDir, opts);
  try {
    await server.getPluginInfo();
    await server.configure(opts.policyConfig);
    return server;
  } catch (e) {
    await server.close().catch(() => undefined);
    throw e;
  }
}

class PolicyPackServerImpl implements PolicyPackServer {
  port = 0;
  readonly timings = { portMs: 0, readyMs: 0 };
  readonly calls: string[] = [];
  lastPolicyConfig: PolicyConfigMap | undefined;
  private clientOrUndefined: AnalyzerClient | undefined;
  private out = "";
  private err = "";
  private exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  /** Exited and its pipes drained (or given up on). */
  private gone = false;
  private readonly exited: Promise<void>;
  private closing: Promise<void> | undefined;
  private info: AnalyzerInfoJs | undefined;
  private portLine: ((line: string) => void) | undefined;
  private portFailed: ((e: Error) => void) | undefined;
  readonly pid: number;

  constructor(
    readonly packDir: string,
    private readonly child: ChildProcess,
    private readonly project: PackProject,
    readonly stackContext: Readonly<Required<StackContext>> | undefined,
    private readonly rpcTimeoutMs: number,
  ) {
    this.pid = child.pid ?? -1;
    live.add(this);
    let portBuf: string | undefined = "";
    child.stdout!.setEncoding("utf8");
    child.stderr!.setEncoding("utf8");
    child.stdout!.on("data", (d: string) => {
      if (portBuf === undefined) {
        this.out += d;
        return;
      }
      portBuf += d;
      const nl = portBuf.indexOf("\n");
      if (nl >= 0) {
        const line = portBuf.slice(0, nl);
        this.out += portBuf.slice(nl + 1);
        portBuf = undefined;
        this.portLine?.(line);
      }
    });
    child.stderr!.on("data", (d: string) => {
      this.err += d;
      if (this.err.length > 4 * TAIL) this.err = this.err.slice(-2 * TAIL);
    });
    this.exited = new Promise<void>((resolve) => {
      let settled = false;
      const settle = (why: () => string) => {
        if (settled) return;
        settled = true;
        this.gone = true;
        live.delete(this);
        this.portFailed?.(this.fail(why()));
        resolve();
      };
      const portRead = () => JSON.stringify(portBuf ?? "");
      // 'exit' can come before the pipes are drained; wait for 'close' (all of stderr) but not forever, since a
      // grandchild could hold the pipes open.
      child.once("exit", (code, signal) => {
        this.exit = { code, signal };
        setTimeout(() => settle(() => `exited before announcing its port (read ${portRead()})`), 500).unref();
      });
      child.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
        this.exit ??= { code, signal };
        settle(() => `exited before announcing its port (read ${portRead()})`);
      });
      child.once("error", (e) => {
        this.exit ??= { code: null, signal: null };
        settle(() => `could not be started: ${e.message}`);
      });
    });
    // Neither the child nor its pipes keep the test process alive; the exit hook above kills leftovers.
    child.unref();
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    (child.stderr as unknown as { unref?: () => void }).unref?.();
  }

  get client(): AnalyzerClient {
    if (!this.clientOrUndefined) throw new PolicyPackError(`policy pack ${this.packDir} is not connected`);
    return this.clientOrUndefined;
  }

  stderr(): string {
    return this.err;
  }

  stdout(): string {
    return this.out;
  }

  exitStatus() {
    return this.exit;
  }

  /** An error that names the pack and carries its stderr and exit status. */
  fail(what: string, code?: string): PolicyPackError {
    const status = this.exit ? ` (process exited: code ${this.exit.code}, signal ${this.exit.signal})` : "";
    const err = this.err.trim() ? `\n--- stderr of the policy pack ---\n${tail(this.err.trimEnd())}` : "\n(the policy pack wrote nothing to stderr)";
    const out = this.out.trim() ? `\n--- stdout of the policy pack ---\n${tail(this.out.trimEnd())}` : "";
    return new PolicyPackError(`policy pack ${this.packDir} (pid ${this.pid}) ${what}${status}${err}${out}`, code);
  }

  awaitPort(deadline: number, budgetMs: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          done();
          reject(this.fail(`did not announce its port on stdout within ${budgetMs}ms`, "DEADLINE_EXCEEDED"));
        },
        Math.max(deadline - Date.now(), 1),
      );
      const done = () => {
        clearTimeout(timer);
        this.portLine = undefined;
        this.portFailed = undefined;
      };
      this.portFailed = (e) => {
        done();
        reject(e);
      };
      this.portLine = (line) => {
        done();
        // plugin.go parsePort: strip the dotnet progress escapes, trim, must be 1..65535.
        const s = line.replace(/\x1b\]9;4;3;\x1b\\/g, "").replace(/\x1b\]9;4;0;\x1b\\/g, "").trim();
        const port = /^\d+$/.test(s) ? Number(s) : NaN;
        if (!(port > 0 && port <= 65535)) {
          reject(this.fail(`wrote an invalid port to stdout: ${JSON.stringify(line)}`));
        } else {
          resolve(port);
        }
      };
      if (this.gone) this.portFailed(this.fail("exited before announcing its port"));
    });
  }

  connect(): void {
    this.clientOrUndefined = new AnalyzerClient(`127.0.0.1:${this.port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 400 * 1024 * 1024,
      "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
  }

  awaitReady(deadline: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.client.waitForReady(deadline, (e) => {
        if (e) reject(this.fail(`did not accept a gRPC connection on port ${this.port}: ${e.message}`));
        else resolve();
      });
    });
  }

  private rpc<Req, Res>(method: string, invoke: Unary<Req, Res>, req: Req, timeoutMs = this.rpcTimeoutMs): Promise<Res> {
    this.calls.push(method);
    if (this.exit) return Promise.reject(this.fail(`cannot answer ${method}: it is not running`));
    return new Promise<Res>((resolve, reject) => {
      invoke.call(this.client, req, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (e, r) => {
        if (!e) return resolve(r);
        const code = grpc.status[e.code] ?? String(e.code);
        const why =
          code === "DEADLINE_EXCEEDED"
            ? `did not answer ${method} within ${timeoutMs}ms`
            : `failed ${method}: ${code}: ${e.details || e.message}`;
        // Give a dying process a moment so its exit status and last stderr make it into the error.
        setTimeout(() => reject(this.fail(why, code)), this.exit || code !== "UNAVAILABLE" ? 0 : 100);
      });
    });
  }

  private async optional<Res>(p: Promise<Res>): Promise<{ implemented: boolean; res?: Res }> {
    try {
      return { implemented: true, res: await p };
    } catch (e) {
      if (e instanceof PolicyPackError && e.code === "UNIMPLEMENTED") return { implemented: false };
      throw e;
    }
  }

  async handshakeProbe(deadline: number): Promise<void> {
    // dialPlugin: retry while UNAVAILABLE; UNIMPLEMENTED is fine (the pack predates Handshake).
    for (;;) {
      try {
        await this.handshakeWithin(Math.max(deadline - Date.now(), 1));
        return;
      } catch (e) {
        if (!(e instanceof PolicyPackError && e.code === "UNAVAILABLE") || Date.now() >= deadline) throw e;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  }

  private async handshakeWithin(timeoutMs: number): Promise<{ implemented: boolean }> {
    const req = new apb.AnalyzerHandshakeRequest();
    req.setEngineAddress("127.0.0.1:0");
    req.setRootDirectory(this.packDir);
    req.setProgramDirectory(this.packDir);
    const { implemented } = await this.optional(this.rpc("Handshake", this.client.handshake, req, timeoutMs));
    return { implemented };
  }

  handshake(): Promise<{ implemented: boolean }> {
    return this.handshakeWithin(this.rpcTimeoutMs);
  }

  async configureStackWithin(ctx: StackContext, timeoutMs: number): Promise<{ implemented: boolean }> {
    const c = { ...DEFAULT_STACK, ...ctx };
    const req = new apb.AnalyzerStackConfigureRequest();
    req.setStack(c.stack);
    req.setProject(c.project);
    req.setOrganization(c.organization);
    req.setDryRun(c.dryRun);
    for (const [k, v] of Object.entries(c.config)) req.getConfigMap().set(k, v);
    req.setConfigSecretKeysList(c.configSecretKeys);
    for (const [k, v] of Object.entries(c.tags)) req.getTagsMap().set(k, v);
    const { implemented } = await this.optional(this.rpc("ConfigureStack", this.client.configureStack, req, timeoutMs));
    return { implemented };
  }

  configureStack(ctx: StackContext): Promise<{ implemented: boolean }> {
    return this.configureStackWithin(ctx, this.rpcTimeoutMs);
  }

  async getPluginInfo(): Promise<{ version: string }> {
    const res = await this.rpc<emptyTypes.Empty, pluginPbTypes.PluginInfo>("GetPluginInfo", this.client.getPluginInfo, new Empty());
    return { version: res.getVersion() };
  }

  async getAnalyzerInfo(): Promise<AnalyzerInfoJs> {
    const res = await this.rpc<emptyTypes.Empty, apb.AnalyzerInfo>("GetAnalyzerInfo", this.client.getAnalyzerInfo, new Empty());
    const policies: PolicyInfoJs[] = res.getPoliciesList().map((p) => {
      const schema = p.getConfigschema();
      const fw = p.getFramework();
      const info: PolicyInfoJs = {
        name: p.getName(),
        displayName: p.getDisplayname(),
        description: p.getDescription(),
        message: p.getMessage(),
        enforcementLevel: levelToJs(p.getEnforcementlevel()),
        type: policyTypeToJs(p.getPolicyType()),
        severity: severityToJs(p.getSeverity()),
        tags: p.getTagsList(),
        url: p.getUrl(),
        remediationSteps: p.getRemediationSteps(),
      };
      if (schema) {
        info.configSchema = { properties: (schema.getProperties()?.toJavaScript() ?? {}) as PolicyConfigSchemaJs["properties"] };
        if (schema.getRequiredList().length > 0) info.configSchema.required = schema.getRequiredList();
      }
      if (fw) info.framework = { name: fw.getName(), version: fw.getVersion(), reference: fw.getReference(), specification: fw.getSpecification() };
      return info;
    });
    policies.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const initialConfig: Record<string, PolicyConfigJs> = {};
    res.getInitialconfigMap().forEach((v, k) => {
      initialConfig[k] = {
        enforcementLevel: levelToJs(v.getEnforcementlevel()),
        properties: (v.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
      };
    });
    this.info = {
      name: res.getName(),
      displayName: res.getDisplayname(),
      version: this.project.version ?? res.getVersion(),
      supportsConfig: res.getSupportsconfig(),
      description: res.getDescription() || (this.project.description ?? ""),
      readme: res.getReadme(),
      provider: res.getProvider(),
      tags: res.getTagsList(),
      repository: res.getRepository(),
      policies,
      initialConfig,
    };
    return this.info;
  }

  async configure(config?: PolicyPackConfigFile): Promise<void> {
    const info = this.info ?? (await this.getAnalyzerInfo());
    if (!info.supportsConfig) {
      if (config !== undefined) throw new PolicyPackError(`policy pack "${info.name}" at "${this.packDir}" does not support config`);
      return;
    }
    const reconciled = reconcilePolicyPackConfig(info, config);
    // analyzer.Configure: nothing to send for an empty map; every entry needs a valid level.
    if (Object.keys(reconciled).length === 0) return;
    for (const v of Object.values(reconciled)) {
      if (!isLevel(v.enforcementLevel)) {
        throw new PolicyPackError(`configuring policy pack "${info.name}": invalid enforcement level "${v.enforcementLevel}"`);
      }
    }
    await this.configureRaw(reconciled);
  }

  async configureRaw(config: PolicyConfigMap): Promise<void> {
    const req = new apb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [k, v] of Object.entries(config)) {
      const pc = new apb.PolicyConfig();
      pc.setEnforcementlevel(levelToPb(v.enforcementLevel));
      // structpb.NewStruct(nil) is an empty Struct, never absent: the pack calls getProperties().toJavaScript().
      pc.setProperties(toStruct(v.properties, false, `config of ${k}`));
      map.set(k, pc);
    }
    await this.rpc("Configure", this.client.configure, req);
    this.lastPolicyConfig = JSON.parse(JSON.stringify(config));
  }

  private diagnostics(res: apb.AnalyzeResponse, attribute: (reported: string) => string): AnalyzeResultJs {
    const violations = res.getDiagnosticsList().map((d): ViolationJs => {
      let level = levelToJs(d.getEnforcementlevel());
      if (level === "remediate") level = "mandatory"; // the CLI downgrades a still-violating remediation
      return {
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        policyPackVersion: this.project.version ?? d.getPolicypackversion(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: level,
        urn: attribute(d.getUrn()),
        reportedUrn: d.getUrn(),
        severity: severityToJs(d.getSeverity()) || (this.info?.policies.find((p) => p.name === d.getPolicyname())?.severity ?? ""),
      };
    });
    const notApplicable = res.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() }));
    return { violations, notApplicable };
  }

  async analyzeDetailed(resource: AnalyzerResourceJs): Promise<AnalyzeResultJs> {
    const req = marshalAnalyzeRequest(resource, true);
    const res = await this.rpc<apb.AnalyzeRequest, apb.AnalyzeResponse>("Analyze", this.client.analyze, req);
    return this.diagnostics(res, () => resource.urn);
  }

  async analyze(resource: AnalyzerResourceJs): Promise<ViolationJs[]> {
    return (await this.analyzeDetailed(resource)).violations;
  }

  async analyzeStackDetailed(resources: AnalyzerResourceJs[]): Promise<AnalyzeResultJs> {
    const req = new apb.AnalyzeStackRequest();
    req.setResourcesList(resources.map(marshalStackResource));
    const res = await this.optional(this.rpc<apb.AnalyzeStackRequest, apb.AnalyzeResponse>("AnalyzeStack", this.client.analyzeStack, req));
    if (!res.res) return { violations: [], notApplicable: [] }; // UNIMPLEMENTED: the CLI skips stack analysis
    const urns = new Set(resources.map((r) => r.urn));
    const sp = this.stackContext ?? (resources.length > 0 ? urnStackProject(resources[0].urn) : undefined);
    const root = sp ? rootStackUrn(sp.stack, sp.project) : "";
    return this.diagnostics(res.res, (reported) => (urns.has(reported) ? reported : root));
  }

  async analyzeStack(resources: AnalyzerResourceJs[]): Promise<ViolationJs[]> {
    return (await this.analyzeStackDetailed(resources)).violations;
  }

  async remediate(resource: AnalyzerResourceJs): Promise<RemediationJs[]> {
    const req = marshalAnalyzeRequest(resource, false);
    const res = await this.optional(this.rpc<apb.AnalyzeRequest, apb.RemediateResponse>("Remediate", this.client.remediate, req));
    if (!res.res) return [];
    return res.res.getRemediationsList().map((r) => ({
      policyName: r.getPolicyname(),
      policyPackName: r.getPolicypackname(),
      policyPackVersion: this.project.version ?? r.getPolicypackversion(),
      description: r.getDescription(),
      properties: r.getProperties()?.toJavaScript() as Record<string, unknown> | undefined,
      diagnostic: r.getDiagnostic(),
    }));
  }

  async register(resource: AnalyzerResourceJs): Promise<{ remediations: RemediationJs[]; violations: ViolationJs[] }> {
    const remediations = await this.remediate(resource);
    let current = resource;
    for (const r of remediations) {
      if (!r.diagnostic && r.properties) current = { ...current, properties: r.properties };
    }
    return { remediations, violations: await this.analyze(current) };
  }

  async cancel(): Promise<{ implemented: boolean }> {
    const { implemented } = await this.optional(this.rpc("Cancel", this.client.cancel, new Empty()));
    return { implemented };
  }

  /** Synchronous SIGKILL of the process group (exit hook). */
  killNow(): void {
    if (this.exit || this.pid <= 0) return;
    try {
      process.kill(-this.pid, "SIGKILL");
    } catch {
      try {
        this.child.kill("SIGKILL");
      } catch {
        /* already gone */
      }
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.clientOrUndefined && !this.exit) {
        try {
          await this.rpc("Cancel", this.client.cancel, new Empty(), 5_000);
        } catch {
          // UNIMPLEMENTED (as with @pulumi/policy 1.21) or dead: the CLI ignores it too.
        }
      }
      this.clientOrUndefined?.close();
      this.child.ref(); // keep the event loop alive until the exit is observed
      this.killNow();
      const waited = await Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => setTimeout(r, 10_000, false).unref())]);
      live.delete(this);
      if (!waited) throw this.fail("did not exit within 10s of SIGKILL");
    })();
    return this.closing;
  }
}
