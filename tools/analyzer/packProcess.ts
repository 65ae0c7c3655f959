/**
 * Starts a policy pack as the CLI's Node.js language host does (`node <@pulumi/pulumi>/cmd/run-policy-pack` in the
 * pack folder, with the stack in its environment) and drives it over the Analyzer protocol in the CLI's order.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import type * as pluginPbTypes from "@pulumi/pulumi/proto/plugin_pb";
import * as apb from "@pulumi/pulumi/proto/analyzer_pb";
import { isPlainObject } from "./json";
import { levelToJs, levelToPb, marshalAnalyzeRequest, marshalStackResource, policyTypeToJs, severityToJs, toStruct } from "./marshal";
import { isLevel, reconcilePolicyPackConfig } from "./policyConfig";
import {
  AnalyzeResultJs, AnalyzerClient, AnalyzerInfoJs, AnalyzerResourceJs, BootPolicyPackOptions, DEFAULT_STACK, PackProcess, PolicyConfigMap,
  PolicyConfigJs, PolicyConfigSchemaJs, PolicyInfoJs, PolicyPackConfigFile, PolicyPackError, PolicyPackServer, RemediationJs, rootStackUrn, StackContext,
  StartPolicyPackOptions, ViolationJs, urnStackProject,
} from "./protocol";
import { AnalyzerClient as AnalyzerClientCtor, Empty, emptyTypes, grpc, grpcTypes } from "./stubs";

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
    this.clientOrUndefined = new AnalyzerClientCtor(`127.0.0.1:${this.port}`, grpc.credentials.createInsecure(), {
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

