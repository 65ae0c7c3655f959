/**
 * The Pulumi CLI's side of the CrossGuard Analyzer protocol, so that the offline gate, tests and benchmarks can drive a
 * policy pack exactly as `pulumi preview --policy-pack <dir> [--policy-pack-config <file>]` does, without a CLI. The
 * engine tests (`npm run test:engine`) run the real CLI on the same stacks and prove both give the same findings.
 *
 * By concern: protocol.ts (values, shapes, URNs), policyConfig.ts (the `--policy-pack-config` file: parse, reconcile,
 * validate with ajv), marshal.ts (JS <-> protobuf), packProcess.ts (start the pack, the RPCs in the CLI's order).
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
export * from "./protocol";
export { parsePolicyPackConfig, reconcilePolicyPackConfig, ParsedPolicyConfig } from "./policyConfig";
export { bootPolicyPack, closeAllPolicyPacks, livePolicyPackPids, startPolicyPack } from "./packProcess";
