import * as assert from "assert";
import { mfaTrustPolicy } from "../../lib/iam/builders";
import { runStack } from "../../test/support/stacks";
import { noAdminPathWithoutMfa } from "../policies/noAdminPathWithoutMfa";
import { doc, fromRun, stackViolationsOf, TestResource } from "./support/run";

const user = (name: string): TestResource => ({ type: "aws:iam/user:User", name, props: { name, path: "/" } });
const member = (u: string, ...groups: string[]): TestResource => ({ type: "aws:iam/userGroupMembership:UserGroupMembership", name: `${u}-groups`, props: { user: u, groups } });
const groupPolicy = (group: string, document: unknown): TestResource => ({ type: "aws:iam/groupPolicy:GroupPolicy", name: `${group}-policy`, props: { group, policy: JSON.stringify(document) } });
const adminRole = (name: string, trust: unknown): TestResource => ({ type: "aws:iam/role:Role", name, props: { name, path: "/", assumeRolePolicy: JSON.stringify(trust) } });
const attach = (role: string, policyArn = "arn:aws:iam::aws:policy/AdministratorAccess"): TestResource => ({ type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: `${role}-attach`, props: { role, policyArn } });
const assume = (roleArn: string, condition?: unknown) => doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: roleArn, ...(condition ? { Condition: condition } : {}) });
const MFA = { Bool: { "aws:MultiFactorAuthPresent": "true" } };
const ROOT_TRUST = doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" });
const PATH_TRUST_NO_MFA = doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole", Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/people/*" } } });
const MFA_TRUST = mfaTrustPolicy({ identityAccountId: "111111111111", principalArns: ["arn:aws:iam::111111111111:user/alice"], mfaMaxAgeSeconds: 3600 });

const CASES: { name: string; resources: TestResource[]; expect: string[] }[] = [
  {
    name: "a user whose group may assume an admin role with a trust without MFA fails",
    resources: [user("alice"), member("alice", "admins"), groupPolicy("admins", assume("arn:aws:iam::111111111111:role/Admin")), adminRole("Admin", ROOT_TRUST), attach("Admin")],
    expect: ["user alice can assume admin role Admin (arn:aws:iam::aws:policy/AdministratorAccess is attached) without MFA: admins-policy policy statement #1 allows it and the trust's statement #1 admits long-term access keys"],
  },
  {
    name: "the same path passes when the trust requires MFA",
    resources: [user("alice"), member("alice", "admins"), groupPolicy("admins", assume("arn:aws:iam::111111111111:role/Admin")), adminRole("Admin", MFA_TRUST), attach("Admin")],
    expect: [],
  },
  {
    name: "the same path passes when the group grant requires MFA (the hop before the trust)",
    resources: [user("alice"), member("alice", "admins"), groupPolicy("admins", assume("arn:aws:iam::111111111111:role/Admin", MFA)), adminRole("Admin", ROOT_TRUST), attach("Admin")],
    expect: [],
  },
  {
    name: "a role that is not admin is not a finding",
    resources: [user("alice"), member("alice", "devs"), groupPolicy("devs", assume("arn:aws:iam::111111111111:role/Read")), adminRole("Read", ROOT_TRUST), attach("Read", "arn:aws:iam::aws:policy/ReadOnlyAccess")],
    expect: [],
  },
  {
    name: "a role whose inline policy is admin counts as admin",
    resources: [
      user("alice"), member("alice", "admins"), groupPolicy("admins", assume("arn:aws:iam::*:role/Boss")), adminRole("Boss", ROOT_TRUST),
      { type: "aws:iam/rolePolicy:RolePolicy", name: "boss-inline", props: { role: "Boss", policy: JSON.stringify(doc({ Effect: "Allow", Action: "*", Resource: "*" })) } },
    ],
    expect: ["user alice can assume admin role Boss (boss-inline policy statement #1 allows \"*\" on \"*\")"],
  },
  {
    name: "a group that holds admin directly, without MFA, fails",
    resources: [user("bob"), member("bob", "ops"), groupPolicy("ops", doc({ Effect: "Allow", Action: "*", Resource: "*" }))],
    expect: ["user bob holds admin without MFA through group ops"],
  },
  {
    name: "a group that holds admin only with MFA passes",
    resources: [user("bob"), member("bob", "ops"), groupPolicy("ops", doc({ Effect: "Allow", Action: "*", Resource: "*", Condition: MFA }))],
    expect: [],
  },
  {
    name: "a user with AdministratorAccess attached fails",
    resources: [user("carol"), { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "c", props: { user: "carol", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } }],
    expect: ["user carol holds admin without MFA through user carol: arn:aws:iam::aws:policy/AdministratorAccess is attached"],
  },
  {
    name: "a customer managed admin policy attached to a group through the stack counts",
    resources: [
      user("dan"), member("dan", "g"),
      { type: "aws:iam/policy:Policy", name: "everything", props: { name: "everything", path: "/", policy: JSON.stringify(doc({ Effect: "Allow", Action: "*", Resource: "*" })) } },
      { type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", name: "ga", props: { group: "g", policyArn: "arn:aws:iam::111111111111:policy/everything" } },
    ],
    expect: ["user dan holds admin without MFA through group g"],
  },
  {
    name: "a user outside the group is not reported",
    resources: [user("alice"), user("eve"), member("alice", "admins"), groupPolicy("admins", assume("arn:aws:iam::111111111111:role/Admin")), adminRole("Admin", ROOT_TRUST), attach("Admin")],
    expect: ["user alice can assume admin role Admin"],
  },
  {
    name: "a trust narrowed to a user path (without MFA) admits no user outside it: a user at / with a grant is not a finding",
    resources: [user("eve"), member("eve", "admins"), groupPolicy("admins", assume("arn:aws:iam::111111111111:role/Admin")), adminRole("Admin", PATH_TRUST_NO_MFA), attach("Admin")],
    expect: [],
  },
  {
    name: "the same trust admits a user under the path: a finding",
    resources: [{ ...user("alice"), props: { name: "alice", path: "/people/" } }, member("alice", "admins"), groupPolicy("admins", assume("arn:aws:iam::111111111111:role/Admin")), adminRole("Admin", PATH_TRUST_NO_MFA), attach("Admin")],
    expect: ["user alice can assume admin role Admin"],
  },
  {
    name: "the layout's path-form trust (with MFA) passes for a user under the path",
    resources: [{ ...user("alice"), props: { name: "alice", path: "/people/" } }, member("alice", "admins"), groupPolicy("admins", assume("arn:aws:iam::111111111111:role/Admin")), adminRole("Admin", mfaTrustPolicy({ identityAccountId: "111111111111", principalPath: "/people/", mfaMaxAgeSeconds: 3600 })), attach("Admin")],
    expect: [],
  },
];

describe("iam-no-admin-path-without-mfa", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const found = await stackViolationsOf(noAdminPathWithoutMfa, c.resources);
      assert.strictEqual(found.length, c.expect.length, `violations: ${JSON.stringify(found, null, 1)}`);
      c.expect.forEach((e, i) => assert.ok(found[i].message.includes(e), `"${found[i].message}" includes "${e}"`));
      for (const f of found) assert.match(f.urn ?? "", /aws:iam\/user:User::/, "reported on the user");
    });
  }

  for (const stack of ["dev", "prod"]) {
    it(`passes the ${stack} stack of our program, whose admin roles all require MFA`, async function () {
      const run = await runStack(stack);
      const resources = fromRun(run);
      assert.ok(resources.some((r) => r.type === "aws:iam/role:Role" && (r.name ?? "").startsWith("Admin@")));
      assert.deepStrictEqual(await stackViolationsOf(noAdminPathWithoutMfa, resources), []);
    });
  }

  it("fails the dev stack when both the Admin trust and the group grant lose their MFA conditions", async function () {
    // Losing MFA at one hop only is still MFA-gated at the other (and rule 1 flags the trust itself).
    const run = await runStack("dev");
    const stripMfa = (json: string) => {
      const d = JSON.parse(json);
      for (const st of d.Statement) {
        delete st.Condition.Bool;
        delete st.Condition.NumericLessThan;
      }
      return JSON.stringify(d);
    };
    const resources = fromRun(run).map((r) => {
      if (r.type === "aws:iam/role:Role" && r.name === "Admin@identity") return { ...r, props: { ...r.props, assumeRolePolicy: stripMfa(r.props.assumeRolePolicy as string) } };
      if (r.type === "aws:iam/groupPolicy:GroupPolicy" && r.name === "Administrators-assume-roles") return { ...r, props: { ...r.props, policy: stripMfa(r.props.policy as string) } };
      return r;
    });
    const found = await stackViolationsOf(noAdminPathWithoutMfa, resources);
    assert.deepStrictEqual(found.map((f) => f.message.split(" without MFA")[0]), ["user alice can assume admin role Admin (arn:aws:iam::aws:policy/AdministratorAccess is attached)"]);
  });
});
