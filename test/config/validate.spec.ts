import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { LayoutConfigError, resolveLayout } from "../../config/validate";
import { mfaTrustPolicy } from "../../lib/iam/builders";
import { canAssume } from "../support/oracle";

const BASE = parse(fs.readFileSync(path.join(__dirname, "../fixtures/config/base.yaml"), "utf8")) as Record<string, unknown>;
const NOW = new Date("2026-06-01T00:00:00Z");

/** A deep copy of the base config with `patch` applied at dotted paths (undefined deletes). */
function configWith(patch: Record<string, unknown>): Record<string, unknown> {
  const cfg = structuredClone(BASE);
  for (const [dotted, value] of Object.entries(patch)) {
    const keys = dotted.split(".");
    let node = cfg as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    if (value === undefined) delete node[keys[keys.length - 1]];
    else node[keys[keys.length - 1]] = value;
  }
  return cfg;
}

function problemsOf(cfg: unknown): string[] {
  try {
    resolveLayout(cfg, "Pulumi.prod.yaml", NOW);
  } catch (err) {
    if (err instanceof LayoutConfigError) return err.message.split("\n").slice(1).map((l) => l.trim());
    throw err;
  }
  return [];
}

const P = "Pulumi.prod.yaml: iam-baseline:";
const CASES: { name: string; patch: Record<string, unknown>; problems: string[] }[] = [
  {
    name: "a group naming an unknown role",
    patch: { "groups.Developers.roles": ["PowerUser", "Deploy"] },
    problems: [`${P}groups.Developers.roles[1]: unknown role "Deploy"; defined roles: Admin, PowerUser, ReadOnly`],
  },
  {
    name: "a group naming a role in an unknown account",
    patch: { "groups.Developers.roles": ["ReadOnly@staging"] },
    problems: [`${P}groups.Developers.roles[0]: unknown account "staging"; defined accounts: identity, sandbox`],
  },
  {
    name: "a group naming a role in an account that does not have it",
    patch: { "groups.Developers.roles": ["PowerUser@identity"] },
    problems: [`${P}groups.Developers.roles[0]: role "PowerUser" is not created in account "identity"; it is in: sandbox`],
  },
  {
    name: "a role in an unknown account",
    patch: { "roles.PowerUser.accounts": ["sandbox", "prod"] },
    problems: [`${P}roles.PowerUser.accounts[1]: unknown account "prod"; defined accounts: identity, sandbox`],
  },
  {
    name: "a user in an unknown group",
    patch: { "users.bob.groups": ["Developer"] },
    problems: [`${P}users.bob.groups[0]: unknown group "Developer"; defined groups: Administrators, Developers`],
  },
  {
    name: "a user in no group",
    patch: { "users.bob.groups": [] },
    problems: [`${P}users.bob.groups: expected at least one group; a user in no group can do nothing but enroll MFA. Defined groups: Administrators, Developers`],
  },
  {
    name: "an account id that is not 12 digits, with the quoting hint",
    patch: { "accounts.sandbox.id": "22222222222" },
    problems: [
      `${P}accounts.sandbox.id: expected a 12-digit AWS account id, got "22222222222" (11 digits: an id written unquoted in YAML loses its leading zeros; quote it, e.g. "022222222222")`,
    ],
  },
  {
    name: "an account id written unquoted that lost its leading zero, nested or at the top level",
    patch: { "accounts.sandbox.id": 12345678901, identityAccountId: "12345678901" },
    problems: [
      `${P}identityAccountId: expected a 12-digit AWS account id, got "12345678901" (11 digits: an id written unquoted in YAML loses its leading zeros; quote it, e.g. "012345678901")`,
      `${P}accounts.sandbox.id: expected a 12-digit AWS account id, got "12345678901" (11 digits: an id written unquoted in YAML loses its leading zeros; quote it, e.g. "012345678901")`,
    ],
  },
  {
    name: "an account id that is not a whole number",
    patch: { "accounts.sandbox.id": 2.5 },
    problems: [`${P}accounts.sandbox.id: expected a 12-digit AWS account id, got "2.5"`],
  },
  {
    name: "a nested key misspelt, with the known keys and the nearest one",
    patch: { "roles.Admin.managedPolicy": ["ReadOnlyAccess"] },
    problems: [
      `${P}roles.Admin: unknown key "managedPolicy"; did you mean managedPolicies? Known keys: description, accounts, managedPolicies, inlinePolicy, maxSessionSeconds, mfaMaxAgeSeconds, permissionsBoundary, validUntil, path, tags, additionalTrustStatements`,
    ],
  },
  {
    name: "a map left empty or missing, in words rather than types",
    patch: { users: null, groups: undefined },
    problems: [
      `${P}groups: missing; expected a map of groups, e.g. Administrators: { roles: [Admin] }`,
      `${P}users: expected a map of users, e.g. alice: { groups: [Administrators], console: true }`,
    ],
  },
  {
    name: "a deployRoleArn in another account than the account's id",
    patch: { "accounts.sandbox.deployRoleArn": "arn:aws:iam::999999999999:role/OrganizationAccountAccessRole" },
    problems: [`${P}accounts.sandbox.deployRoleArn: role is in account 999999999999, expected a role in the account's own id 222222222222`],
  },
  {
    name: "another account without a deployRoleArn",
    patch: { "accounts.sandbox.deployRoleArn": undefined },
    problems: [`${P}accounts.sandbox.deployRoleArn: missing; account 222222222222 is not the identity account 111111111111, so a role to deploy through is required`],
  },
  {
    name: "names that collide after prefixing (IAM names are case-insensitive)",
    patch: { namePrefix: "dev-", "users.Alice": { groups: ["Administrators"] } },
    problems: [`${P}users.Alice: name "dev-Alice" collides with "dev-alice" (IAM names are case-insensitive)`],
  },
  {
    name: "a role name too long for IAM after prefixing",
    patch: { namePrefix: "x".repeat(60) },
    problems: [
      `${P}roles.Admin: name "${"x".repeat(60)}Admin" is 65 characters; IAM allows 64`,
      `${P}roles.PowerUser: name "${"x".repeat(60)}PowerUser" is 69 characters; IAM allows 64`,
      `${P}roles.ReadOnly: name "${"x".repeat(60)}ReadOnly" is 68 characters; IAM allows 64`,
      `${P}users.alice: name "${"x".repeat(60)}alice" is 65 characters; IAM allows 64`,
    ],
  },
  {
    name: "mfaMaxAgeSeconds above AWS's range",
    patch: { "roles.Admin.mfaMaxAgeSeconds": 200000 },
    problems: [`${P}roles.Admin.mfaMaxAgeSeconds: expected between 900 and 129600 seconds (AWS's range for an MFA session)`],
  },
  {
    name: "maxSessionSeconds below AWS's range",
    patch: { "roles.Admin.maxSessionSeconds": 600 },
    problems: [`${P}roles.Admin.maxSessionSeconds: expected between 3600 and 43200 seconds (AWS's range for a role's maximum session)`],
  },
  {
    name: "a validUntil that is not an ISO time",
    patch: { "roles.Admin.validUntil": "next friday" },
    problems: [`${P}roles.Admin.validUntil: expected an ISO 8601 time such as "2030-01-31T00:00:00Z"`],
  },
  {
    name: "a role with neither managed nor inline policy",
    patch: { "roles.ReadOnly.managedPolicies": undefined },
    problems: [`${P}roles.ReadOnly: expected managedPolicies or an inlinePolicy: a role without permissions grants nothing`],
  },
  {
    name: "a misspelt key",
    patch: { "users.bob.group": ["Developers"] },
    problems: [`${P}users.bob: unknown key "group"; did you mean groups? Known keys: groups, console, accessKeys, pgpKey, mfaSerial, path, tags`],
  },
  {
    name: "a missing required key",
    patch: { identityAccountId: undefined },
    problems: [`${P}identityAccountId: missing; expected a 12-digit AWS account id as a quoted string, e.g. "111111111111"`],
  },
  {
    name: "more than two access key slots",
    patch: { "users.bob.accessKeys": ["blue", "green", "red"] },
    problems: [`${P}users.bob.accessKeys: expected at most two access key slots (IAM allows two keys per user)`],
  },
  {
    name: "a role whose trust would exceed IAM's size quota",
    patch: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`users.person${i}`, { groups: ["Developers"] }])),
    problems: [
      `${P}roles.PowerUser: the trust of PowerUser@sandbox names 61 users and would be 2870 characters; IAM allows 2048 per trust policy. Set iam-baseline:userPath (e.g. "/people/"): the trust then admits the layout's users by path and stays the same size for any number of people (the users move to that path in place; see README "Upgrading"), or, once AWS has raised the quota for the account (Service Quotas), set iam-baseline:quotas.trustPolicyChars (up to 4096).`,
      `${P}roles.ReadOnly: the trust of ReadOnly@identity names 61 users and would be 2870 characters; IAM allows 2048 per trust policy. Set iam-baseline:userPath (e.g. "/people/"): the trust then admits the layout's users by path and stays the same size for any number of people (the users move to that path in place; see README "Upgrading"), or, once AWS has raised the quota for the account (Service Quotas), set iam-baseline:quotas.trustPolicyChars (up to 4096).`,
    ],
  },
  {
    name: "a deploy role ARN of another partition than the layout's",
    patch: { partition: "aws-us-gov" },
    problems: [`${P}accounts.sandbox.deployRoleArn: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole" is in partition aws, expected aws-us-gov (the layout's partition)`],
  },
  {
    name: "policy ARNs and inline documents that name another partition",
    patch: {
      partition: "aws-cn",
      "accounts.sandbox.deployRoleArn": "arn:aws-cn:iam::222222222222:role/OrganizationAccountAccessRole",
      "roles.Admin.managedPolicies": ["arn:aws:iam::111111111111:policy/Custom"],
      "roles.Admin.permissionsBoundary": "arn:aws-us-gov:iam::111111111111:policy/Boundary",
      "roles.ReadOnly.inlinePolicy": { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*" }] },
    },
    problems: [
      `${P}roles.Admin.managedPolicies[0]: "arn:aws:iam::111111111111:policy/Custom" is in partition aws, expected aws-cn (the layout's partition)`,
      `${P}roles.Admin.permissionsBoundary: "arn:aws-us-gov:iam::111111111111:policy/Boundary" is in partition aws-us-gov, expected aws-cn (the layout's partition)`,
      `${P}roles.ReadOnly.inlinePolicy: "arn:aws:s3:::bucket/*" is in partition aws, expected aws-cn (the layout's partition)`,
    ],
  },
  {
    name: "an AWS managed policy name that does not exist, with the nearest one",
    patch: { "roles.Admin.managedPolicies": ["AdminAccess"], "roles.ReadOnly.managedPolicies": ["ViewOnlyAccess", "arn:aws:iam::aws:policy/SecurityAudits"] },
    problems: [
      `${P}roles.Admin.managedPolicies[0]: unknown AWS managed policy "AdminAccess"; did you mean AdministratorAccess? (a customer managed policy is named by its full ARN)`,
      `${P}roles.ReadOnly.managedPolicies[0]: unknown AWS managed policy "ViewOnlyAccess"; did you mean job-function/ViewOnlyAccess? (a customer managed policy is named by its full ARN)`,
      `${P}roles.ReadOnly.managedPolicies[1]: unknown AWS managed policy "arn:aws:iam::aws:policy/SecurityAudits"; did you mean arn:aws:iam::aws:policy/SecurityAudit? (a customer managed policy is named by its full ARN)`,
    ],
  },
  {
    name: "an unknown AWS managed permissions boundary",
    patch: { "roles.Admin.permissionsBoundary": "PowerUser" },
    problems: [`${P}roles.Admin.permissionsBoundary: unknown AWS managed policy "PowerUser"; did you mean PowerUserAccess? (a customer managed policy is named by its full ARN)`],
  },
  {
    name: "an mfaSerial in another account or another partition",
    patch: { "users.alice.mfaSerial": "arn:aws:iam::222222222222:mfa/alice", "users.bob.mfaSerial": "arn:aws-cn:iam::111111111111:mfa/bob" },
    problems: [
      `${P}users.bob.mfaSerial: "arn:aws-cn:iam::111111111111:mfa/bob" is in partition aws-cn, expected aws (the layout's partition)`,
      `${P}users.alice.mfaSerial: the MFA device arn:aws:iam::222222222222:mfa/alice is in account 222222222222; a person's device is in the identity account 111111111111`,
    ],
  },
  {
    name: "an mfaSerial that is not an MFA device",
    patch: { "users.bob.mfaSerial": "arn:aws:iam::111111111111:user/bob" },
    problems: [
      `${P}users.bob.mfaSerial: expected the ARN of an MFA device (arn:aws:iam::<identity account>:mfa/<device name>) or a hardware token's serial number, got "arn:aws:iam::111111111111:user/bob"`,
    ],
  },
  {
    name: "several problems at once, each reported",
    patch: { "groups.Developers.roles": ["Deploy"], "users.bob.groups": ["Nope"] },
    problems: [
      `${P}groups.Developers.roles[0]: unknown role "Deploy"; defined roles: Admin, PowerUser, ReadOnly`,
      `${P}users.bob.groups[0]: unknown group "Nope"; defined groups: Administrators, Developers`,
    ],
  },
];

/** The base config without what it warns about: ReadOnly@sandbox that no group holds, bob who can neither sign in nor use keys. */
const QUIET = { "roles.ReadOnly.accounts": ["identity"], "users.bob.accessKeys": ["blue"] };

describe("layout config validation", function () {
  it("accepts the base config and resolves group grants to role@account pairs", function () {
    const layout = resolveLayout(BASE, "Pulumi.dev.yaml", NOW);
    assert.deepStrictEqual(layout.groups.Administrators.grants, [
      { role: "Admin", account: "identity" },
      { role: "Admin", account: "sandbox" },
    ]);
    assert.deepStrictEqual(layout.groups.Developers.grants, [
      { role: "PowerUser", account: "sandbox" },
      { role: "ReadOnly", account: "identity" },
    ]);
    assert.strictEqual(layout.roles.Admin.managedPolicyArns[0], "arn:aws:iam::aws:policy/AdministratorAccess");
    assert.strictEqual(layout.roles.Admin.mfaMaxAgeSeconds, 3600);
  });

  for (const c of CASES) {
    it(`rejects ${c.name} with a message naming the stack file and key path`, function () {
      assert.deepStrictEqual(problemsOf(configWith(c.patch)), c.problems);
    });
  }

  it("accepts an account id written as a 12-digit YAML number, nested as at the top level (nothing was lost)", function () {
    const layout = resolveLayout(configWith({ "accounts.sandbox.id": 222222222222 }), "Pulumi.dev.yaml", NOW);
    assert.strictEqual(layout.accounts.sandbox.id, "222222222222");
  });

  it("takes the device a person enrolled as their mfaSerial (an ARN or a hardware token's serial), else the one named after them", function () {
    const layout = resolveLayout(configWith({ "users.alice.mfaSerial": "arn:aws:iam::111111111111:mfa/alice-yubikey", "users.bob.mfaSerial": "GAHT12345678" }), "Pulumi.dev.yaml", NOW);
    assert.strictEqual(layout.users.alice.mfaSerial, "arn:aws:iam::111111111111:mfa/alice-yubikey");
    assert.strictEqual(layout.users.bob.mfaSerial, "GAHT12345678");
    assert.strictEqual(resolveLayout(BASE, "Pulumi.dev.yaml", NOW).users.alice.mfaSerial, "arn:aws:iam::111111111111:mfa/alice");
  });

  it("accepts AWS managed policies by name, with their path, and customer managed policies by ARN", function () {
    const patch = { "roles.ReadOnly.managedPolicies": ["ReadOnlyAccess", "job-function/ViewOnlyAccess", "arn:aws:iam::aws:policy/SecurityAudit", "arn:aws:iam::111111111111:policy/AnyCustomerPolicy"] };
    assert.deepStrictEqual(problemsOf(configWith(patch)), []);
  });

  it("accepts the same large group once the trust quota is raised to 4096", function () {
    const patch = { trustPolicyMaxChars: 4096, ...Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`users.person${i}`, { groups: ["Developers"] }])) };
    assert.deepStrictEqual(problemsOf(configWith(patch)), []);
  });

  it("deploys a stack whose time-boxed grant expired, with a warning that names the grant", async function () {
    const layout = resolveLayout(configWith({ "roles.Admin.validUntil": "2024-03-01T00:00:00Z", ...QUIET }), "Pulumi.prod.yaml", NOW);
    assert.deepStrictEqual(layout.warnings.map((w) => `${w.path}: ${w.message}`), [
      "roles.Admin.validUntil: the time-boxed grant Admin (Admin@identity, Admin@sandbox) expired at 2024-03-01T00:00:00Z and no longer works; remove the role or extend validUntil",
    ]);
    // The grant stops working by its own condition: the trust admits alice with MFA before the expiry, not after.
    const alice = "arn:aws:iam::111111111111:user/alice";
    const trust = mfaTrustPolicy({ identityAccountId: "111111111111", principalArns: [alice], mfaMaxAgeSeconds: 3600, validUntil: layout.roles.Admin.validUntil });
    const ask = (now: string) => canAssume({ trust, roleArn: "arn:aws:iam::111111111111:role/Admin", principalArn: alice, context: "mfa", now });
    assert.ok(await ask("2024-02-29T00:00:00Z"));
    assert.ok(!(await ask(NOW.toISOString())));
  });

  it("warns about a role that no group holds, and a user who can neither sign in nor use keys", function () {
    const layout = resolveLayout(configWith({ "groups.Developers.roles": ["PowerUser"] }), "Pulumi.prod.yaml", NOW);
    assert.deepStrictEqual(layout.warnings.map((w) => `${w.path}: ${w.message}`), [
      "roles.ReadOnly: ReadOnly@identity, ReadOnly@sandbox: no group holds this role, so it is created with a trust that admits nobody; grant it in a group's roles or remove it",
      "users.bob: bob has neither console: true nor accessKeys, so they cannot sign in or call AWS, and cannot reach PowerUser@sandbox; add console: true or an access key slot",
    ]);
  });

  it("has no warning once every role is held and every user can use their access", function () {
    assert.deepStrictEqual(resolveLayout(configWith(QUIET), "Pulumi.prod.yaml", NOW).warnings, []);
  });

  it("says that nothing was deployed and how many problems there are", function () {
    assert.throws(() => resolveLayout(configWith({ "users.bob.groups": [] }), "Pulumi.dev.yaml", NOW), /^LayoutConfigError: invalid configuration, nothing was deployed \(1 problem\):/);
  });
});
