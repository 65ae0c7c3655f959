/**
 * The Analyzer protocol's values and shapes as plain JS (mirrors of pulumirpc messages), and URNs: what a policy pack
 * receives from the CLI and what it answers. See client.ts for how the CLI drives a pack.
 */
import type * as grpcPb from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

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


export function urnStackProject(urn: string): { stack: string; project: string } | undefined {
  const parts = urn.replace(/^urn:pulumi:/, "").split("::");
  return parts.length >= 4 ? { stack: parts[0], project: parts[1] } : undefined;
}
