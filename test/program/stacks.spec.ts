import * as assert from "assert";
import { parse as parseIni } from "ini";
import { StackRun } from "../../tools/stack/types";
import { documentInput, ofType, runStack } from "../support/stacks";

/** What each committed stack must produce, written out by hand from its Pulumi.<stack>.yaml. */
const EXPECTED = {
  dev: {
    identity: "111111111111",
    prefix: "",
    providers: { sandbox: { id: "222222222222", roleArn: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole", region: "us-east-1" } } as Record<string, { id: string; roleArn: string; region: string }>,
    roles: ["Admin@identity", "Admin@sandbox", "PowerUser@sandbox", "ReadOnly@identity", "ReadOnly@sandbox"],
    groups: { Administrators: ["Admin@identity", "Admin@sandbox"], Developers: ["PowerUser@sandbox", "ReadOnly@identity"] } as Record<string, string[]>,
    users: { alice: ["Administrators"], bob: ["Developers"] } as Record<string, string[]>,
    consoleUsers: ["alice"],
    keySlots: [] as string[],
  },
  prod: {
    identity: "333333333333",
    prefix: "prod-",
    providers: {
      workloads: { id: "444444444444", roleArn: "arn:aws:iam::444444444444:role/OrganizationAccountAccessRole", region: "eu-west-1" },
      logging: { id: "555555555555", roleArn: "arn:aws:iam::555555555555:role/OrganizationAccountAccessRole", region: "eu-central-1" },
    } as Record<string, { id: string; roleArn: string; region: string }>,
    roles: [
      "Admin@identity", "Admin@logging", "Admin@workloads", "Auditor@logging", "PowerUser@workloads",
      "ReadOnly@identity", "ReadOnly@logging", "ReadOnly@workloads",
    ],
    groups: {
      Administrators: ["Admin@identity", "Admin@logging", "Admin@workloads"],
      Auditors: ["Auditor@logging", "ReadOnly@identity", "ReadOnly@logging", "ReadOnly@workloads"],
      Developers: ["PowerUser@workloads", "ReadOnly@workloads"],
    } as Record<string, string[]>,
    users: { alice: ["Administrators"], bob: ["Developers"], carol: ["Developers", "Auditors"], dave: ["Auditors"] } as Record<string, string[]>,
    consoleUsers: ["alice", "bob"],
    keySlots: ["carol-key-blue"],
  },
};

const accountIds = (stack: keyof typeof EXPECTED): Record<string, string> => ({
  identity: EXPECTED[stack].identity,
  ...Object.fromEntries(Object.entries(EXPECTED[stack].providers).map(([k, v]) => [k, v.id])),
});

for (const stack of ["dev", "prod"] as const) {
  const want = EXPECTED[stack];
  describe(`the ${stack} stack under mocks`, function () {
    let run: StackRun;
    before(async function () {
      run = await runStack(stack);
      assert.strictEqual(run.error, undefined, run.error);
    });
    const nameOfUrn = (urn: string) => urn.split("::").pop();

    it("creates one MFA role component per role and account, each holding exactly one aws.iam.Role", function () {
      const components = ofType(run, "iam-baseline:roles:MfaAssumableRole").map((r) => r.name).sort();
      assert.deepStrictEqual(components, want.roles);
      const roles = ofType(run, "aws:iam/role:Role");
      assert.deepStrictEqual(roles.map((r) => r.name).sort(), want.roles);
      for (const role of roles) assert.strictEqual(nameOfUrn(role.parent), role.name, `${role.name} is parented by its component`);
    });

    it("creates roles in other accounts through that account's provider, and identity-account roles through the default one", function () {
      const providers = ofType(run, "pulumi:providers:aws");
      assert.deepStrictEqual(providers.map((p) => p.name).sort(), Object.keys(want.providers).map((k) => `account-${k}`).sort());
      for (const p of providers) {
        const account = p.name.replace("account-", "");
        // Provider inputs reach the engine JSON-encoded, as for a real provider.
        const json = (k: string) => JSON.parse(p.inputs[k] as string);
        const inputs = { assumeRoles: json("assumeRoles") as { roleArn: string }[], region: p.inputs.region, allowedAccountIds: json("allowedAccountIds") };
        assert.strictEqual(inputs.assumeRoles[0].roleArn, want.providers[account].roleArn);
        assert.strictEqual(inputs.region, want.providers[account].region);
        assert.deepStrictEqual(inputs.allowedAccountIds, [want.providers[account].id]);
      }
      for (const r of run.resources.filter((x) => x.custom && x.type.startsWith("aws:iam/"))) {
        const account = r.name.includes("@") ? r.name.split("@")[1].split("-")[0] : "identity";
        const provider = r.provider ? nameOfUrn(r.provider.split("::").slice(0, -1).join("::")) : "";
        assert.strictEqual(provider, account === "identity" ? "" : `account-${account}`, `${r.type} ${r.name}`);
      }
    });

    it("gives role names the prefix and a trust statement on the identity account root", function () {
      for (const role of ofType(run, "aws:iam/role:Role")) {
        assert.strictEqual(role.inputs.name, `${want.prefix}${role.name.split("@")[0]}`);
        for (const s of documentInput(role, "assumeRolePolicy").Statement) {
          assert.deepStrictEqual(s.Principal, { AWS: `arn:aws:iam::${want.identity}:root` });
        }
      }
    });

    it("parents every resource: components under the layout, AWS resources under a component", function () {
      const layout = ofType(run, "iam-baseline:index:IdentityLayout");
      assert.strictEqual(layout.length, 1);
      assert.strictEqual(layout[0].parent, "");
      for (const r of run.resources.filter((x) => x !== layout[0])) {
        assert.ok(r.parent, `${r.urn} has a parent`);
        if (!r.custom || r.type.startsWith("pulumi:providers:") || r.type === "aws:iam/accountPasswordPolicy:AccountPasswordPolicy") {
          assert.strictEqual(r.parent, layout[0].urn, `${r.urn} is a child of the layout`);
        } else {
          assert.ok(r.parent.split("::")[2].split("$").pop()!.startsWith("iam-baseline:"), `${r.urn} is a child of a component`);
        }
      }
    });

    it("gives users no policies of their own: no user policy or attachment exists", function () {
      const userPolicyTypes = ["aws:iam/userPolicy:UserPolicy", "aws:iam/userPolicyAttachment:UserPolicyAttachment", "aws:iam/policyAttachment:PolicyAttachment"];
      assert.deepStrictEqual(run.resources.filter((r) => userPolicyTypes.includes(r.type)), []);
      for (const u of ofType(run, "aws:iam/user:User")) assert.deepStrictEqual(Object.keys(u.inputs).sort(), ["name", "path", "tags"]);
    });

    it("puts every user in the self-service group and in their configured groups, non-exclusively", function () {
      const memberships = ofType(run, "aws:iam/userGroupMembership:UserGroupMembership");
      assert.deepStrictEqual(memberships.map((m) => m.name).sort(), Object.keys(want.users).map((u) => `${u}-groups`).sort());
      assert.deepStrictEqual(ofType(run, "aws:iam/groupMembership:GroupMembership"), [], "exclusive GroupMembership is never used");
      for (const m of memberships) {
        const user = m.name.replace(/-groups$/, "");
        const expected = [`${want.prefix}SelfServiceMfa`, ...want.users[user].map((g) => `${want.prefix}${g}`)].sort();
        assert.deepStrictEqual((m.inputs.groups as string[]).slice().sort(), expected);
        assert.strictEqual(m.inputs.user, `${want.prefix}${user}`);
      }
    });

    it("lets each group assume only the explicit ARNs of its roles, with MFA, an MFA age bound and TLS", function () {
      const ids = accountIds(stack);
      const policies = ofType(run, "aws:iam/groupPolicy:GroupPolicy").filter((p) => p.name.endsWith("-assume-roles"));
      assert.deepStrictEqual(policies.map((p) => p.name.replace(/-assume-roles$/, "")).sort(), Object.keys(want.groups).sort());
      for (const p of policies) {
        const group = p.name.replace(/-assume-roles$/, "");
        const statements = documentInput(p, "policy").Statement;
        const resources = statements.flatMap((s) => s.Resource as string[]).sort();
        const expected = want.groups[group].map((g) => `arn:aws:iam::${ids[g.split("@")[1]]}:role/${want.prefix}${g.split("@")[0]}`).sort();
        assert.deepStrictEqual(resources, expected);
        for (const s of statements) {
          assert.strictEqual(s.Effect, "Allow");
          assert.strictEqual(s.Action, "sts:AssumeRole");
          assert.ok(!String(s.Resource).includes("*"), "no wildcard in a role ARN");
          const c = s.Condition as Record<string, Record<string, string>>;
          assert.strictEqual(c.Bool["aws:MultiFactorAuthPresent"], "true");
          assert.strictEqual(c.Bool["aws:SecureTransport"], "true");
          assert.match(c.NumericLessThan["aws:MultiFactorAuthAge"], /^\d+$/);
        }
      }
    });

    it("creates console profiles and access keys only where configured", function () {
      assert.deepStrictEqual(ofType(run, "aws:iam/userLoginProfile:UserLoginProfile").map((r) => r.name.replace(/-console$/, "")).sort(), want.consoleUsers);
      for (const p of ofType(run, "aws:iam/userLoginProfile:UserLoginProfile")) assert.strictEqual(p.inputs.passwordResetRequired, true);
      assert.deepStrictEqual(ofType(run, "aws:iam/accessKey:AccessKey").map((r) => r.name).sort(), want.keySlots);
    });

    it("sets a strong account password policy in the identity account", function () {
      const [pp] = ofType(run, "aws:iam/accountPasswordPolicy:AccountPasswordPolicy");
      assert.deepStrictEqual(pp.inputs, {
        allowUsersToChangePassword: true,
        maxPasswordAge: 90,
        minimumPasswordLength: 14,
        passwordReusePrevention: 24,
        requireLowercaseCharacters: true,
        requireNumbers: true,
        requireSymbols: true,
        requireUppercaseCharacters: true,
      });
    });

    it("exports awsCliConfig per user as INI with one MFA profile per role and account they may assume", function () {
      const ids = accountIds(stack);
      const cli = run.outputs.awsCliConfig.value as Record<string, string>;
      assert.deepStrictEqual(Object.keys(cli).sort(), Object.keys(want.users).sort());
      for (const [user, text] of Object.entries(cli)) {
        const ini = parseIni(text) as Record<string, Record<string, string>>;
        const grants = [...new Set(want.users[user].flatMap((g) => want.groups[g]))].sort();
        assert.deepStrictEqual(Object.keys(ini).sort(), grants.map((g) => `profile ${stack}-${g.split("@")[1]}-${g.split("@")[0].toLowerCase()}`).sort());
        for (const grant of grants) {
          const [role, account] = grant.split("@");
          const profile = ini[`profile ${stack}-${account}-${role.toLowerCase()}`];
          assert.strictEqual(profile.role_arn, `arn:aws:iam::${ids[account]}:role/${want.prefix}${role}`);
          assert.strictEqual(profile.source_profile, `${stack}-identity`);
          assert.strictEqual(profile.mfa_serial, `arn:aws:iam::${want.identity}:mfa/${want.prefix}${user}`);
          assert.strictEqual(profile.role_session_name, `${want.prefix}${user}`);
          assert.match(profile.duration_seconds, /^\d+$/);
        }
      }
    });

    it("exports passwords and keys only as secrets, and nowhere in plain outputs", function () {
      assert.strictEqual(run.outputs.initialPasswords.secret, true);
      assert.strictEqual(run.outputs.accessKeys.secret, true);
      assert.deepStrictEqual(Object.keys(run.outputs.initialPasswords.value as object).sort(), want.consoleUsers);
      const plain = JSON.stringify(Object.values(run.outputs).filter((o) => !o.secret));
      assert.ok(!/mock-password|mock-secret/.test(plain), "no secret value in a plain output");
    });

    it("exports role ARNs, groups, users, sign-in and switch-role URLs", function () {
      const roleArns = run.outputs.roleArns.value as Record<string, Record<string, string>>;
      const pairs = Object.entries(roleArns).flatMap(([role, byAccount]) => Object.keys(byAccount).map((a) => `${role}@${a}`)).sort();
      assert.deepStrictEqual(pairs, want.roles);
      assert.strictEqual(run.outputs.consoleSignInUrl.value, `https://${want.identity}.signin.aws.amazon.com/console`);
      const urls = run.outputs.switchRoleUrls.value as Record<string, Record<string, string>>;
      assert.match(urls.Admin.identity, new RegExp(`^https://signin\\.aws\\.amazon\\.com/switchrole\\?account=${want.identity}&roleName=${want.prefix}Admin&`));
      assert.deepStrictEqual(Object.keys(run.outputs.groups.value as object).sort(), Object.keys(want.groups).sort());
      const users = run.outputs.users.value as Record<string, { mfaSerial: string; arn: string }>;
      assert.strictEqual(users.alice.arn, `arn:aws:iam::${want.identity}:user/${want.prefix}alice`);
    });
  });
}
