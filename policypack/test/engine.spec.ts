/**
 * The pack as `pulumi preview --policy-pack policypack` runs it: started by the SDK's
 * run-policy-pack with the pack folder as cwd, driven over the Analyzer gRPC protocol.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { AnalyzerResourceJs, bootPolicyPack, PolicyPackServer, UNKNOWN, urnOf } from "../../test/support/analyzer";
import { analyzeRun } from "../../test/support/packRun";
import { runStack } from "../../test/support/stacks";

// The pack folder: this one, or (IAM_GUARDRAILS_PACK_DIR) the published tarball installed on its own (test/package/).
const PACK_DIR = process.env.IAM_GUARDRAILS_PACK_DIR ? path.resolve(process.env.IAM_GUARDRAILS_PACK_DIR) : path.resolve(__dirname, "..");
const config = (name: string) => JSON.parse(fs.readFileSync(path.join(PACK_DIR, "config", `${name}.json`), "utf8"));
const MANDATORY = ["iam-deny-not-overly-broad", "iam-no-admin-path-without-mfa", "iam-role-trust-requires-mfa", "iam-trust-no-public-principal", "iam-user-no-inline-admin"];
const ADVISORY = [
  "iam-assume-role-explicit-resources", "iam-no-allow-notaction", "iam-no-passrole-star", "iam-password-policy-strong",
  "iam-policy-document-valid", "iam-role-session-within-mfa-age", "iam-user-no-direct-policies",
];

const res = (type: string, name: string, properties: Record<string, unknown>): AnalyzerResourceJs => ({ type, urn: urnOf(type, name), name, properties });
const noMfaRole = res("aws:iam/role:Role", "ci-role", {
  name: "ci-role",
  assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] }),
});
const inlineAdmin = res("aws:iam/userPolicy:UserPolicy", "alice-admin", { user: "alice", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) });
const broadDeny = res("aws:iam/policy:Policy", "lockdown", { name: "lockdown", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "LockDown", Effect: "Deny", Action: "*", Resource: "*" }] }) });

describe("the iam-guardrails pack through its analyzer server", function () {
  this.timeout(180_000);

  describe("with the prod config", function () {
    let pack: PolicyPackServer;
    before(async function () {
      pack = await bootPolicyPack(PACK_DIR, { policyConfig: config("prod"), timeoutMs: 120_000 });
    });
    after(async () => pack?.close());

    it("announces the pack name, version and every policy with its default enforcement level", async function () {
      const info = await pack.getAnalyzerInfo();
      assert.strictEqual(info.name, "iam-guardrails");
      assert.ok(info.version);
      const levels = Object.fromEntries(info.policies.map((p) => [p.name, p.enforcementLevel]));
      assert.deepStrictEqual(Object.keys(levels).sort(), [...MANDATORY, ...ADVISORY].sort());
      for (const m of MANDATORY) assert.strictEqual(levels[m], "mandatory", m);
      for (const a of ADVISORY) assert.strictEqual(levels[a], "advisory", a);
      const schemas = Object.fromEntries(info.policies.map((p) => [p.name, Object.keys(p.configSchema?.properties ?? {}).sort()]));
      assert.deepStrictEqual(schemas["iam-role-trust-requires-mfa"], ["allowedPrincipals", "exemptRoles"]);
      assert.deepStrictEqual(schemas["iam-deny-not-overly-broad"], ["mustRemainAllowed"]);
    });

    it("makes every policy mandatory and passes the config's properties", function () {
      for (const [name, entry] of Object.entries(pack.lastPolicyConfig!)) assert.strictEqual(entry.enforcementLevel, "mandatory", name);
      const deny = pack.lastPolicyConfig!["iam-deny-not-overly-broad"].properties as { mustRemainAllowed: unknown[] };
      assert.strictEqual(deny.mustRemainAllowed.length, 3);
    });

    for (const stack of ["dev", "prod"]) {
      it(`passes the ${stack} stack of the program with no violation at all`, async function () {
        assert.deepStrictEqual(await analyzeRun(pack, await runStack(stack)), []);
      });
    }

    it("blocks a role trust without MFA, naming the statement and the fix", async function () {
      const v = await pack.analyze(noMfaRole);
      assert.deepStrictEqual(v.map((x) => [x.policyName, x.enforcementLevel]), [["iam-role-trust-requires-mfa", "mandatory"]]);
      assert.match(v[0].message, /ci-role assumeRolePolicy statement #1 lets arn:aws:iam::111111111111:root assume the role with long-term access keys/);
      assert.strictEqual(v[0].urn, noMfaRole.urn);
    });

    it("blocks a user inline admin policy, which also grants AssumeRole and PassRole on *", async function () {
      const v = await pack.analyze(inlineAdmin);
      assert.deepStrictEqual(v.map((x) => x.policyName).sort(), ["iam-assume-role-explicit-resources", "iam-no-passrole-star", "iam-user-no-direct-policies", "iam-user-no-inline-admin"]);
      assert.ok(v.every((x) => x.enforcementLevel === "mandatory"));
    });

    it("blocks an unconditional Deny * and says it blocks the state bucket", async function () {
      const v = await pack.analyze(broadDeny);
      assert.ok(v.every((x) => x.policyName === "iam-deny-not-overly-broad"));
      assert.ok(v.some((x) => x.message.includes("blocks s3:GetObject on arn:aws:s3:::example-pulumi-state/*")));
      assert.strictEqual(v.length, 4, v.map((x) => x.message).join("\n"));
    });

    it("blocks, over the whole stack, a user who reaches admin without MFA", async function () {
      const user = res("aws:iam/user:User", "alice", { name: "alice" });
      const membership = res("aws:iam/userGroupMembership:UserGroupMembership", "alice-groups", { user: "alice", groups: ["admins"] });
      const grant = res("aws:iam/groupPolicy:GroupPolicy", "admins-assume", { group: "admins", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111111111111:role/ci-role" }] }) });
      const attach = res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ci-admin", { role: "ci-role", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
      const v = await pack.analyzeStack([user, membership, grant, noMfaRole, attach]);
      assert.deepStrictEqual(v.map((x) => [x.policyName, x.enforcementLevel, x.urn]), [["iam-no-admin-path-without-mfa", "mandatory", user.urn]]);
    });

    it("reports a trust unknown at preview as not verifiable instead of passing it", async function () {
      const v = await pack.analyze(res("aws:iam/role:Role", "computed", { name: "computed", assumeRolePolicy: UNKNOWN }));
      const trust = v.filter((x) => x.policyName === "iam-role-trust-requires-mfa");
      assert.strictEqual(trust.length, 1);
      assert.match(trust[0].message, /can't run policy 'iam-role-trust-requires-mfa'.* during preview/);
    });
  });

  describe("with the dev config", function () {
    let pack: PolicyPackServer;
    before(async function () {
      pack = await bootPolicyPack(PACK_DIR, { policyConfig: config("dev"), timeoutMs: 120_000 });
    });
    after(async () => pack?.close());

    it("keeps the good-practice policies advisory and the safety ones mandatory", async function () {
      const v = await pack.analyze(inlineAdmin);
      const levels = Object.fromEntries(v.map((x) => [x.policyName, x.enforcementLevel]));
      assert.deepStrictEqual(levels, {
        "iam-user-no-inline-admin": "mandatory",
        "iam-user-no-direct-policies": "advisory",
        "iam-assume-role-explicit-resources": "advisory",
        "iam-no-passrole-star": "advisory",
      });
    });
  });

  it("refuses a config that does not fit a policy's schema, as the CLI does", async function () {
    const bad = { "iam-deny-not-overly-broad": { mustRemainAllowed: [{ action: "s3:GetObject" }] } };
    await assert.rejects(bootPolicyPack(PACK_DIR, { policyConfig: bad, timeoutMs: 120_000 }), /iam-deny-not-overly-broad/);
  });
});
