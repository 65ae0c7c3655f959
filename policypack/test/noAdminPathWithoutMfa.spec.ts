import * as assert from "assert";
import { mfaTrustPolicy } from "../../lib/iam/builders";
import { runStack } from "../../test/support/stacks";
import { PolicyResource, UnknownValueError } from "@pulumi/policy";
import { undecidedAtPreview } from "../lib/preview";
import { noAdminPathWithoutMfa, previewResources } from "../policies/noAdminPathWithoutMfa";
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

const GOV_ROOT_TRUST = doc({ Effect: "Allow", Principal: { AWS: "arn:aws-us-gov:iam::111111111111:root" }, Action: "sts:AssumeRole" });
const CN_ROOT_TRUST = doc({ Effect: "Allow", Principal: { AWS: "arn:aws-cn:iam::111111111111:root" }, Action: "sts:AssumeRole" });
const CN_PROVIDER = { urn: "urn:pulumi:test::test::pulumi:providers:aws::china", props: { region: "cn-north-1" } };
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
  // Bug: managed policies attached through aws.iam.*PolicyAttachmentsExclusive were not read.
  {
    name: "AdministratorAccess attached to a user through UserPolicyAttachmentsExclusive fails",
    resources: [user("carol"), { type: "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive", name: "c", props: { userName: "carol", policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"] } }],
    expect: ["user carol holds admin without MFA through user carol: arn:aws:iam::aws:policy/AdministratorAccess is attached"],
  },
  {
    name: "AdministratorAccess attached to a group through GroupPolicyAttachmentsExclusive fails for its members",
    resources: [user("bob"), member("bob", "ops"), { type: "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive", name: "g", props: { groupName: "ops", policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } }],
    expect: ["user bob holds admin without MFA through group ops"],
  },
  {
    name: "a role made admin through RolePolicyAttachmentsExclusive is an admin role",
    resources: [
      user("alice"), member("alice", "admins"), groupPolicy("admins", assume("arn:aws:iam::111111111111:role/Admin")), adminRole("Admin", ROOT_TRUST),
      { type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", name: "r", props: { roleName: "Admin", policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } },
    ],
    expect: ["user alice can assume admin role Admin (arn:aws:iam::aws:policy/AdministratorAccess is attached) without MFA"],
  },
  {
    name: "ReadOnlyAccess attached through the exclusive resources is not admin",
    resources: [user("bob"), member("bob", "ops"), { type: "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive", name: "g", props: { groupName: "ops", policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } }],
    expect: [],
  },
  // Bug: a role whose ARN is not known yet was matched as arn:aws:..., so a grant in GovCloud or China never reached it.
  {
    name: "a GovCloud group grant reaches an admin role whose ARN is not known yet, and fails without MFA",
    resources: [user("alice"), member("alice", "admins"), groupPolicy("admins", assume("arn:aws-us-gov:iam::111111111111:role/Admin")), adminRole("Admin", GOV_ROOT_TRUST), attach("Admin", "arn:aws-us-gov:iam::aws:policy/AdministratorAccess")],
    expect: ["user alice can assume admin role Admin"],
  },
  {
    name: "a role whose provider is in a China region is reached by a grant in aws-cn, and fails without MFA",
    resources: [user("alice"), member("alice", "admins"), groupPolicy("admins", assume("arn:aws-cn:iam::*:role/Admin")), { ...adminRole("Admin", CN_ROOT_TRUST), provider: CN_PROVIDER }, { ...attach("Admin", "arn:aws-cn:iam::aws:policy/AdministratorAccess"), provider: CN_PROVIDER }],
    expect: ["user alice can assume admin role Admin"],
  },
  {
    name: "a role whose provider is in a China region is not reached by a grant in the aws partition, and passes",
    resources: [user("alice"), member("alice", "admins"), groupPolicy("admins", assume("arn:aws:iam::*:role/Admin")), { ...adminRole("Admin", CN_ROOT_TRUST), provider: CN_PROVIDER }, { ...attach("Admin", "arn:aws-cn:iam::aws:policy/AdministratorAccess"), provider: CN_PROVIDER }],
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

/** Props whose listed keys are unknown, as during preview: reading them throws the SDK's UnknownValueError. */
function withUnknown(props: Record<string, unknown>, ...unknown: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...props };
  for (const k of unknown) {
    Object.defineProperty(out, k, {
      enumerable: true,
      get: () => {
        throw undecidedAtPreview(`${k} is unknown`);
      },
    });
  }
  return out;
}

const ACCOUNT_PROVIDER = { urn: "urn:pulumi:test::test::pulumi:providers:aws::identity", props: { allowedAccountIds: ["111111111111"] } };
const previewResource = (type: string, name: string, props: Record<string, unknown>, extra: Partial<PolicyResource> = {}): PolicyResource =>
  ({ type, name, urn: `urn:pulumi:test::test::${type}::${name}`, props, propertyDependencies: {}, ...extra }) as unknown as PolicyResource;
const POLICY_TYPE = "aws:iam/policy:Policy";
const ATTACH_TYPE = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const deployPolicy = (props: Record<string, unknown>) => previewResource(POLICY_TYPE, "deploy", withUnknown(props, "arn", "id"));
const attachedTo = (source: PolicyResource, extra: Partial<PolicyResource> = {}) =>
  previewResource(ATTACH_TYPE, "Admin-attach", withUnknown({ role: "Admin" }, "policyArn"), { propertyDependencies: { policyArn: [source] }, ...extra } as unknown as Partial<PolicyResource>);

describe("iam-no-admin-path-without-mfa during preview: what is known", function () {
  it("an unknown managed policy ARN is recovered from the policy it comes from: name, path and the provider's account", function () {
    const source = deployPolicy({ name: "deploy", path: "/ci/" });
    const { resources, undecided } = previewResources([source, attachedTo(source, { provider: ACCOUNT_PROVIDER } as unknown as Partial<PolicyResource>)]);
    assert.deepStrictEqual(undecided, []);
    assert.strictEqual(resources.find((r) => r.type === ATTACH_TYPE)?.props.policyArn, "arn:aws:iam::111111111111:policy/ci/deploy");
  });

  it("without a path or a provider account the recovered ARN has the root path and a placeholder account", function () {
    const source = deployPolicy({ name: "deploy" });
    const { resources, undecided } = previewResources([source, attachedTo(source)]);
    assert.deepStrictEqual(undecided, []);
    assert.strictEqual(resources.find((r) => r.type === ATTACH_TYPE)?.props.policyArn, "arn:aws:iam::000000000000:policy/deploy");
  });

  it("an unknown policy ARN that comes from no policy, or from a policy whose name is unknown, is undecided", function () {
    const role = previewResource("aws:iam/role:Role", "Other", { name: "Other", assumeRolePolicy: "{}" });
    for (const source of [role, deployPolicy({ path: "/" })]) {
      const { resources, undecided } = previewResources([source, attachedTo(source)]);
      assert.deepStrictEqual(undecided, ["Admin-attach (RolePolicyAttachment): policyArn"]);
      assert.strictEqual(resources.find((r) => r.type === ATTACH_TYPE)?.props.policyArn, undefined);
    }
  });

  it("the policy is found among other dependencies; other unknown values stay undecided", function () {
    const source = deployPolicy({ name: "deploy" });
    const role = previewResource("aws:iam/role:Role", "Other", { name: "Other", assumeRolePolicy: "{}" });
    const attachment = previewResource(ATTACH_TYPE, "Admin-attach", withUnknown({}, "policyArn", "role"), { propertyDependencies: { policyArn: [role, source] } } as unknown as Partial<PolicyResource>);
    const { resources, undecided } = previewResources([source, role, attachment]);
    assert.strictEqual(resources.find((r) => r.type === ATTACH_TYPE)?.props.policyArn, "arn:aws:iam::000000000000:policy/deploy");
    assert.deepStrictEqual(undecided, ["Admin-attach (RolePolicyAttachment): role"]);
  });

  it("a known policy ARN is kept, whatever it depends on", function () {
    const source = deployPolicy({ name: "deploy" });
    const attachment = previewResource(ATTACH_TYPE, "Admin-attach", withUnknown({ policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, "role"), { propertyDependencies: { policyArn: [source] } } as unknown as Partial<PolicyResource>);
    const { resources, undecided } = previewResources([source, attachment]);
    assert.strictEqual(resources.find((r) => r.type === ATTACH_TYPE)?.props.policyArn, "arn:aws:iam::aws:policy/AdministratorAccess");
    assert.deepStrictEqual(undecided, ["Admin-attach (RolePolicyAttachment): role"]);
  });

  it("an unknown policy ARN without any recorded dependencies is undecided", function () {
    for (const propertyDependencies of [undefined, {}]) {
      const attachment = previewResource(ATTACH_TYPE, "Admin-attach", withUnknown({ role: "Admin" }, "policyArn"), { propertyDependencies } as unknown as Partial<PolicyResource>);
      assert.deepStrictEqual(previewResources([attachment]).undecided, ["Admin-attach (RolePolicyAttachment): policyArn"]);
    }
  });

  it("the unknown ARN of a user or a role is built from its name, path and the provider's account; not a policy's", function () {
    const provider = { provider: ACCOUNT_PROVIDER } as unknown as Partial<PolicyResource>;
    const { resources, undecided } = previewResources([
      previewResource("aws:iam/user:User", "alice", withUnknown({ name: "alice", path: "/people/" }, "arn", "uniqueId", "id"), provider),
      previewResource("aws:iam/role:Role", "Admin", withUnknown({ name: "Admin", assumeRolePolicy: "{}" }, "arn", "tagsAll"), provider),
      previewResource(POLICY_TYPE, "deploy", withUnknown({ name: "deploy", policy: "{}" }, "arn", "policyId"), provider),
      previewResource("aws:iam/user:User", "bob", { name: "bob", arn: "arn:aws:iam::222222222222:user/bob" }, provider),
    ]);
    assert.deepStrictEqual(undecided, []);
    assert.deepStrictEqual(resources.map((r) => r.props.arn), ["arn:aws:iam::111111111111:user/people/alice", "arn:aws:iam::111111111111:role/Admin", undefined, "arn:aws:iam::222222222222:user/bob"]);
  });

  // Bug: ARNs were built in the aws partition whatever the region; a GovCloud or China stack's are not.
  for (const [region, partition] of [["us-gov-west-1", "aws-us-gov"], ["cn-north-1", "aws-cn"], ["eu-west-1", "aws"]]) {
    it(`the ARNs built at preview for a provider in ${region} are in the ${partition} partition`, function () {
      const provider = { provider: { urn: ACCOUNT_PROVIDER.urn, props: { ...ACCOUNT_PROVIDER.props, region } } } as unknown as Partial<PolicyResource>;
      const source = deployPolicy({ name: "deploy" });
      const { resources, undecided } = previewResources([
        previewResource("aws:iam/user:User", "alice", withUnknown({ name: "alice" }, "arn"), provider),
        previewResource("aws:iam/role:Role", "Admin", withUnknown({ name: "Admin", assumeRolePolicy: "{}" }, "arn"), provider),
        source,
        attachedTo(source, provider),
      ]);
      assert.deepStrictEqual(undecided, []);
      assert.deepStrictEqual(
        resources.map((r) => r.props.arn ?? r.props.policyArn),
        [`arn:${partition}:iam::111111111111:user/alice`, `arn:${partition}:iam::111111111111:role/Admin`, undefined, `arn:${partition}:iam::111111111111:policy/deploy`],
      );
    });
  }

  it("no ARN is built without the provider's account or the name", function () {
    const { resources, undecided } = previewResources([
      previewResource("aws:iam/user:User", "alice", withUnknown({ name: "alice" }, "arn")),
      previewResource("aws:iam/user:User", "bob", withUnknown({}, "arn", "name"), { provider: ACCOUNT_PROVIDER } as unknown as Partial<PolicyResource>),
    ]);
    assert.deepStrictEqual(resources.map((r) => r.props.arn), [undefined, undefined]);
    assert.deepStrictEqual(undecided, ["bob (User): name"]);
  });

  it("unknown values the graph needs are listed per resource; other resources of the stack are not read", function () {
    const { resources, undecided } = previewResources([
      previewResource("aws:iam/userPolicy:UserPolicy", "alice-inline", withUnknown({ name: "x" }, "user", "policy")),
      previewResource("aws:s3/bucket:Bucket", "logs", withUnknown({}, "bucket", "arn")),
    ]);
    assert.deepStrictEqual(undecided, ["alice-inline (UserPolicy): user, policy"]);
    assert.deepStrictEqual(resources.map((r) => r.name), ["alice-inline"]);
  });

  it("the stack policy reports what it could decide and then says, as the SDK's unknown, what it could not", async function () {
    const resources: TestResource[] = [
      user("alice"),
      member("alice", "admins"),
      groupPolicy("admins", assume("arn:aws:iam::111111111111:role/Admin")),
      adminRole("Admin", ROOT_TRUST),
      attach("Admin"),
      { type: "aws:iam/userPolicy:UserPolicy", name: "bob-inline", props: withUnknown({ user: "bob" }, "policy") },
      { type: "aws:iam/groupPolicy:GroupPolicy", name: "ops-inline", props: withUnknown({}, "group", "policy") },
    ];
    const found: string[] = [];
    const policy = noAdminPathWithoutMfa;
    await assert.rejects(
      (async () => {
        const args = { resources: resources.map((r) => previewResource(r.type, r.name ?? "", r.props)), getConfig: () => ({}), stackTags: new Map(), notApplicable: () => undefined as never };
        await policy.validateStack(args as unknown as Parameters<typeof policy.validateStack>[0], (m: string) => found.push(m));
      })(),
      (e: Error) =>
        e instanceof UnknownValueError &&
        e.message === "the paths through these resources could not be decided, their values are not known yet (they are checked during pulumi up): bob-inline (UserPolicy): policy; ops-inline (GroupPolicy): group, policy",
    );
    assert.strictEqual(found.length, 1, JSON.stringify(found));
    assert.match(found[0], /^user alice can assume admin role Admin .* \[PATH001 at admins-policy\.policy:\$\.Statement\[0\]\.Resource\]$/);
  });
});
