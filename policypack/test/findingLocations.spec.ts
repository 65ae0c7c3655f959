/**
 * Every policy's findings carry a stable code, the resource, the document and the JSON path of the
 * statement and element inside it (as IAM Access Analyzer's policy validation reports locations),
 * and the fix. One real finding per policy, its whole suffix asserted; the element the path names
 * is read back from the document, so a path that points elsewhere fails.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../policies";
import { doc, role, stackViolationsOf, TestResource, violationsOf } from "./support/run";

const fixture = (dir: string, file: string): unknown => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", dir, `${file}.json`), "utf8"));
const policyOf = (name: string, user = "alice"): ((document: unknown) => TestResource) => (document) => ({ type: "aws:iam/userPolicy:UserPolicy", name, props: { user, policy: JSON.stringify(document) } });
const ROLE = "arn:aws:iam::111111111111:role/ci-role";

interface LocationCase {
  policy: string;
  /** One resource (resource policies) or a stack (stack policies). */
  resources: TestResource[];
  /** The resource reported and the finding's suffix. */
  resource: string;
  suffix: string;
  /** The value at the JSON path, read from the document the suffix names. */
  element: unknown;
  /** Words of the fix the message ends with. */
  fix: RegExp;
}

const CASES: LocationCase[] = [
  {
    policy: "iam-role-trust-requires-mfa",
    resources: [role(doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }, { Effect: "Allow", Principal: { AWS: [ROLE, "arn:aws:iam::111111111111:root"] }, Action: "sts:AssumeRole" }), {}, "ops")],
    resource: "ops",
    suffix: "[MFA001 at assumeRolePolicy:$.Statement[1].Principal.AWS[1]]",
    element: "arn:aws:iam::111111111111:root",
    fix: /Require MFA|MultiFactorAuthPresent/,
  },
  {
    policy: "iam-user-no-inline-admin",
    resources: [policyOf("alice-inline")(doc({ Effect: "Allow", Action: ["s3:GetObject", "*"], Resource: "*" }))],
    resource: "alice-inline",
    suffix: "[ADMIN001 at policy:$.Statement[0].Action[1]]",
    element: "*",
    fix: /Remove it/,
  },
  {
    policy: "iam-deny-not-overly-broad",
    resources: [{ type: "aws:iam/groupPolicy:GroupPolicy", name: "devs-deny", props: { group: "devs", policy: JSON.stringify(doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }, { Effect: "Deny", Action: ["ec2:DescribeInstances", "iam:*"], Resource: "*" })) } }],
    resource: "devs-deny",
    suffix: "[DENY001 at policy:$.Statement[1].Action[1]]",
    element: "iam:*",
    fix: /Scope it/,
  },
  {
    policy: "iam-trust-no-public-principal",
    resources: [role(doc({ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111111111111:root", "*"] }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }), {}, "open")],
    resource: "open",
    suffix: "[TRUST001 at assumeRolePolicy:$.Statement[0].Principal.AWS[1]]",
    element: "*",
    fix: /Name the principals/,
  },
  {
    policy: "iam-no-admin-path-without-mfa",
    resources: [
      { type: "aws:iam/user:User", name: "alice", props: { name: "alice" } },
      { type: "aws:iam/userGroupMembership:UserGroupMembership", name: "alice-groups", props: { user: "alice", groups: ["admins"] } },
      { type: "aws:iam/groupPolicy:GroupPolicy", name: "admins-assume", props: { group: "admins", policy: JSON.stringify(doc({ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }, { Effect: "Allow", Action: "sts:AssumeRole", Resource: ["arn:aws:iam::111111111111:role/reader", ROLE] })) } },
      role(doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }), {}, "ci-role"),
      { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "ci-admin", props: { role: "ci-role", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } },
    ],
    resource: "alice",
    suffix: "[PATH001 at admins-assume.policy:$.Statement[1].Resource[1]]",
    element: ROLE,
    fix: /Require MFA in the trust/,
  },
  {
    policy: "iam-user-no-direct-policies",
    resources: [policyOf("alice-inline")(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }))],
    resource: "alice-inline",
    suffix: "[DIRECT001 at user:$]",
    element: "alice",
    fix: /Put it on a group/,
  },
  {
    policy: "iam-assume-role-explicit-resources",
    resources: [policyOf("alice-assume")(doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: [ROLE, "arn:aws:iam::111111111111:role/*"] }))],
    resource: "alice-assume",
    suffix: "[ASSUME001 at policy:$.Statement[0].Resource[1]]",
    element: "arn:aws:iam::111111111111:role/*",
    fix: /ARN|Name/,
  },
  {
    policy: "iam-no-passrole-star",
    resources: [policyOf("alice-pass")(doc({ Effect: "Allow", Action: "iam:PassRole", Resource: [ROLE, "*"] }))],
    resource: "alice-pass",
    suffix: "[PASSROLE001 at policy:$.Statement[0].Resource[1]]",
    element: "*",
    fix: /Name the roles/,
  },
  {
    policy: "iam-no-allow-notaction",
    resources: [policyOf("alice-notaction")(doc({ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }))],
    resource: "alice-notaction",
    suffix: "[NOTACTION001 at policy:$.Statement[0].NotAction]",
    element: ["iam:*"],
    fix: /List the allowed actions/,
  },
  {
    policy: "iam-role-session-within-mfa-age",
    resources: [role(doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" }, NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } } }), { maxSessionDuration: 43200 }, "admin")],
    resource: "admin",
    suffix: "[SESSION001 at maxSessionDuration:$]",
    element: 43200,
    fix: /Lower it/,
  },
  {
    policy: "iam-password-policy-strong",
    resources: [{ type: "aws:iam/accountPasswordPolicy:AccountPasswordPolicy", name: "pw", props: { minimumPasswordLength: 8, requireLowercaseCharacters: true, requireUppercaseCharacters: true, requireNumbers: true, requireSymbols: true, passwordReusePrevention: 24, maxPasswordAge: 90 } }],
    resource: "pw",
    suffix: "[PASSWORD001 at minimumPasswordLength:$]",
    element: 8,
    fix: /./,
  },
  {
    policy: "iam-policy-document-valid",
    resources: [policyOf("alice-typo")(doc({ Effect: "Allow", Action: ["s3:ListBucket", "s3:GetObjekt"], Resource: "*" }))],
    resource: "alice-typo",
    suffix: "[VALID002 at policy:$.Statement[0].Action[1]]",
    element: "s3:GetObjekt",
    fix: /Check its spelling/,
  },
  {
    policy: "iam-web-identity-trust-pins-subject",
    resources: [role(fixture("web-identity", "github-aud-only"), {}, "deploy")],
    resource: "deploy",
    // No sub test at all: the location is the Condition block it belongs in.
    suffix: "[WID001 at assumeRolePolicy:$.Statement[0].Condition]",
    element: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } },
    fix: /sub/,
  },
  {
    policy: "iam-no-privilege-escalation",
    resources: [{ type: "aws:iam/policy:Policy", name: "fn-deployer", props: { name: "fn-deployer", policy: JSON.stringify(fixture("escalation", "passrole-any-with-lambda-create")) } }],
    resource: "fn-deployer",
    suffix: "[ESC004 at policy:$.Statement[0].Action[0]]",
    element: "lambda:CreateFunction",
    fix: /./,
  },
  {
    policy: "iam-resource-policy-no-public-write",
    resources: [fixture("public", "sqs-anyone-send") as TestResource],
    resource: "jobs",
    suffix: "[PUB001 at policy:$.Statement[0].Principal]",
    element: "*",
    fix: /aws:PrincipalOrgID|organization|account/i,
  },
  {
    policy: "iam-resource-policy-no-public-read",
    resources: [fixture("public", "s3-website-read") as TestResource],
    resource: "site",
    suffix: "[PUB003 at policy:$.Statement[0].Principal]",
    element: "*",
    fix: /./,
  },
  {
    policy: "iam-role-trust-external-id",
    resources: [role(fixture("trusts", "vendor-external-id-placeholder"), {}, "vendor")],
    resource: "vendor",
    suffix: '[XID002 at assumeRolePolicy:$.Statement[0].Condition.StringEquals["sts:ExternalId"]]',
    element: "external-id",
    fix: /./,
  },
];

type Policy = ResourceValidationPolicy | StackValidationPolicy;
const byName = new Map((policies as Policy[]).map((p) => [p.name, p]));

/** The value at a JSON path (`$.Statement[1].Action[0]`, `$.Statement[0].Condition.StringEquals["sts:ExternalId"]`). */
function valueAt(root: unknown, jsonPath: string): unknown {
  let node = root;
  for (const [, key, index, quoted] of jsonPath.slice(1).matchAll(/\.([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    node = index !== undefined ? (node as unknown[])[Number(index)] : (node as Record<string, unknown>)[quoted !== undefined ? (JSON.parse(quoted) as string) : key];
  }
  return node;
}

/** The document (or property) a suffix names, as written in the resource. */
function documentAt(resources: TestResource[], reported: string, where: string): unknown {
  const [resourceName, field] = where.includes(".") && !/^\w+\[\d+\]/.test(where) && resources.some((r) => where.startsWith(`${r.name}.`)) ? [where.slice(0, where.indexOf(".")), where.slice(where.indexOf(".") + 1)] : [reported, where];
  const r = resources.find((x) => x.name === resourceName);
  assert.ok(r, `the suffix names resource ${resourceName}`);
  const raw = r.props[field];
  return typeof raw === "string" && /^\s*[[{]/.test(raw) ? JSON.parse(raw) : raw;
}

describe("every policy's findings: code, resource, the JSON path of the element, and the fix", function () {
  it("has a case here for every policy of the pack", function () {
    assert.deepStrictEqual(CASES.map((c) => c.policy).sort(), [...byName.keys()].sort());
  });

  for (const c of CASES) {
    it(`${c.policy} reports ${c.suffix.slice(1, c.suffix.indexOf(" "))} on ${c.resource} at the element it is about`, async function () {
      const p = byName.get(c.policy)!;
      const found =
        !("validateResource" in p)
          ? (await stackViolationsOf(p as StackValidationPolicy, c.resources)).map((f) => ({ message: f.message, resource: f.urn?.split("::").pop() }))
          : (await violationsOf(p as ResourceValidationPolicy, c.resources[0])).map((message) => ({ message, resource: c.resources[0].name }));
      assert.ok(found.length > 0, `${c.policy} reports something`);
      const first = found[0];
      assert.strictEqual(first.resource, c.resource);
      assert.ok(first.message.endsWith(` ${c.suffix}`), `"${first.message}" ends with ${c.suffix}`);
      assert.match(first.message.slice(0, -c.suffix.length), c.fix);
      const m = /^\[[A-Z]+\d{3} at (.+?):(\$.*)\]$/.exec(c.suffix)!;
      assert.deepStrictEqual(valueAt(documentAt(c.resources, c.resource, m[1]), m[2]), c.element, `${m[2]} in ${m[1]} is the element the finding is about`);
    });
  }
});
