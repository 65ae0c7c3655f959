import * as assert from "assert";
import { IdentityReport, planAdoption } from "../../lib/adopt/plan";
import { layoutOf, snapshotOf } from "./support";

const row = (r: IdentityReport) => `${r.status}: ${r.kind} ${r.name}`;
const find = (reports: IdentityReport[], kind: string, name: string) => reports.find((r) => r.kind === kind && r.name === name)!;

describe("adoption of seed 000's account (a developer with an inline policy, a role trusting him without MFA)", function () {
  const result = planAdoption(layoutOf("adopt-seed000"), snapshotOf("seed000"), "all");

  it("says what happens to every identity", function () {
    assert.deepStrictEqual(result.reports.map(row).sort(), [
      "adopted with in-place changes: role ResourceCreatorRole",
      "adopted with in-place changes: user developer",
      "created: group ResourceCreators",
      "created: group SelfServiceMfa",
      "left alone: role AWSServiceRoleForSupport",
    ]);
    assert.deepStrictEqual(result.problems, []);
  });

  it("imports the user by name and keeps his access key and inline policy where they are", function () {
    const dev = find(result.reports, "user", "developer");
    assert.deepStrictEqual(dev.imports, [{ type: "aws:iam/user:User", name: "developer", id: "developer" }]);
    assert.ok(dev.kept.includes("access key AKIAIOSFODNN7EXAMPLE (Active; its secret cannot be read, it stays where it is)"));
    assert.ok(dev.kept.includes("inline policy AssumeResourceCreatorRole (not managed: stays as is)"));
    assert.ok(dev.changes.includes("joins groups SelfServiceMfa, ResourceCreators"));
    assert.deepStrictEqual(result.adoption.users.developer, { path: "/", tags: {}, permissionsBoundaryArn: undefined, memberOf: [], importLoginProfile: false });
  });

  it("imports the role and its PowerUserAccess attachment in the provider's id forms, and reports the trust it will rewrite", function () {
    const role = find(result.reports, "role", "ResourceCreatorRole");
    assert.deepStrictEqual(role.imports, [
      { type: "aws:iam/role:Role", name: "ResourceCreatorRole@identity", id: "ResourceCreatorRole" },
      { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "ResourceCreatorRole@identity-PowerUserAccess", id: "ResourceCreatorRole/arn:aws:iam::aws:policy/PowerUserAccess" },
    ]);
    assert.ok(role.changes.includes("trust rewritten: only developer, with MFA (at most 3600 s old)"));
    const adopted = result.adoption.roles["ResourceCreatorRole@identity"];
    assert.deepStrictEqual(JSON.parse(adopted.assumeRolePolicy).Statement[0].Principal, { AWS: "arn:aws:iam::111111111111:user/developer" }, "imported with the trust it has");
    assert.deepStrictEqual(adopted.ignoreChanges, [], "get-role told its description and session: nothing is unknown");
  });
});

describe("adoption of seed 001's account (an admin with AdministratorAccess of his own, two keys, MFA; a role trusting him with MFA)", function () {
  const result = planAdoption(layoutOf("adopt-seed001"), snapshotOf("seed001"), "all");

  it("adopts both, keeps his keys, device and direct policy, and imports his login profile", function () {
    assert.deepStrictEqual(result.reports.map(row).sort(), [
      "adopted with in-place changes: role AWSCookBookSuryenduRole101",
      "adopted with in-place changes: user admin",
      "created: group Cookbook",
      "created: group SelfServiceMfa",
    ]);
    const admin = find(result.reports, "user", "admin");
    assert.deepStrictEqual(admin.imports.map((i) => `${i.type} ${i.id}`), ["aws:iam/user:User admin", "aws:iam/userLoginProfile:UserLoginProfile admin"]);
    assert.ok(admin.kept.includes("attached policy arn:aws:iam::aws:policy/AdministratorAccess (not managed: stays attached)"));
    assert.strictEqual(admin.kept.filter((k) => k.startsWith("access key ")).length, 2);
    assert.strictEqual(result.adoption.mfaSerials.admin, "arn:aws:iam::111111111111:mfa/admin");
  });
});

describe("adoption of seed 003's account (a console user with MFA in an admin group, an admin role)", function () {
  const result = planAdoption(layoutOf("adopt-seed003"), snapshotOf("seed003"), ["users.jane", "groups.Administrators", "roles.AdminRole"]);

  it("says what happens to every identity", function () {
    assert.deepStrictEqual(result.reports.map(row).sort(), [
      "adopted with in-place changes: group Administrators",
      "adopted with in-place changes: role AdminRole",
      "adopted with in-place changes: user jane",
      "created: group SelfServiceMfa",
      "created: role ReadOnly",
      "created: user sam",
      "left alone: group Users",
    ]);
  });

  it("imports jane's membership and login profile, keeps her password, key and MFA device, and uses the device's serial", function () {
    const jane = find(result.reports, "user", "jane");
    assert.deepStrictEqual(jane.imports.map((i) => `${i.type} ${i.id}`), [
      "aws:iam/user:User jane",
      "aws:iam/userGroupMembership:UserGroupMembership jane/Administrators",
      "aws:iam/userLoginProfile:UserLoginProfile jane",
    ]);
    assert.ok(jane.kept.some((k) => k.startsWith("console password (login profile imported")));
    assert.ok(jane.kept.includes("membership of group Users (not in the config: stays)"));
    assert.strictEqual(result.adoption.mfaSerials.jane, "arn:aws:iam::111111111111:mfa/jane-phone");
    assert.deepStrictEqual(result.adoption.users.jane.memberOf, ["Administrators"]);
  });

  it("ignores a role's description and session while adopting when no get-role output tells them", function () {
    assert.deepStrictEqual(result.adoption.roles["AdminRole@identity"].ignoreChanges, ["description", "maxSessionDuration"]);
    assert.ok(find(result.reports, "group", "Administrators").kept.includes("attached policy arn:aws:iam::111111111111:policy/AdminPolicy (not managed: stays attached)"));
  });
});

describe("what adoption refuses, before anything is registered", function () {
  const seed003 = snapshotOf("seed003");
  const all = ["users.jane", "groups.Administrators", "roles.AdminRole"];

  it("refuses a role whose path differs (IAM cannot move a role: it would be replaced), and adopts it when the path matches", function () {
    const moved = planAdoption(layoutOf("adopt-seed003", { roles: { AdminRole: { managedPolicies: ["AdministratorAccess"], path: "/people/" }, ReadOnly: { managedPolicies: ["ReadOnlyAccess"] } } }), seed003, all);
    assert.deepStrictEqual(moved.problems, [
      { path: "roles.AdminRole.path", message: 'exists in account 111111111111 with path /, the config says /people/; a role\'s path cannot change without replacing the role (its sessions and trusts naming it break): set roles.AdminRole.path: "/"' },
    ]);
    assert.strictEqual(find(moved.reports, "role", "AdminRole").status, "refused");
    assert.deepStrictEqual(moved.adoption.roles, {});
    const same = planAdoption(layoutOf("adopt-seed003", { roles: { AdminRole: { managedPolicies: ["AdministratorAccess"], path: "/" }, ReadOnly: { managedPolicies: ["ReadOnlyAccess"] } } }), seed003, all);
    assert.deepStrictEqual(same.problems, []);
  });

  it("refuses an identity that exists but is not listed to adopt (creating it would fail), and adopts it once listed", function () {
    const unlisted = planAdoption(layoutOf("adopt-seed003"), seed003, ["groups.Administrators", "roles.AdminRole"]);
    assert.deepStrictEqual(unlisted.problems.map((p) => p.path), ["users.jane"]);
    assert.match(unlisted.problems[0].message, /EntityAlreadyExists\); add users\.jane to adopt\.identities$/);
    assert.deepStrictEqual(planAdoption(layoutOf("adopt-seed003"), seed003, all).problems, []);
  });

  it("refuses a group and a role that exist but are not listed, each with the key to list", function () {
    const unlisted = planAdoption(layoutOf("adopt-seed003"), seed003, ["users.jane"]);
    assert.deepStrictEqual(unlisted.problems.map((p) => p.path).sort(), ["groups.Administrators", "roles.AdminRole"]);
    assert.match(unlisted.problems.find((p) => p.path === "groups.Administrators")!.message, /^group Administrators already exists in account 111111111111: .*add groups\.Administrators to adopt\.identities$/);
    assert.match(unlisted.problems.find((p) => p.path === "roles.AdminRole")!.message, /^role AdminRole already exists in account 111111111111: .*add roles\.AdminRole to adopt\.identities$/);
    assert.deepStrictEqual(unlisted.adoption.groups, {});
    assert.deepStrictEqual(unlisted.adoption.roles, {});
  });

  it("refuses a group or a role whose name differs only in case, a role with the fix that keeps it", function () {
    const renamed = planAdoption(
      layoutOf("adopt-seed003"),
      snapshotOf("seed003", (_f, d) => {
        (d.GroupDetailList as { GroupName?: string }[] | undefined)?.forEach((g) => (g.GroupName = g.GroupName?.toUpperCase()));
        (d.RoleDetailList as { RoleName?: string }[] | undefined)?.forEach((r) => (r.RoleName = r.RoleName === "AdminRole" ? "adminrole" : r.RoleName));
      }),
      all,
    );
    assert.deepStrictEqual(renamed.problems.map((p) => p.path).sort(), ["groups.Administrators", "roles.AdminRole"]);
    assert.match(renamed.problems.find((p) => p.path === "groups.Administrators")!.message, /^exists as "ADMINISTRATORS" \(IAM names are case-insensitive\)/);
    assert.match(renamed.problems.find((p) => p.path === "roles.AdminRole")!.message, /^exists in account 111111111111 as "adminrole"; a role's name cannot change without replacing the role: rename the key to adminrole$/);
    assert.strictEqual(find(renamed.reports, "role", "AdminRole").status, "refused");
  });

  it("refuses a name that differs only in case (it would be renamed), and adopts the exact name", function () {
    const upper = planAdoption(layoutOf("adopt-seed000"), snapshotOf("seed000", (_f, d) => ((d.UserDetailList as { UserName?: string }[] | undefined)?.forEach((u) => (u.UserName = "Developer")))), "all");
    assert.deepStrictEqual(upper.problems.map((p) => p.path), ["users.developer"]);
    assert.match(upper.problems[0].message, /^exists as "Developer"/);
  });

  it("refuses access key slots beyond IAM's two keys per user, and accepts one more", function () {
    const users = (slots: string[]) => ({ users: { developer: { groups: ["ResourceCreators"], accessKeys: slots } } });
    const two = planAdoption(layoutOf("adopt-seed000", users(["blue", "green"])), snapshotOf("seed000"), "all");
    assert.deepStrictEqual(two.problems.map((p) => p.path), ["users.developer.accessKeys"]);
    const one = planAdoption(layoutOf("adopt-seed000", users(["blue"])), snapshotOf("seed000"), "all");
    assert.deepStrictEqual(one.problems, []);
    assert.ok(find(one.reports, "user", "developer").changes.includes("access key slot blue created"));
  });

  it("refuses a listed identity that does not exist, and an entry that names nothing in the config", function () {
    const r = planAdoption(layoutOf("adopt-seed003"), seed003, [...all, "users.sam", "users.nobody"]);
    assert.deepStrictEqual(r.problems.map((p) => p.path).sort(), ["adopt.identities", "adopt.identities[4]"]);
  });

  it("adopts as is an identity that already is what the layout wants", function () {
    const tagged = snapshotOf("seed000", (_f, d) => {
      for (const u of (d.UserDetailList as Record<string, unknown>[] | undefined) ?? []) {
        u.GroupList = ["SelfServiceMfa", "ResourceCreators"];
        u.Tags = [{ Key: "iam-baseline:environment", Value: "seed" }, { Key: "iam-baseline:managed-by", Value: "pulumi" }];
      }
    });
    const r = planAdoption(layoutOf("adopt-seed000"), tagged, ["users.developer", "roles.ResourceCreatorRole"]);
    const dev = find(r.reports, "user", "developer");
    assert.strictEqual(dev.status, "adopted as is");
    assert.deepStrictEqual(dev.imports.map((i) => i.id), ["developer", "developer/SelfServiceMfa/ResourceCreators"]);
  });

  it("treats a joined identity as managed by the layout: nothing imported, its changes listed as applying now", function () {
    const r = planAdoption(layoutOf("adopt-seed000"), snapshotOf("seed000"), ["roles.ResourceCreatorRole"], ["users.developer"]);
    const dev = find(r.reports, "user", "developer");
    assert.strictEqual(dev.status, "joined");
    assert.deepStrictEqual(dev.imports, []);
    assert.strictEqual(r.adoption.users.developer, undefined);
    assert.deepStrictEqual(r.problems, []);
  });

  it("leaves tags as they are while adopting a role in an account whose provider adds default tags, and not in the identity account", function () {
    const sandbox = { identity: { id: "111111111111" }, sandbox: { id: "222222222222", deployRoleArn: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole" } };
    const layout = layoutOf("adopt-seed000", { accounts: sandbox, roles: { ResourceCreatorRole: { managedPolicies: ["PowerUserAccess"], accounts: ["sandbox"] } } });
    const inSandbox = snapshotOf("seed000", (_f, d) => {
      for (const r of (d.RoleDetailList as Record<string, unknown>[] | undefined) ?? []) r.Arn = String(r.Arn).replace("111111111111", "222222222222");
      if (d.Role) (d.Role as Record<string, unknown>).Arn = String((d.Role as Record<string, unknown>).Arn).replace("111111111111", "222222222222");
    });
    const r = planAdoption(layout, inSandbox, "all");
    assert.deepStrictEqual(r.problems, []);
    assert.deepStrictEqual(r.adoption.roles["ResourceCreatorRole@sandbox"].ignoreChanges, ["tags", "tagsAll"]);
    assert.deepStrictEqual(planAdoption(layoutOf("adopt-seed000"), snapshotOf("seed000"), "all").adoption.roles["ResourceCreatorRole@identity"].ignoreChanges, []);
  });
});
