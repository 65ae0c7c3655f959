/**
 * One test per IAM quota a layout can reach (config/quotas.ts): the smallest config over it is
 * refused with a message naming the stack file, the key and a fix, the config just within it is
 * accepted, and the fix the message gives is accepted too.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { checkQuotas, defaultQuotas, IAM_QUOTAS, QuotaSubject } from "../../config/quotas";
import { LayoutConfigError, resolveLayout } from "../../config/validate";
import { assumeRolesDocuments, DEFAULT_GRANT_LIMITS } from "../../lib/iam/builders";
import { policyDocument, policySize } from "../../lib/iam/document";

const BASE = parse(fs.readFileSync(path.join(__dirname, "../fixtures/config/base.yaml"), "utf8")) as Record<string, unknown>;
const NOW = new Date("2026-06-01T00:00:00Z");
const P = "Pulumi.org.yaml: iam-baseline:";

type Config = Record<string, unknown>;
const clone = (patch: Config = {}): Config => ({ ...structuredClone(BASE), ...patch });

function problemsOf(cfg: Config): string[] {
  try {
    resolveLayout(cfg, "Pulumi.org.yaml", NOW);
  } catch (err) {
    if (err instanceof LayoutConfigError) return err.problems.map((p) => `${P}${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

const accountId = (i: number) => String(200000000000 + i);
/** `n` target accounts besides the identity account. */
function accounts(n: number): Config {
  const out: Config = { identity: { id: "111111111111" } };
  for (let i = 1; i <= n; i++) out[`a${i}`] = { id: accountId(i), deployRoleArn: `arn:aws:iam::${accountId(i)}:role/Deploy` };
  return out;
}
const people = (n: number, groups: string[]) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`person${i}`, { groups }]));

/** The smallest n in [lo, hi] for which make(n) is refused (and make(n - 1) is not). */
function threshold(lo: number, hi: number, make: (n: number) => Config): number {
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (problemsOf(make(mid)).length > 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

describe("IAM quotas at validation (one test per quota)", function () {
  this.timeout(120_000);

  it("takes its values from AWS's IAM and STS quotas page", function () {
    assert.deepStrictEqual(
      { ...IAM_QUOTAS },
      {
        trustPolicyChars: { default: 2048, max: 4096 },
        groupInlinePolicyChars: 5120,
        roleInlinePolicyChars: 10240,
        userInlinePolicyChars: 2048,
        managedPolicyChars: 6144,
        managedPoliciesPerRole: { default: 10, max: 20 },
        managedPoliciesPerGroup: 10,
        groupsPerUser: 10,
        usersPerAccount: 5000,
        groupsPerAccount: { default: 300, max: 500 },
        rolesPerAccount: { default: 1000, max: 5000 },
        customerManagedPoliciesPerAccount: { default: 1500, max: 5000 },
        roleNameChars: 64,
        switchRolePathAndNameChars: 64,
        policyNameChars: 128,
      },
    );
    assert.deepStrictEqual(DEFAULT_GRANT_LIMITS, { inlineMaxChars: IAM_QUOTAS.groupInlinePolicyChars, managedMaxChars: IAM_QUOTAS.managedPolicyChars });
  });

  describe("trust policy size (2,048; 4,096 raised)", function () {
    const holders = (n: number, extra: Config = {}) => clone({ users: { ...people(n, ["Developers"]), alice: { groups: ["Administrators"] } }, ...extra });

    it("refuses the smallest exact trust over 2,048 characters, and accepts it with the fix (a user path)", function () {
      const n = threshold(1, 200, (k) => holders(k));
      const problems = problemsOf(holders(n));
      assert.ok(n > 30 && n < 60, `threshold ${n}`);
      assert.match(problems[0], new RegExp(`^${P}roles\\.PowerUser: the trust of PowerUser@sandbox names ${n} users and would be (\\d+) characters; IAM allows 2048 per trust policy\\. Set iam-baseline:userPath \\(e\\.g\\. "/people/"\\)`));
      assert.ok(Number(/be (\d+) characters/.exec(problems[0])![1]) > 2048);
      assert.deepStrictEqual(problemsOf(holders(n, { userPath: "/people/" })), []);
      assert.deepStrictEqual(problemsOf(holders(5000 - 1, { userPath: "/people/" })), [], "the path form fits any number of people");
    });

    it("refuses the smallest exact trust over a raised 4,096, when the layout forces the exact form", function () {
      const raised = (k: number) => holders(k, { quotas: { trustPolicyChars: 4096 }, userPath: "/people/", trustForm: "exact" });
      const n = threshold(40, 200, raised);
      assert.match(problemsOf(raised(n))[0], new RegExp(`^${P}roles\\.PowerUser: the trust of PowerUser@sandbox names ${n} users and would be \\d+ characters; IAM allows 4096 per trust policy\\. Set iam-baseline:trustForm to auto or path.*\\(4096 is already the largest value AWS grants\\)\\.$`));
      assert.deepStrictEqual(problemsOf({ ...raised(n), trustForm: "auto" }), []);
    });

    it("counts escape-hatch statements in the trust's size, also in the path form", function () {
      const statement = { Sid: "Ci", Effect: "Allow", Principal: { AWS: `arn:aws:iam::111111111111:role/${"c".repeat(60)}` }, Action: "sts:AssumeRole" };
      const withHatch = (k: number) => clone({ userPath: "/people/", trustForm: "path", "roles": { ...(BASE.roles as Config), Admin: { managedPolicies: ["AdministratorAccess"], additionalTrustStatements: Array(k).fill(statement).map((s, i) => ({ ...s, Sid: `Ci${i}` })) } } });
      const n = threshold(1, 40, withHatch);
      assert.match(problemsOf(withHatch(n))[0], new RegExp(`^${P}roles\\.Admin: the trust of Admin@identity \\(path form\\) would be \\d+ characters; IAM allows 2048 per trust policy\\. Shorten roles\\.Admin\\.additionalTrustStatements`));
    });
  });

  describe("group inline policies together (5,120)", function () {
    // The case: a group holding two roles in 12 target accounts (6,789 characters in the old form).
    const cfg = clone({ accounts: accounts(12), roles: { Admin: { managedPolicies: ["AdministratorAccess"] }, PowerUser: { managedPolicies: ["PowerUserAccess"] } }, groups: { Ops: { roles: ["Admin", "PowerUser"] } }, users: { alice: { groups: ["Ops"] } } });

    it("is never exceeded: grants that do not fit the inline policy spill into managed policies", function () {
      assert.deepStrictEqual(problemsOf(cfg), []);
      const layout = resolveLayout(cfg, "Pulumi.org.yaml", NOW);
      assert.strictEqual(layout.groups.Ops.grants.length, 26);
      const big = clone({ accounts: accounts(80), roles: (cfg as { roles: Config }).roles, groups: (cfg as { groups: Config }).groups, users: (cfg as { users: Config }).users });
      assert.deepStrictEqual(problemsOf(big), []);
      const grants = resolveLayout(big, "x", NOW).groups.Ops.grants.map((g) => ({ label: "", roleArn: `arn:aws:iam::${g.account}:role/${g.role}`, mfaMaxAgeSeconds: 3600 }));
      const [inline, ...managed] = assumeRolesDocuments(grants);
      assert.ok(policySize(inline) <= 5120 && managed.length >= 1, `inline ${policySize(inline)}, ${managed.length} managed`);
    });

    it("is checked: an inline grant document over 5,120 characters is refused with a fix", function () {
      const doc = policyDocument([{ Sid: "X", Effect: "Allow", Action: "sts:AssumeRole", Resource: Array.from({ length: 150 }, (_, i) => `arn:aws:iam::${accountId(i)}:role/Admin`) }]);
      const problems = checkQuotas(subject({ groups: [{ key: "Ops", path: "/", physicalName: "Ops", grantDocuments: [doc], managedPolicyNames: [] }] }), defaultQuotas());
      assert.deepStrictEqual(problems.map((p) => `${p.path}: ${p.message}`), [`groups.Ops.roles: the group's inline policy would be ${policySize(doc)} characters; IAM allows 5120 for a group's inline policies together. Split the roles across two groups.`]);
    });
  });

  it("customer managed policy size (6,144) is checked, and the grant packer never goes over it", function () {
    const inline = policyDocument([]);
    const doc = policyDocument([{ Sid: "X", Effect: "Allow", Action: "sts:AssumeRole", Resource: Array.from({ length: 170 }, (_, i) => `arn:aws:iam::${accountId(i)}:role/Admin`) }]);
    const problems = checkQuotas(subject({ groups: [{ key: "Ops", path: "/", physicalName: "Ops", grantDocuments: [inline, doc], managedPolicyNames: ["Ops-assume-roles-2"] }] }), defaultQuotas());
    assert.deepStrictEqual(problems.map((p) => p.path), ["groups.Ops.roles"]);
    assert.match(problems[0].message, /^the group's managed policy Ops-assume-roles-2 would be \d+ characters; IAM allows 6144 per managed policy\. Split the roles across two groups\.$/);
    const grants = Array.from({ length: 3000 }, (_, i) => ({ label: "", roleArn: `arn:aws:iam::${accountId(i % 500)}:role/R${i % 6}`, mfaMaxAgeSeconds: 900 + (i % 3) * 900 }));
    const docs = assumeRolesDocuments(grants);
    assert.ok(docs.length > 5);
    docs.forEach((d, i) => assert.ok(policySize(d) <= (i === 0 ? 5120 : 6144), `document ${i}: ${policySize(d)}`));
    assert.strictEqual(new Set(docs.flatMap((d) => d.Statement.flatMap((s) => s.Resource as string[]))).size, new Set(grants.map((g) => g.roleArn)).size, "every ARN once");
  });

  it("role inline policies together (10,240)", function () {
    const inline = (chars: number) => {
      const doc = { Version: "2012-10-17", Statement: [{ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "" }] };
      doc.Statement[0].Resource = `arn:aws:s3:::${"b".repeat(chars - policySize(doc) - 13)}`;
      return clone({ roles: { ...(BASE.roles as Config), ReadOnly: { managedPolicies: ["ReadOnlyAccess"], inlinePolicy: doc } } });
    };
    assert.deepStrictEqual(problemsOf(inline(10240)), []);
    assert.deepStrictEqual(problemsOf(inline(10241)), [
      `${P}roles.ReadOnly.inlinePolicy: is 10241 characters; IAM allows 10240 for a role's inline policies together. Move statements into a customer managed policy (6144 characters each) and list its ARN in roles.ReadOnly.managedPolicies.`,
    ]);
  });

  it("managed policies per role (10; 20 raised)", function () {
    const policies = (n: number) => clone({ roles: { ...(BASE.roles as Config), ReadOnly: { managedPolicies: Array.from({ length: n }, (_, i) => `arn:aws:iam::111111111111:policy/p${i}`) } } });
    assert.deepStrictEqual(problemsOf(policies(10)), []);
    assert.deepStrictEqual(problemsOf(policies(11)), [
      `${P}roles.ReadOnly.managedPolicies: lists 11 policies; IAM attaches at most 10 to a role. Merge some into one customer managed policy, or, once AWS has raised the quota for the account (Service Quotas), set iam-baseline:quotas.managedPoliciesPerRole (up to 20).`,
    ]);
    assert.deepStrictEqual(problemsOf({ ...policies(11), quotas: { managedPoliciesPerRole: 20 } }), []);
    assert.strictEqual(problemsOf({ ...policies(21), quotas: { managedPoliciesPerRole: 20 } }).length, 1);
  });

  it("managed policies per group (10)", function () {
    const roles = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`Role${i}`, { managedPolicies: ["ReadOnlyAccess"] }]));
    const group = (n: number) => clone({ accounts: accounts(n), roles, groups: { Everything: { roles: Object.keys(roles) } }, users: { alice: { groups: ["Everything"] } } });
    const n = threshold(10, 200, group);
    const problems = problemsOf(group(n));
    assert.deepStrictEqual(problems, [
      `${P}groups.Everything.roles: the group's grants need 11 managed policies besides its inline one; IAM attaches at most 10 to a group. Split the roles across two groups (a user may be in 9 groups besides the self-service one).`,
    ]);
    const half = Object.keys(roles).slice(0, 10);
    const split = { ...group(n), groups: { First: { roles: half }, Second: { roles: Object.keys(roles).slice(10) } }, users: { alice: { groups: ["First", "Second"] } } };
    assert.deepStrictEqual(problemsOf(split), [], "the fix: two groups");
  });

  it("groups per user (10, the self-service group included)", function () {
    const groups = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`G${i}`, { roles: ["ReadOnly@identity"] }]));
    const member = (n: number) => clone({ groups, users: { alice: { groups: Object.keys(groups).slice(0, n) } } });
    assert.deepStrictEqual(problemsOf(member(9)), []);
    assert.deepStrictEqual(problemsOf(member(10)), [
      `${P}users.alice.groups: lists 10 groups; with the self-service group that is 11, and IAM allows a user in 10. Make a group that holds the roles of several (groups.<Group>.roles) and list that one instead.`,
    ]);
  });

  it("users per account (5,000)", function () {
    const many = (n: number) => clone({ userPath: "/people/", users: people(n, ["Developers"]) });
    assert.deepStrictEqual(problemsOf(many(5000)), []);
    assert.deepStrictEqual(problemsOf(many(5001)), [
      `${P}users: the layout creates 5001 users in the identity account 111111111111; IAM allows 5000 per account and does not raise it. Split the people across identity accounts, one stack each (or move to IAM Identity Center).`,
    ]);
  });

  it("groups per account (300, the self-service group included; 500 raised)", function () {
    const many = (n: number) => clone({ groups: Object.fromEntries(Array.from({ length: n }, (_, i) => [`G${i}`, { roles: ["ReadOnly@identity"] }])), users: { alice: { groups: ["G0"] } } });
    assert.deepStrictEqual(problemsOf(many(299)), []);
    assert.deepStrictEqual(problemsOf(many(300)), [
      `${P}groups: the layout creates 301 groups (the self-service group SelfServiceMfa included) in the identity account 111111111111; IAM allows 300 per account, existing groups included. Merge groups that hold the same roles, or, once AWS has raised the quota for the account (Service Quotas), set iam-baseline:quotas.groupsPerAccount (up to 500).`,
    ]);
    assert.deepStrictEqual(problemsOf({ ...many(300), quotas: { groupsPerAccount: 500 } }), []);
  });

  it("roles per account (1,000; 5,000 raised)", function () {
    const many = (n: number) => clone({ roles: Object.fromEntries(Array.from({ length: n }, (_, i) => [`R${i}`, { managedPolicies: ["ReadOnlyAccess"], accounts: ["sandbox"] }])), groups: { G: { roles: ["R0"] } }, users: { alice: { groups: ["G"] } } });
    assert.deepStrictEqual(problemsOf(many(1000)), []);
    assert.deepStrictEqual(problemsOf(many(1001)), [
      `${P}roles: the layout creates 1001 roles in account sandbox (222222222222); IAM allows 1000 per account, existing roles included. Give fewer roles to that account (roles.<Role>.accounts), or, once AWS has raised the quota for the account (Service Quotas), set iam-baseline:quotas.rolesPerAccount (up to 5000).`,
    ]);
    assert.deepStrictEqual(problemsOf({ ...many(1001), quotas: { rolesPerAccount: 5000 } }), []);
  });

  it("customer managed policies per account (1,500; 5,000 raised)", function () {
    const roles = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`Role${i}`, { managedPolicies: ["ReadOnlyAccess"] }]));
    const many = (groups: number) =>
      clone({ accounts: accounts(45), roles, groups: Object.fromEntries(Array.from({ length: groups }, (_, i) => [`G${i}`, { roles: Object.keys(roles) }])), users: { alice: { groups: ["G0"] } } });
    const perGroup = resolveLayout(many(1), "x", NOW);
    const docs = assumeRolesDocuments(perGroup.groups.G0.grants.map((g) => ({ label: "", roleArn: `arn:aws:iam::${perGroup.accounts[g.account].id}:role/${g.role}`, mfaMaxAgeSeconds: 3600 })));
    const spill = docs.length - 1;
    const n = Math.floor(1500 / spill) + 1;
    assert.deepStrictEqual(problemsOf(many(n - 1)), []);
    assert.deepStrictEqual(problemsOf(many(n)), [
      `${P}groups: the groups' grants need ${n * spill} customer managed policies in the identity account 111111111111; IAM allows 1500 per account, existing ones included. Give groups fewer role@account grants, or, once AWS has raised the quota for the account (Service Quotas), set iam-baseline:quotas.customerManagedPoliciesPerAccount (up to 5000).`,
    ]);
    assert.deepStrictEqual(problemsOf({ ...many(n), quotas: { customerManagedPoliciesPerAccount: 5000 } }), []);
  });

  it("role name (64) and path + name for the console's Switch Role (64)", function () {
    const named = (prefix: string, rolePath = "/") => clone({ namePrefix: prefix, roles: { ...(BASE.roles as Config), Admin: { managedPolicies: ["AdministratorAccess"], path: rolePath } } });
    assert.deepStrictEqual(problemsOf(named("x".repeat(59))).filter((p) => p.includes("roles.Admin")), []);
    assert.deepStrictEqual(problemsOf(named("x".repeat(60))).filter((p) => p.includes("roles.Admin")), [`${P}roles.Admin: name "${"x".repeat(60)}Admin" is 65 characters; IAM allows 64`]);
    const pathOf = (n: number) => `/${"p".repeat(n - 2)}/`;
    assert.deepStrictEqual(problemsOf(named("", pathOf(60))), []);
    assert.deepStrictEqual(problemsOf(named("", pathOf(61))), [
      `${P}roles.Admin.path: path and name "${"p".repeat(59)}/Admin" are 65 characters; the console's Switch Role accepts 64, so the switchRoleUrls would not work. Shorten roles.Admin.path (or the role name).`,
    ]);
  });

  it("managed policy name (128) of a group's spilled grants", function () {
    const name = (n: number) => clone({ accounts: accounts(60), roles: { Admin: { managedPolicies: ["AdministratorAccess"] }, PowerUser: { managedPolicies: ["PowerUserAccess"] } }, groups: { ["g".repeat(n)]: { roles: ["Admin", "PowerUser"] } }, users: { alice: { groups: ["g".repeat(n)] } } });
    assert.deepStrictEqual(problemsOf(name(113)), []);
    assert.deepStrictEqual(problemsOf(name(114)), [`${P}groups.${"g".repeat(114)}: managed policy name "${"g".repeat(114)}-assume-roles-2" is 129 characters; IAM allows 128. Shorten the group's name.`]);
  });
});

function subject(over: Partial<QuotaSubject>): QuotaSubject {
  return { identityAccountId: "111111111111", accounts: {}, roles: [], groups: [], users: [], trusts: [], selfServiceGroupName: "SelfServiceMfa", hasUserPath: false, ...over };
}
