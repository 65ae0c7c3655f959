import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { planAdoption } from "../../lib/adopt/plan";
import { SnapshotBuilder } from "../../lib/adopt/snapshot";
import { RecordedResource, StackRun } from "../../tools/stack/types";
import { layoutOf } from "../adopt/support";
import { runStack } from "../support/stacks";

/**
 * Adopting stacks run through the whole program under the mocks: what the program registers is
 * read from the mock monitor's register requests (import id, ignoreChanges, inputs).
 */
const registered = (run: StackRun, type: string, name: string): RecordedResource => {
  const r = run.resources.find((x) => x.type === type && x.name === name);
  assert.ok(r, `${type} ${name} is registered`);
  return r;
};
const imports = (run: StackRun) => run.resources.filter((r) => r.importId).map((r) => `${r.type} ${r.name} ← ${r.importId}`).sort();

describe("a stack adopting seed 000's developer and ResourceCreatorRole", function () {
  it("registers the user and the role with import ids and the inputs they have, and adds nothing to them", async function () {
    const run = await runStack("adopt-seed000");
    assert.strictEqual(run.error, undefined);
    assert.deepStrictEqual(imports(run), [
      "aws:iam/role:Role ResourceCreatorRole@identity ← ResourceCreatorRole",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment ResourceCreatorRole@identity-PowerUserAccess ← ResourceCreatorRole/arn:aws:iam::aws:policy/PowerUserAccess",
      "aws:iam/user:User developer ← developer",
    ]);
    const user = registered(run, "aws:iam/user:User", "developer");
    assert.deepStrictEqual(user.inputs, { name: "developer", path: "/" }, "no layout tags while adopting: the import must match");
    const role = registered(run, "aws:iam/role:Role", "ResourceCreatorRole@identity");
    assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy as string), JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/adopt/seed000/authorization-details.json"), "utf8")).RoleDetailList[0].AssumeRolePolicyDocument);
    assert.strictEqual(role.inputs.maxSessionDuration, 3600);
    assert.deepStrictEqual(role.ignoreChanges, []);
    assert.ok(!run.resources.some((r) => r.name === "developer-groups"), "his memberships wait until he joins");
    assert.ok(!run.resources.some((r) => r.type === "aws:iam/accessKey:AccessKey"));
    assert.ok(!run.resources.some((r) => r.type === "aws:iam/userPolicy:UserPolicy"), "his inline policy is not taken over");
  });

  it("creates the groups the account does not have", async function () {
    const run = await runStack("adopt-seed000");
    for (const name of ["SelfServiceMfa", "ResourceCreators"]) assert.strictEqual(registered(run, "aws:iam/group:Group", name).importId, undefined);
  });
});

describe("a stack adopting seed 003's jane, Administrators and AdminRole", function () {
  it("imports jane's user, membership and login profile with the password fields ignored", async function () {
    const run = await runStack("adopt-seed003");
    assert.strictEqual(run.error, undefined);
    assert.deepStrictEqual(imports(run), [
      "aws:iam/group:Group Administrators ← Administrators",
      "aws:iam/role:Role AdminRole@identity ← AdminRole",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment AdminRole@identity-AdminPolicy ← AdminRole/arn:aws:iam::111111111111:policy/AdminPolicy",
      "aws:iam/user:User jane ← jane",
      "aws:iam/userGroupMembership:UserGroupMembership jane-groups ← jane/Administrators",
      "aws:iam/userLoginProfile:UserLoginProfile jane-console ← jane",
    ]);
    for (const r of run.resources) assert.strictEqual(r.retainOnDelete, r.importId ? true : undefined, `${r.name}: an adopted resource is never deleted from AWS while adopted (pulumi destroy leaves it)`);
    const profile = registered(run, "aws:iam/userLoginProfile:UserLoginProfile", "jane-console");
    assert.deepStrictEqual([...profile.ignoreChanges].sort(), ["passwordLength", "passwordResetRequired", "pgpKey"]);
    assert.deepStrictEqual(registered(run, "aws:iam/userGroupMembership:UserGroupMembership", "jane-groups").inputs.groups, ["Administrators"]);
    assert.deepStrictEqual([...registered(run, "aws:iam/role:Role", "AdminRole@identity").ignoreChanges].sort(), ["description", "maxSessionDuration"]);
    assert.ok(!run.resources.some((r) => r.name === "Administrators-assume-roles"), "the group's policy waits until it joins");
  });

  it("puts jane's existing MFA device in her CLI profiles and hands out no first password for her", async function () {
    const run = await runStack("adopt-seed003");
    const cli = run.outputs.awsCliConfig.value as Record<string, string>;
    assert.match(cli.jane, /^mfa_serial = arn:aws:iam::111111111111:mfa\/jane-phone$/m);
    assert.match(cli.sam, /^mfa_serial = arn:aws:iam::111111111111:mfa\/sam$/m);
    assert.deepStrictEqual(Object.keys(run.outputs.initialPasswords.value as object), ["sam"]);
  });

  it("keeps the same URNs when the identities join, so the layout then applies in place", async function () {
    const [adopting, joined] = await Promise.all([runStack("adopt-seed003"), runStack("adopt-seed003-joined")]);
    assert.strictEqual(joined.error, undefined);
    // The two stack files differ in name only; within one stack the URNs are these, stack name aside.
    const local = (urn: string) => urn.split("::").slice(2).join("::");
    const joinedUrns = new Set(joined.resources.map((r) => local(r.urn)));
    for (const r of adopting.resources) assert.ok(joinedUrns.has(local(r.urn)), `${local(r.urn)} is still there once joined`);
    assert.deepStrictEqual(imports(joined), [], "nothing is imported again");
    assert.ok(joined.resources.every((r) => r.retainOnDelete === undefined), "once joined, the layout manages them fully");
    assert.deepStrictEqual(registered(joined, "aws:iam/userGroupMembership:UserGroupMembership", "jane-groups").inputs.groups, ["SelfServiceMfa", "Administrators"]);
    assert.deepStrictEqual([...registered(joined, "aws:iam/userLoginProfile:UserLoginProfile", "jane-console").ignoreChanges].sort(), ["passwordLength", "passwordResetRequired", "pgpKey"]);
    assert.match(String(registered(joined, "aws:iam/role:Role", "AdminRole@identity").inputs.assumeRolePolicy), /aws:MultiFactorAuthPresent/);
    assert.match((joined.outputs.awsCliConfig.value as Record<string, string>).jane, /mfa_serial = arn:aws:iam::111111111111:mfa\/jane-phone/);
    assert.deepStrictEqual(Object.keys(joined.outputs.initialPasswords.value as object), ["sam"], "jane's password stays her own once joined");
  });
});

describe("a stack whose adoption would replace a role and create a user a second time", function () {
  it("fails with one line per refusal and registers nothing", async function () {
    const run = await runStack("adopt-refused");
    assert.ok(run.error);
    assert.deepStrictEqual(run.error.split("\n").slice(1).map((l) => l.trim()), [
      "Pulumi.adopt-refused.yaml: iam-baseline:users.jane: user jane already exists in account 111111111111: creating it would fail (EntityAlreadyExists); add users.jane to adopt.identities",
      'Pulumi.adopt-refused.yaml: iam-baseline:roles.AdminRole.path: exists in account 111111111111 with path /, the config says /people/; a role\'s path cannot change without replacing the role (its sessions and trusts naming it break): set roles.AdminRole.path: "/"',
    ]);
    assert.deepStrictEqual(run.resources, []);
  });
});

/** URNs of the adopting stacks: an imported resource must keep its URN, or the next up would replace it. */
for (const stack of ["adopt-seed000", "adopt-seed001", "adopt-seed003"]) {
  describe(`the URNs of the ${stack} stack`, function () {
    it("match the committed snapshot", async function () {
      const run = await runStack(stack);
      const urns = run.resources.map((r) => `${r.urn}${r.importId ? `  (import ${r.importId})` : ""}`).sort().join("\n") + "\n";
      const file = path.join(__dirname, "../snapshots", `${stack}.urns.txt`);
      if (process.env.UPDATE_SNAPSHOTS === "1") fs.writeFileSync(file, urns);
      assert.strictEqual(urns, fs.readFileSync(file, "utf8"));
    });
  });
}

describe("an account that already is what the layout registers", function () {
  it("is adopted as is, identity by identity (the adoption's idea of the layout is the components' own)", async function () {
    const run = await runStack("adopt-seed003-joined");
    const arn = (kind: string, name: string) => `arn:aws:iam::111111111111:${kind}/${name}`;
    const of = (type: string) => run.resources.filter((r) => r.type === `aws:iam/${type}`);
    const tags = (t: unknown) => Object.entries((t ?? {}) as Record<string, string>).map(([Key, Value]) => ({ Key, Value }));
    const inline = (type: string, owner: string, name: unknown) =>
      of(type).filter((p) => p.inputs[owner] === name).map((p) => ({ PolicyName: p.inputs.name, PolicyDocument: JSON.parse(p.inputs.policy as string) }));
    const details = {
      UserDetailList: of("user:User").map((u) => ({
        UserName: u.inputs.name,
        Path: u.inputs.path,
        Arn: arn("user", String(u.inputs.name)),
        Tags: tags(u.inputs.tags),
        GroupList: of("userGroupMembership:UserGroupMembership").find((m) => m.inputs.user === u.inputs.name)?.inputs.groups ?? [],
        UserPolicyList: [],
        AttachedManagedPolicies: [],
      })),
      GroupDetailList: of("group:Group").map((g) => ({ GroupName: g.inputs.name, Path: g.inputs.path, Arn: arn("group", String(g.inputs.name)), GroupPolicyList: inline("groupPolicy:GroupPolicy", "group", g.inputs.name), AttachedManagedPolicies: [] })),
      RoleDetailList: of("role:Role").map((r) => ({
        RoleName: r.inputs.name,
        Path: r.inputs.path,
        Arn: arn("role", String(r.inputs.name)),
        AssumeRolePolicyDocument: JSON.parse(r.inputs.assumeRolePolicy as string),
        Tags: tags(r.inputs.tags),
        RolePolicyList: inline("rolePolicy:RolePolicy", "role", r.inputs.name),
        AttachedManagedPolicies: of("rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === r.inputs.name).map((a) => ({ PolicyArn: a.inputs.policyArn })),
      })),
      Policies: [],
    };
    const builder = new SnapshotBuilder().add(details, "authorization-details.json");
    for (const r of of("role:Role")) builder.add({ Role: { RoleName: r.inputs.name, Arn: arn("role", String(r.inputs.name)), Description: r.inputs.description, MaxSessionDuration: r.inputs.maxSessionDuration } }, "get-role.json");
    for (const p of of("userLoginProfile:UserLoginProfile")) builder.add({ LoginProfile: { UserName: p.inputs.user, PasswordResetRequired: false } }, "login-profile.json");
    const result = planAdoption(layoutOf("adopt-seed003-joined"), builder.build(), "all");
    assert.deepStrictEqual(result.problems, []);
    assert.deepStrictEqual(
      result.reports.filter((r) => r.status !== "adopted as is").map((r) => `${r.status}: ${r.kind} ${r.name} ${r.changes.join("; ")}`),
      [],
    );
  });
});
