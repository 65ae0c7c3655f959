import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import {
  bootPolicyPack,
  closeAllPolicyPacks,
  livePolicyPackPids,
  PolicyPackError,
  PolicyPackServer,
  secret,
  startPolicyPack,
  UNKNOWN,
  UNKNOWNS,
  urnOf,
  rootStackUrn,
  AnalyzerResourceJs,
} from "./analyzer";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

const PACKS = path.join(__dirname, "../fixtures/packs");
const NOOP = path.join(PACKS, "noop");
const FLAGALL = path.join(PACKS, "flagall");
const STARTUP_BUDGET_MS = 120_000;

const ROLE_TYPE = "aws:iam/role:Role";
const BUCKET_TYPE = "aws:s3/bucket:Bucket";
const role = (name: string, properties: Record<string, unknown> = { name }): AnalyzerResourceJs => ({
  type: ROLE_TYPE,
  urn: urnOf(ROLE_TYPE, name),
  properties,
});
const bucket: AnalyzerResourceJs = { type: BUCKET_TYPE, urn: urnOf(BUCKET_TYPE, "logs"), properties: { bucket: "logs", acl: "private" } };
const ROOT = rootStackUrn("dev", "iam-baseline");

function assertGone(pid: number): void {
  try {
    process.kill(pid, 0);
  } catch (e) {
    assert.strictEqual((e as NodeJS.ErrnoException).code, "ESRCH");
    return;
  }
  assert.fail(`policy pack process ${pid} is still running`);
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  return assert.fail("expected the promise to reject");
}

describe("a CrossGuard policy pack driven through the analyzer harness like `pulumi preview --policy-pack`", function () {
  this.timeout(STARTUP_BUDGET_MS);

  after(async () => {
    await closeAllPolicyPacks();
    assert.deepStrictEqual(livePolicyPackPids(), []);
  });

  it("uses the SDK's own unknown sentinel for UNKNOWN", () => {
    assert.strictEqual(UNKNOWN, unknownValue);
    assert.strictEqual(UNKNOWNS.string, unknownValue);
  });

  describe("the noop pack", () => {
    let pack: PolicyPackServer;
    before(async () => {
      pack = await startPolicyPack(NOOP, { timeoutMs: STARTUP_BUDGET_MS });
    });
    after(async () => {
      await pack?.close();
      if (pack) assertGone(pack.pid);
    });

    it("announces its port as the only line on stdout", () => {
      assert.ok(pack.port > 0 && pack.port <= 65535, `port ${pack.port}`);
      assert.ok(pack.timings.portMs > 0 && pack.timings.readyMs >= pack.timings.portMs);
      assert.strictEqual(pack.stdout(), "");
    });

    it("is sent ConfigureStack before anything else, as the language host's proxy forwards it", () => {
      assert.strictEqual(pack.calls[0], "ConfigureStack");
    });

    it("answers GetAnalyzerInfo with its single advisory resource policy", async () => {
      const info = await pack.getAnalyzerInfo();
      assert.strictEqual(info.name, "noop");
      assert.strictEqual(info.version, "0.0.1");
      assert.strictEqual(info.supportsConfig, true);
      assert.deepStrictEqual(
        info.policies.map((p) => [p.name, p.type, p.enforcementLevel, p.configSchema]),
        [["noop", "resource", "advisory", undefined]],
      );
      assert.deepStrictEqual(info.initialConfig, {});
    });

    it("answers GetPluginInfo with the @pulumi/policy version", async () => {
      assert.deepStrictEqual(await pack.getPluginInfo(), { version: "1.21.0" });
    });

    it("reports nothing for a resource or for the stack", async () => {
      assert.deepStrictEqual(await pack.analyze(role("admin")), []);
      assert.deepStrictEqual(await pack.analyzeStack([role("admin"), bucket]), []);
    });

    // Handshake is answered by the language host's policy proxy, not the pack: npm run test:engine runs that path.
    it("answers Cancel with UNIMPLEMENTED, which the CLI tolerates", async () => {
      assert.deepStrictEqual(await pack.cancel(), { implemented: false });
    });

    it("is gone once closed, leaving no process behind", async () => {
      await pack.close();
      assertGone(pack.pid);
      assert.strictEqual(pack.exitStatus()?.signal, "SIGKILL");
      assert.ok(!livePolicyPackPids().includes(pack.pid));
    });
  });

  describe("the flagall pack before any Configure", () => {
    let pack: PolicyPackServer;
    before(async () => {
      pack = await startPolicyPack(FLAGALL, { timeoutMs: STARTUP_BUDGET_MS });
    });
    after(async () => {
      await pack?.close();
      if (pack) assertGone(pack.pid);
    });

    it("lists flag-all as a mandatory resource policy with a prefix schema and count-stack as an advisory stack policy", async () => {
      const info = await pack.getAnalyzerInfo();
      assert.strictEqual(info.name, "flagall");
      assert.deepStrictEqual(
        info.policies.map((p) => [p.name, p.type, p.enforcementLevel]),
        [
          ["count-stack", "stack", "advisory"],
          ["flag-all", "resource", "mandatory"],
        ],
      );
      const flagAll = info.policies.find((p) => p.name === "flag-all");
      assert.deepStrictEqual(flagAll?.configSchema, { properties: { prefix: { type: "string", default: "flagged" } } });
    });

    it("flags an IAM role with one mandatory violation attributed to the role's URN, without a prefix since getConfig() is still empty", async () => {
      const violations = await pack.analyze(role("admin-role"));
      assert.strictEqual(violations.length, 1);
      const [v] = violations;
      assert.strictEqual(v.policyName, "flag-all");
      assert.strictEqual(v.policyPackName, "flagall");
      assert.strictEqual(v.policyPackVersion, "0.0.1");
      assert.strictEqual(v.enforcementLevel, "mandatory");
      assert.strictEqual(v.urn, urnOf(ROLE_TYPE, "admin-role"));
      assert.strictEqual(v.reportedUrn, "");
      // @pulumi/policy prefixes the reported message with the policy's description.
      assert.strictEqual(v.message, "Flags every IAM role.\n(no prefix configured): role admin-role");
    });

    it("leaves an S3 bucket alone", async () => {
      assert.deepStrictEqual(await pack.analyze(bucket), []);
    });

    it("counts the stack's resources in one advisory violation attributed to the root stack", async () => {
      const violations = await pack.analyzeStack([role("a"), role("b"), bucket]);
      assert.deepStrictEqual(
        violations.map((v) => [v.policyName, v.enforcementLevel, v.message, v.urn]),
        [["count-stack", "advisory", "Counts the resources in the stack.\nsaw 3 resources", ROOT]],
      );
    });

    it("turns the policy's read of an unknown name into an advisory 'can't run during preview' diagnostic instead of the mandatory violation", async () => {
      // The engine sends an unknown string as the UNKNOWN sentinel; @pulumi/policy wraps props in a proxy that throws
      // UnknownValueError when the policy reads it, and reports that as an advisory diagnostic (so preview passes).
      const violations = await pack.analyze(role("pending", { name: UNKNOWN }));
      assert.deepStrictEqual(
        violations.map((v) => [v.policyName, v.enforcementLevel, v.message]),
        [["flag-all", "advisory", "can't run policy 'flag-all' from policy pack 'flagall@v0.0.1' during preview: string value at .name can't be known during preview"]],
      );
    });

    it("still flags a role whose unknown properties the policy never reads", async () => {
      const violations = await pack.analyze(role("known", { name: "known", arn: UNKNOWN, tags: UNKNOWNS.object, maxSessionDuration: UNKNOWNS.number }));
      assert.deepStrictEqual(violations.map((v) => v.enforcementLevel), ["mandatory"]);
    });

    it("counts resources with unknown outputs in the stack policy too", async () => {
      const violations = await pack.analyzeStack([role("x", { name: UNKNOWN, arn: UNKNOWN })]);
      assert.deepStrictEqual(violations.map((v) => v.message), ["Counts the resources in the stack.\nsaw 1 resources"]);
    });

    it("hands the policy the plain value of a secret property", async () => {
      const [v] = await pack.analyze(role("secretive", { name: secret("hidden-name") }));
      assert.match(v.message, /: role hidden-name$/);
    });

    it("refuses a property value that is not JSON-like before sending anything", async () => {
      const before = pack.calls.length;
      const err = await rejection(pack.analyze(role("dated", { name: "dated", created: new Date(0) })));
      assert.ok(err instanceof PolicyPackError);
      assert.match(err.message, /properties\.created to a policy pack: a Date object is not JSON-like/);
      assert.strictEqual(pack.calls.length, before);
    });
  });

  describe("the flagall pack booted with a --policy-pack-config file", () => {
    let pack: PolicyPackServer;
    before(async () => {
      pack = await bootPolicyPack(FLAGALL, {
        timeoutMs: STARTUP_BUDGET_MS,
        policyConfig: { "flag-all": { enforcementLevel: "advisory", prefix: "custom" }, "count-stack": "disabled" },
      });
    });
    after(async () => {
      await pack?.close();
      if (pack) assertGone(pack.pid);
    });

    it("makes the CLI's start-up calls in the CLI's order", () => {
      assert.deepStrictEqual(pack.calls, ["ConfigureStack", "GetPluginInfo", "GetAnalyzerInfo", "Configure"]);
    });

    it("sends every policy in Configure, with the file's level and properties layered over the defaults", () => {
      assert.deepStrictEqual(pack.lastPolicyConfig, {
        "count-stack": { enforcementLevel: "disabled" },
        "flag-all": { enforcementLevel: "advisory", properties: { prefix: "custom" } },
      });
    });

    it("reports the role at the configured advisory level with the configured prefix", async () => {
      const violations = await pack.analyze(role("ops"));
      assert.deepStrictEqual(
        violations.map((v) => [v.policyName, v.enforcementLevel, v.message, v.urn]),
        [["flag-all", "advisory", "Flags every IAM role.\ncustom: role ops", urnOf(ROLE_TYPE, "ops")]],
      );
    });

    it("runs no stack policy once count-stack is disabled", async () => {
      assert.deepStrictEqual(await pack.analyzeStack([role("ops"), bucket]), []);
    });

    it("falls back to the policies' own levels and the schema's default prefix when configured without a file", async () => {
      await pack.configure();
      const [v] = await pack.analyze(role("ops"));
      assert.deepStrictEqual([v.enforcementLevel, v.message], ["mandatory", "Flags every IAM role.\nflagged: role ops"]);
      assert.strictEqual((await pack.analyzeStack([bucket])).length, 1);
    });

    it("applies an `all` level to every policy", async () => {
      await pack.configure({ all: "disabled" });
      assert.deepStrictEqual(pack.lastPolicyConfig?.["flag-all"], { enforcementLevel: "disabled", properties: { prefix: "flagged" } });
      assert.deepStrictEqual(await pack.analyze(role("ops")), []);
      assert.deepStrictEqual(await pack.analyzeStack([role("ops")]), []);
    });

    it("refuses a config that breaks the policy's schema without sending it", async () => {
      const before = pack.calls.length;
      const err = await rejection(pack.configure({ "flag-all": { prefix: 42 } }));
      assert.match(err.message, /validating policy config for "flagall": flag-all: prefix: Invalid type\. Expected: string, given: integer/);
      assert.strictEqual(pack.calls.length, before);
    });

    it("refuses an enforcement level the CLI's config parser would reject", async () => {
      const err = await rejection(pack.configure({ "flag-all": "strict" }));
      assert.match(err.message, /parsing enforcement level for "flag-all": "strict" is not a valid enforcement level/);
    });
  });

  describe("a pack that cannot start", () => {
    let tmp: string;
    const makePack = (name: string, indexJs: string): string => {
      const dir = path.join(tmp, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "0.0.1", main: "index.js" }));
      fs.writeFileSync(path.join(dir, "index.js"), indexJs);
      fs.symlinkSync(path.resolve(__dirname, "../../node_modules"), path.join(dir, "node_modules"), "dir");
      return dir;
    };
    const pidIn = (err: Error): number => Number(/\(pid (\d+)\)/.exec(err.message)?.[1]);

    before(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), "analyzer-spec-"));
    });
    after(() => {
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("fails with the pack's stderr and exit status when its program throws", async () => {
      const dir = makePack("throws", 'throw new Error("boom from the fixture");\n');
      const err = await rejection(startPolicyPack(dir, { timeoutMs: STARTUP_BUDGET_MS }));
      assert.ok(err instanceof PolicyPackError, String(err));
      assert.match(err.message, /exited before announcing its port/);
      assert.match(err.message, /process exited: code [1-9]/);
      assert.match(err.message, /boom from the fixture/);
      assertGone(pidIn(err));
    });

    it("fails with a clear timeout, and kills the process, when no port is announced", async () => {
      const dir = makePack("silent", 'console.error("still booting");\nsetInterval(() => {}, 1000);\n');
      const err = await rejection(startPolicyPack(dir, { timeoutMs: 5_000 }));
      assert.match(err.message, /did not announce its port on stdout within 5000ms/);
      assert.match(err.message, /still booting/);
      assertGone(pidIn(err));
    });

    it("fails when the first line on stdout is not a port", async () => {
      const dir = makePack("chatty", 'console.log("hello");\nsetInterval(() => {}, 1000);\n');
      const err = await rejection(startPolicyPack(dir, { timeoutMs: STARTUP_BUDGET_MS }));
      assert.match(err.message, /wrote an invalid port to stdout: "hello"/);
      assertGone(pidIn(err));
    });

    it("fails before spawning anything when PulumiPolicy.yaml is missing", async () => {
      const err = await rejection(startPolicyPack(tmp));
      assert.match(err.message, /failed to load Pulumi policy project/);
    });
  });
});
