/**
 * The pack as `pulumi preview --policy-pack policypack` runs it: started by the SDK's
 * run-policy-pack with the pack folder as cwd, driven over the Analyzer gRPC protocol.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { AnalyzerResourceJs, bootPolicyPack, PolicyPackServer, UNKNOWN, urnOf } from "../../test/support/analyzer";
import { analyzeRun, toAnalyzerResource } from "../../test/support/packRun";
import { runStack } from "../../test/support/stacks";
import { runProgramUnderMocks } from "../../tools/stack/runProgram";

// The pack folder: this one, or (IAM_GUARDRAILS_PACK_DIR) the published tarball installed on its own (test/package/).
const PACK_DIR = process.env.IAM_GUARDRAILS_PACK_DIR ? path.resolve(process.env.IAM_GUARDRAILS_PACK_DIR) : path.resolve(__dirname, "..");
const config = (name: string) => JSON.parse(fs.readFileSync(path.join(PACK_DIR, "config", `${name}.json`), "utf8"));
const MANDATORY = [
  "iam-deny-not-overly-broad", "iam-no-admin-path-without-mfa", "iam-role-trust-requires-mfa", "iam-trust-no-public-principal", "iam-user-no-inline-admin",
  "iam-web-identity-trust-pins-subject", "iam-no-privilege-escalation", "iam-resource-policy-no-public-write",
];
const ADVISORY = [
  "iam-assume-role-explicit-resources", "iam-no-allow-notaction", "iam-no-passrole-star", "iam-password-policy-strong",
  "iam-policy-document-valid", "iam-role-session-within-mfa-age", "iam-user-no-direct-policies", "iam-resource-policy-no-public-read", "iam-role-trust-external-id",
];

const fixture = (dir: string, file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", dir, `${file}.json`), "utf8"));
const trustRole = (dir: string, file: string, arn = "arn:aws:iam::111111111111:role/r") =>
  res("aws:iam/role:Role", file, { name: file, arn, assumeRolePolicy: JSON.stringify(fixture(dir, file)) });
const managedPolicy = (file: string) => res("aws:iam/policy:Policy", file, { name: file, policy: JSON.stringify(fixture("escalation", file)) });
const fixtureResource = (dir: string, file: string) => {
  const r = fixture(dir, file) as { type: string; name: string; props: Record<string, unknown> };
  return res(r.type, `${file}`, r.props);
};

/** The patterns real programs ship, each a fail and a pass case, with the policy that decides it. */
const REAL_WORLD: { label: string; resource: () => AnalyzerResourceJs; policy: string; fails: boolean }[] = [
  { label: "a cross-account CI role trusted by role ARN", resource: () => trustRole("trusts", "cross-account-ci-role"), policy: "iam-role-trust-requires-mfa", fails: false },
  { label: "an Identity Center role", resource: () => trustRole("trusts", "identity-center-role"), policy: "iam-role-trust-requires-mfa", fails: false },
  { label: "an identity account narrowed to CI roles", resource: () => trustRole("trusts", "identity-account-narrowed-to-ci-roles"), policy: "iam-role-trust-requires-mfa", fails: false },
  { label: "an identity account narrowed to a user", resource: () => trustRole("trusts", "identity-account-narrowed-to-a-user"), policy: "iam-role-trust-requires-mfa", fails: true },
  { label: "a vendor role with an external id", resource: () => trustRole("trusts", "vendor-external-id"), policy: "iam-role-trust-requires-mfa", fails: false },
  { label: "a vendor role with its own external id", resource: () => trustRole("trusts", "vendor-external-id"), policy: "iam-role-trust-external-id", fails: false },
  { label: "a vendor role with a placeholder external id", resource: () => trustRole("trusts", "vendor-external-id-placeholder"), policy: "iam-role-trust-external-id", fails: true },
  { label: "an ECS task role's Deny iam:* guardrail", resource: () => fixtureResource("resources", "ecs-task-role-with-iam-guardrail"), policy: "iam-deny-not-overly-broad", fails: false },
  { label: "a people role's Deny iam:*", resource: () => fixtureResource("resources", "people-role-with-iam-deny"), policy: "iam-deny-not-overly-broad", fails: true },
  { label: "a GitHub Actions trust checking only aud", resource: () => trustRole("web-identity", "github-aud-only"), policy: "iam-web-identity-trust-pins-subject", fails: true },
  { label: "a GitHub Actions trust pinned to a branch", resource: () => trustRole("web-identity", "github-pinned-branch"), policy: "iam-web-identity-trust-pins-subject", fails: false },
  { label: "a Pulumi Cloud OIDC trust checking only aud", resource: () => trustRole("web-identity", "pulumi-aud-only"), policy: "iam-web-identity-trust-pins-subject", fails: true },
  { label: "a Pulumi Cloud OIDC trust pinned to a stack", resource: () => trustRole("web-identity", "pulumi-pinned-stack"), policy: "iam-web-identity-trust-pins-subject", fails: false },
  { label: "an EKS trust for every service account", resource: () => trustRole("web-identity", "eks-any-service-account"), policy: "iam-web-identity-trust-pins-subject", fails: true },
  { label: "an EKS trust pinned to a service account", resource: () => trustRole("web-identity", "eks-pinned"), policy: "iam-web-identity-trust-pins-subject", fails: false },
  { label: "PassRole on any role with lambda:CreateFunction", resource: () => managedPolicy("passrole-any-with-lambda-create"), policy: "iam-no-privilege-escalation", fails: true },
  { label: "PassRole on a named role with lambda:CreateFunction", resource: () => managedPolicy("passrole-named-role-with-lambda-create"), policy: "iam-no-privilege-escalation", fails: false },
  { label: "AttachUserPolicy on ${aws:username}", resource: () => managedPolicy("attach-user-policy-on-self"), policy: "iam-no-privilege-escalation", fails: true },
  { label: "access-key self-service", resource: () => managedPolicy("create-access-key-self"), policy: "iam-no-privilege-escalation", fails: false },
  { label: "lambda:UpdateFunctionCode on every function", resource: () => managedPolicy("lambda-update-code-any-function"), policy: "iam-no-privilege-escalation", fails: true },
  { label: "an ECR repository anyone can push to", resource: () => fixtureResource("public", "ecr-anyone-push"), policy: "iam-resource-policy-no-public-write", fails: true },
  { label: "an ECR repository for the organization", resource: () => fixtureResource("public", "ecr-org-push"), policy: "iam-resource-policy-no-public-write", fails: false },
  { label: "a Lambda permission for anyone", resource: () => fixtureResource("public", "lambda-permission-anyone"), policy: "iam-resource-policy-no-public-write", fails: true },
  { label: "a Lambda permission with a sourceArn", resource: () => fixtureResource("public", "lambda-permission-apigw-source-arn"), policy: "iam-resource-policy-no-public-write", fails: false },
  { label: "a public website bucket", resource: () => fixtureResource("public", "s3-website-read"), policy: "iam-resource-policy-no-public-read", fails: true },
  { label: "a key policy for its own account", resource: () => fixtureResource("public", "kms-account-only"), policy: "iam-resource-policy-no-public-read", fails: false },
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

    it("blocks an unconditional Deny * in a managed policy attached to nothing (over the stack) and says it blocks the state bucket", async function () {
      assert.deepStrictEqual(await pack.analyze(broadDeny), [], "a managed policy's holders are decided over the stack");
      const v = await pack.analyzeStack([broadDeny]);
      assert.ok(v.every((x) => x.urn === broadDeny.urn));
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

    for (const c of REAL_WORLD) {
      it(`${c.fails ? "blocks" : "passes"} ${c.label} (${c.policy}), with a code and a JSON path`, async function () {
        const r = c.resource();
        const v = (await pack.analyze(r)).filter((x) => x.policyName === c.policy);
        assert.strictEqual(v.length > 0, c.fails, v.map((x) => x.message).join("\n"));
        for (const x of v) {
          assert.match(x.message.split("\n").pop()!, / \[[A-Z]+\d{3} at [\w.[\]]+:\$.*\]$/, x.message);
          assert.strictEqual(x.urn, r.urn);
        }
      });
    }

    for (const view of ["update", "preview"] as const) {
      it(`decides test/programs/workload-guardrails' Denies by who holds them, over the stack (${view}): only the operators' role policy and the group's managed policy fail`, async function () {
        const run = await runProgramUnderMocks(path.resolve(__dirname, "../../test/programs/workload-guardrails"), "prod", { view });
        // The run records what the CLI sends: the role policy's `role` depends on the task role.
        const taskRole = run.resources.find((r) => r.name === "orders-task" && r.type === "aws:iam/role:Role")!;
        assert.deepStrictEqual(run.resources.find((r) => r.name === "orders-task-no-iam")!.propertyDependencies?.role, [taskRole.urn]);
        const v = (await analyzeRun(pack, run)).filter((x) => x.policyName === "iam-deny-not-overly-broad");
        assert.deepStrictEqual(v.map((x) => [x.urn.split("::").pop(), x.enforcementLevel]).sort(), [["operators-no-iam", "mandatory"], ["shared-no-iam", "mandatory"]], v.map((x) => x.message).join("\n"));
        const heldBy = (urn: string) => v.find((x) => x.urn.endsWith(`::${urn}`))!.message;
        assert.match(heldBy("operators-no-iam"), /it locks people out of every iam action \(it is held by role operators-[0-9a-f]{7}, whose trust admits people\)\. .* \[DENY001 at policy:\$\.Statement\[0\]\.Action\]$/);
        assert.match(heldBy("shared-no-iam"), /it locks people out of every iam action \(it is held by group developers-[0-9a-f]{7}\)\. .* \[DENY001 at policy:\$\.Statement\[0\]\.Action\]$/);
      });
    }

    it("at preview, resolves a role policy's role through the property dependency when the role's id is unknown", async function () {
      const task = res("aws:iam/role:Role", "task", { name: UNKNOWN, arn: UNKNOWN, assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
      const ops = { ...noMfaRole, properties: { ...noMfaRole.properties, name: UNKNOWN, arn: UNKNOWN } };
      const denyIam = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "iam:*", Resource: "*" }] });
      const onTask = { ...res("aws:iam/rolePolicy:RolePolicy", "task-no-iam", { role: UNKNOWN, policy: denyIam }), propertyDependencies: { role: [task.urn] } };
      const onOps = { ...res("aws:iam/rolePolicy:RolePolicy", "ops-no-iam", { role: UNKNOWN, policy: denyIam }), propertyDependencies: { role: [ops.urn] } };
      const v = (await pack.analyzeStack([task, ops, onTask, onOps])).filter((x) => x.policyName === "iam-deny-not-overly-broad");
      assert.deepStrictEqual(v.map((x) => [x.urn, x.enforcementLevel]), [[onOps.urn, "mandatory"]], v.map((x) => x.message).join("\n"));
    });

    /** What `pulumi preview` sends: the provider computes ARNs and ids, so they are unknown. */
    const previewOf = (resources: AnalyzerResourceJs[]) =>
      resources.map((r) => (r.type.startsWith("aws:iam/") ? { ...r, properties: { ...r.properties, arn: UNKNOWN, id: UNKNOWN, uniqueId: UNKNOWN } } : r));

    for (const stack of ["dev", "prod"]) {
      it(`runs iam-no-admin-path-without-mfa at preview on the ${stack} stack, with every ARN unknown, and passes it`, async function () {
        const run = await runStack(stack);
        const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
        const v = await pack.analyzeStack(previewOf(run.resources.map((r) => toAnalyzerResource(r, byUrn))));
        assert.deepStrictEqual(v.map((x) => `${x.policyName}: ${x.message}`), []);
      });
    }

    it("at preview, reports the admin path it can decide and names, as not decidable yet, the resource whose trust is unknown", async function () {
      const user = res("aws:iam/user:User", "alice", { name: "alice", path: "/", arn: UNKNOWN });
      const membership = res("aws:iam/userGroupMembership:UserGroupMembership", "alice-groups", { user: "alice", groups: ["admins"] });
      const grant = res("aws:iam/groupPolicy:GroupPolicy", "admins-assume", { group: "admins", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111111111111:role/ci-role" }] }) });
      const role = { ...noMfaRole, properties: { ...noMfaRole.properties, arn: UNKNOWN } };
      const policy = res("aws:iam/policy:Policy", "admin-policy", { name: "admin-policy", path: "/", arn: UNKNOWN, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) });
      const attach = { ...res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ci-admin", { role: "ci-role", policyArn: UNKNOWN }), propertyDependencies: { policyArn: [policy.urn] } };
      const computed = res("aws:iam/role:Role", "computed", { name: "computed", arn: UNKNOWN, assumeRolePolicy: UNKNOWN });
      const v = await pack.analyzeStack([user, membership, grant, role, policy, attach, computed]);
      assert.deepStrictEqual(v.map((x) => [x.policyName, x.enforcementLevel]), [
        ["iam-no-admin-path-without-mfa", "mandatory"],
        ["iam-no-admin-path-without-mfa", "advisory"],
      ], v.map((x) => x.message).join("\n"));
      assert.strictEqual(v[0].urn, user.urn);
      assert.match(v[0].message, /user alice can assume admin role ci-role \(admin-policy policy statement #1 allows "\*" on "\*"\) without MFA/);
      assert.match(v[1].message, /can't run policy 'iam-no-admin-path-without-mfa' .* during preview: the paths through these resources could not be decided.*: computed \(Role\): assumeRolePolicy$/);
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
