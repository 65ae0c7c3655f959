import { strict as assert } from "node:assert";
import { adminGrant, appliesToAllResources, broadDeny, denyBlocks, isBroadActionPattern, isScopingTest } from "../../lib/iam/breadth";
import { NormalStatement, parsePolicyDocument } from "../../lib/iam/parse";
import { isAllowed, isExplicitlyDenied } from "../support/oracle";

const statement = (s: Record<string, unknown>): NormalStatement => parsePolicyDocument({ Version: "2012-10-17", Statement: [s] }).document!.statements[0];
const STATE = { action: "s3:GetObject", resource: "arn:aws:s3:::my-state/k" };
const OWN_USER = "arn:aws:iam::*:user/${aws:username}";
const ALICE = "arn:aws:iam::111111111111:user/alice";
const SELF = "(iam:AttachUserPolicy, iam:DeleteUserPermissionsBoundary, iam:PutUserPolicy) on the user's own identity";

describe("lib/iam/breadth", function () {
  it("every resource: *, arn:*, arn:*:*..., NotResource, or no Resource element", function () {
    for (const r of ["*", "arn:*", "arn:*:*", "arn:*:*:*:*:*", "arn:aws:*", "arn:aws:*:*:*:*", "arn:aws-us-gov:*", "arn:aws-cn:*:*"]) assert.equal(appliesToAllResources(statement({ Effect: "Deny", Action: "s3:*", Resource: r })), true, r);
    assert.equal(appliesToAllResources(statement({ Effect: "Deny", Action: "s3:*", NotResource: "arn:aws:s3:::x" })), true);
    assert.equal(appliesToAllResources(statement({ Effect: "Deny", Action: "s3:*" })), true);
  });
  it("not every resource: named ARNs, and patterns that only look like arn:*", function () {
    for (const r of ["arn:aws:s3:::x", "arn:*:s3:::x", "x-arn:*:*", "arn:*:*:bucket", "arn:", "arn:aws:s3:::*", "arn:aws:*:x", "arn:xaws:*", "arn:Aws:*", "arn:aws"]) assert.equal(appliesToAllResources(statement({ Effect: "Deny", Action: "s3:*", Resource: r })), false, r);
  });
  it("broad action patterns: *, *:*, a whole service; not a part of one", function () {
    for (const p of ["*", "*:*", "s3:*", "s*:*"]) assert.equal(isBroadActionPattern(p), true, p);
    for (const p of ["s3:Get*", "s3:*Object", "s3:GetObject", "a:b:*", "*Object"]) assert.equal(isBroadActionPattern(p), false, p);
  });
  it("a condition value that starts with * but names a role still narrows", function () {
    assert.equal(isScopingTest(statement({ Effect: "Deny", Action: "*", Resource: "*", Condition: { StringLike: { "aws:PrincipalArn": "*:role/x" } } }).conditions[0]), true);
  });
  it("a condition key without a service prefix does not scope", function () {
    assert.equal(isScopingTest(statement({ Effect: "Deny", Action: "*", Resource: "*", Condition: { StringEquals: { prefix: "home/" } } }).conditions[0]), false);
  });
  it("broadDeny: only Denies, only on every resource, and lists every broad action", function () {
    assert.equal(broadDeny(statement({ Effect: "Allow", Action: "*", Resource: "*" })), undefined);
    assert.equal(broadDeny(statement({ Effect: "Deny", Action: "*", Resource: "arn:aws:s3:::x/*" })), undefined);
    assert.equal(broadDeny(statement({ Effect: "Deny", Resource: "*" })), undefined, "no Action at all");
    assert.equal(broadDeny(statement({ Effect: "Deny", Action: ["s3:*", "iam:GetUser", "sts:*"], Resource: "*" }))?.why, "denies s3:*, sts:* on every resource, unconditionally");
    assert.equal(broadDeny(statement({ Effect: "Deny", NotAction: ["iam:*", "sts:*"], Resource: "*" }))?.why, "denies every action except iam:*, sts:* on every resource, unconditionally");
  });
  it("broadDeny: a whole service (or *) on every resource of that service, in every region", function () {
    const why = (action: unknown, resource: string) => broadDeny(statement({ Effect: "Deny", Action: action, Resource: resource }));
    assert.deepEqual(why("*", "arn:aws:s3:::*"), { statement: statement({ Effect: "Deny", Action: "*", Resource: "arn:aws:s3:::*" }), why: "denies * on every s3 resource (arn:aws:s3:::*), unconditionally", service: "s3" });
    assert.equal(why(["s3:GetObject", "s*:*", "*"], "arn:aws-cn:s3:::**")?.why, "denies s*:*, * on every s3 resource (arn:aws-cn:s3:::**), unconditionally");
    for (const resource of ["arn:*:dynamodb:*:*:*", "arn:aws:dynamodb::111111111111:*", "arn:aws:dynamodb:*::*"]) assert.equal(why("dynamodb:*", resource)?.service, "dynamodb", resource);
    for (const [action, resource] of [
      ["s3:*", "arn:aws:dynamodb:*:*:*"],
      ["dynamodb:*", "arn:aws:dynamodb:us-east-1:*:*"],
      ["dynamodb:*", "arn:aws:dynamodb:*:1111:*"],
      ["dynamodb:*", "arn:aws:dynamodb:*:x111111111111:*"],
      ["dynamodb:*", "arn:aws:dynamodb:*:1111111111112:*"],
      ["dynamodb:*", "arn:aws:dynamodb:*-west-1:*:*"],
      ["s3:*", "arn:aws:s3:::*-logs"],
      ["dynamodb:*", "arn:aws:dynamodb:*:*:table/*"],
      ["s3:*", "arn:aws:s*:::*"],
      ["s3:Get*", "arn:aws:s3:::*"],
      ["s3:*", "arn:aws:s3"],
    ]) {
      assert.equal(why(action, resource), undefined, `${action} on ${resource}`);
    }
    assert.equal(broadDeny(statement({ Effect: "Deny", NotAction: "s3:GetObject", Resource: "arn:aws:s3:::*" })), undefined, "a NotAction is broad only on every resource");
  });
  it("broadDeny: s3:* on arn:aws:s3:::* refuses every bucket and object and nothing else, as the IAM engine says", async function () {
    const policies = [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::*" }] }];
    const denied = (action: string, resource: string) => isExplicitlyDenied({ policies, principalArn: ALICE, action, resource, context: "mfa" });
    assert.equal(await denied("s3:GetObject", "arn:aws:s3:::my-state/k"), true);
    assert.equal(await denied("s3:ListBucket", "arn:aws:s3:::any-bucket"), true);
    assert.equal(await denied("dynamodb:GetItem", "arn:aws:dynamodb:eu-west-1:111111111111:table/t"), false);
  });
  it("denyBlocks: only Denies of the action, on an overlapping resource, in the working context", function () {
    assert.equal(denyBlocks(statement({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }), STATE), false);
    assert.equal(denyBlocks(statement({ Effect: "Deny", Action: "s3:GetObject" }), STATE), true, "no Resource element: every resource");
    assert.equal(denyBlocks(statement({ Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::my-state/*" }), STATE), true);
    assert.equal(denyBlocks(statement({ Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::other/*" }), STATE), false);
    assert.equal(denyBlocks(statement({ Effect: "Deny", Action: "s3:GetObject", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }), STATE), false);
    assert.equal(denyBlocks(statement({ Effect: "Deny", Action: "s3:GetObject", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }), STATE), true);
  });
  it("adminGrant: only Allows", async function () {
    assert.equal(await adminGrant(statement({ Effect: "Deny", Action: "*", Resource: "*" })), undefined);
    assert.equal((await adminGrant(statement({ Effect: "Allow", Action: "*", Resource: "*" })))?.why, 'allows "*" on "*"');
  });
  it("adminGrant: names the Action entry that grants it (for the finding's JSON path); none for NotAction", async function () {
    const grant = async (s: Record<string, unknown>) => (await adminGrant(statement({ Effect: "Allow", ...s })))?.pattern;
    assert.equal(await grant({ Action: ["s3:GetObject", "*"], Resource: "*" }), "*");
    assert.equal(await grant({ Action: ["s3:GetObject", "iam:Get*", "iam:*", "sts:*"], Resource: "*" }), "iam:*", "the entry that covers every IAM action, not the first IAM one");
    assert.equal(await grant({ Action: ["s3:*", "IAM:Attach*", "iam:PutUserPolicy"], Resource: "arn:aws:iam::111111111111:user/*" }), "IAM:Attach*", "the entry that grants the first escalation action, as written");
    assert.equal(await grant({ Action: ["s3:*", "iam:PutUserPolicy"], Resource: OWN_USER }), "iam:PutUserPolicy");
    assert.equal(await grant({ NotAction: "s3:*", Resource: OWN_USER }), undefined);
    assert.equal(await grant({ NotAction: "s3:*", Resource: "*" }), undefined);
  });
  it("adminGrant: an Allow without Action or NotAction grants nothing, even on every resource", async function () {
    assert.equal(await adminGrant(statement({ Effect: "Allow", Resource: "*" })), undefined);
  });
  it("adminGrant: Action * on one's own user lets the user write their own policies, as the IAM engine says", async function () {
    const s = { Effect: "Allow", Action: "*", Resource: OWN_USER };
    assert.equal((await adminGrant(statement(s)))?.why, `allows privilege escalation ${SELF}`);
    const policies = [{ Version: "2012-10-17", Statement: [s] }];
    assert.equal(await isAllowed({ policies, principalArn: ALICE, action: "iam:PutUserPolicy", resource: ALICE, context: "mfa" }), true);
    assert.equal(await isAllowed({ policies, principalArn: ALICE, action: "iam:PutUserPolicy", resource: "arn:aws:iam::111111111111:user/bob", context: "mfa" }), false);
  });
  it("adminGrant: NotAction on one's own user covers the self-escalation actions it does not list", async function () {
    assert.equal((await adminGrant(statement({ Effect: "Allow", NotAction: "s3:*", Resource: OWN_USER })))?.why, `allows privilege escalation ${SELF}`);
    assert.equal(await adminGrant(statement({ Effect: "Allow", NotAction: "iam:*", Resource: OWN_USER })), undefined);
  });
  it("adminGrant: a user ARN among other resources still reaches the user", async function () {
    assert.equal((await adminGrant(statement({ Effect: "Allow", Action: "iam:AttachUserPolicy", Resource: ["arn:aws:s3:::bucket/*", OWN_USER] })))?.why, "allows privilege escalation (iam:AttachUserPolicy) on the user's own identity");
    assert.equal(await adminGrant(statement({ Effect: "Allow", Action: "iam:AttachUserPolicy", Resource: ["arn:aws:s3:::bucket/*"] })), undefined);
  });
  it("adminGrant: a resource that only contains a user ARN is not a user", async function () {
    assert.equal(await adminGrant(statement({ Effect: "Allow", Action: "iam:AttachUserPolicy", Resource: "x-arn:aws:iam::111111111111:user/alice" })), undefined);
  });
  it("adminGrant: credential actions on one's own user are not an escalation; on other users they are", async function () {
    assert.equal(await adminGrant(statement({ Effect: "Allow", Action: "iam:CreateAccessKey", Resource: OWN_USER })), undefined);
    assert.equal((await adminGrant(statement({ Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "arn:aws:iam::111111111111:user/*" })))?.why, "allows privilege escalation (iam:CreateAccessKey) beyond the user's own identity");
  });
  it("adminGrant: the other identities of the account named in the Resource, in any partition, are reached", async function () {
    for (const [resource, action] of [
      ["arn:aws:iam::111111111111:role/*", "iam:AttachRolePolicy"],
      ["arn:aws-cn:iam::111111111111:group/*", "iam:PutGroupPolicy"],
      ["arn:aws-us-gov:iam::111111111111:policy/*", "iam:CreatePolicyVersion"],
      ["arn:aws:iam::*:*", "iam:UpdateAssumeRolePolicy"],
    ]) {
      assert.equal((await adminGrant(statement({ Effect: "Allow", Action: action, Resource: resource })))?.why, `allows privilege escalation (${action}) beyond the user's own identity`, resource);
    }
  });
});

/**
 * Which tests scope a `Deny * on *`: a test that scopes leaves some caller's ordinary request
 * untouched; one that does not refuses every caller. Asked of the IAM engine for a user (alice)
 * and a role session (of role x-1), each listing IAM users and reading an object: requests that
 * carry no S3 listing key (`s3:prefix`).
 */
const SCOPING: [string, Record<string, Record<string, unknown>>, boolean][] = [
  ['StringLike aws:PrincipalArn "*"', { StringLike: { "aws:PrincipalArn": "*" } }, false],
  ['a "*" among StringLike aws:PrincipalArn values', { StringLike: { "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/x", "*"] } }, false],
  ['StringLike aws:PrincipalArn "arn:*" (every ARN)', { StringLike: { "aws:PrincipalArn": "arn:*" } }, false],
  ['StringLike aws:PrincipalArn "?*" (every value)', { StringLike: { "aws:PrincipalArn": "?*" } }, false],
  ['ArnLike aws:PrincipalArn "arn:*:*:*:*:*"', { ArnLike: { "aws:PrincipalArn": "arn:*:*:*:*:*" } }, false],
  ['ArnEquals aws:PrincipalArn "arn:*:iam::*:*" (every user and role)', { ArnEquals: { "aws:PrincipalArn": "arn:*:iam::*:*" } }, false],
  ["StringLike aws:PrincipalArn naming one role", { StringLike: { "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/x"] } }, true],
  ["ArnLike aws:PrincipalArn on a role name prefix", { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/x-*" } }, true],
  ["ArnLike aws:PrincipalArn on a role name prefix in any partition and account", { ArnLike: { "aws:PrincipalArn": "arn:*:iam::*:role/x-*" } }, true],
  ['StringLike aws:PrincipalArn "*:role/x-*"', { StringLike: { "aws:PrincipalArn": "*:role/x-*" } }, true],
  ['StringNotLike aws:PrincipalArn "*" (refuses nobody)', { StringNotLike: { "aws:PrincipalArn": "*" } }, true],
  ["StringNotLike aws:PrincipalArn on a role name prefix (spares those roles)", { StringNotLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/x-*" } }, true],
  ["StringNotEquals aws:PrincipalArn naming one role (spares it)", { StringNotEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/x-1" } }, true],
  ["StringNotEqualsIgnoreCase aws:PrincipalArn naming one role in capitals (spares it)", { StringNotEqualsIgnoreCase: { "aws:PrincipalArn": "ARN:AWS:IAM::111111111111:ROLE/X-1" } }, true],
  ['StringNotEquals aws:PrincipalArn "…:role/x-*" (a * no role name holds: spares nobody)', { StringNotEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/x-*" } }, false],
  ["StringNotEquals aws:PrincipalArn of an account id (no ARN: spares nobody)", { StringNotEquals: { "aws:PrincipalArn": "111111111111" } }, false],
  ["StringNotEquals aws:PrincipalArn with no values (spares nobody)", { StringNotEquals: { "aws:PrincipalArn": [] } }, false],
  ["StringNotEquals aws:PrincipalArn with one value a caller may have among others", { StringNotEquals: { "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/x-*", "arn:aws:iam::111111111111:role/x-1"] } }, true],
  ["StringNotEquals aws:PrincipalArn of a text that only looks like an ARN (spares nobody)", { StringNotEquals: { "aws:PrincipalArn": "xrn:aws:iam::111111111111:role/x-1" } }, false],
  ['StringLike aws:PrincipalArn "arn:*:iam::*:role/*" (every role: spares users)', { StringLike: { "aws:PrincipalArn": "arn:*:iam::*:role/*" } }, true],
  ['ArnLike aws:PrincipalArn "arn:*" (fewer than six parts: matches no ARN)', { ArnLike: { "aws:PrincipalArn": "arn:*" } }, true],
  ['ArnLike aws:PrincipalArn "arn:*:*:*" (fewer than six parts, though every ARN matches it as text)', { ArnLike: { "aws:PrincipalArn": "arn:*:*:*" } }, true],
  ['StringLike aws:PrincipalArn "arn:*" among named roles', { StringLike: { "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/x", "arn:*"] } }, false],
  ['StringLike aws:PrincipalAccount "*" (another key every caller has)', { StringLike: { "aws:PrincipalAccount": "*" } }, false],
  ['StringNotEquals aws:PrincipalArn "arn:aws:iam" (fewer than six parts: no ARN)', { StringNotEquals: { "aws:PrincipalArn": "arn:aws:iam" } }, false],
  ["StringEquals s3:prefix (only requests that carry it)", { StringEquals: { "s3:prefix": "home/" } }, true],
  ["StringNotEquals s3:prefix (every request without it)", { StringNotEquals: { "s3:prefix": "home/" } }, false],
  ["StringEqualsIfExists s3:prefix (every request without it)", { StringEqualsIfExists: { "s3:prefix": "home/" } }, false],
  ["Null s3:prefix false (only requests that carry it)", { Null: { "s3:prefix": "false" } }, true],
  ["ForAnyValue:StringEquals s3:prefix (only requests that carry it)", { "ForAnyValue:StringEquals": { "s3:prefix": "home/" } }, true],
  ["ForAllValues:StringEquals s3:prefix (every request without it)", { "ForAllValues:StringEquals": { "s3:prefix": "home/" } }, false],
  ["Null s3:prefix true (every request without it)", { Null: { "s3:prefix": "true" } }, false],
];
const CALLERS = [ALICE, "arn:aws:sts::111111111111:assumed-role/x-1/session"];
const REQUESTS = [
  { action: "iam:ListUsers", resource: "*" },
  { action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv" },
];

/** Does a `Deny * on *` with this condition refuse every caller's every request, as the IAM engine says? */
async function refusesEveryone(condition: Record<string, Record<string, unknown>>): Promise<boolean> {
  const policies = [{ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "*", Resource: "*", Condition: condition }] }];
  for (const principalArn of CALLERS) {
    for (const r of REQUESTS) if (!(await isExplicitlyDenied({ policies, principalArn, ...r, context: "mfa" }))) return false;
  }
  return true;
}

describe("lib/iam/breadth: which tests scope a Deny, as the IAM engine says", function () {
  this.timeout(120_000);
  for (const [name, condition, scoping] of SCOPING) {
    it(`${name} ${scoping ? "scopes" : "does not scope"} the Deny`, async function () {
      const s = statement({ Effect: "Deny", Action: "*", Resource: "*", Condition: condition });
      assert.equal(isScopingTest(s.conditions[0]), scoping);
      assert.equal(broadDeny(s) === undefined, scoping, "broadDeny follows");
      assert.equal(await refusesEveryone(condition), !scoping, "the engine agrees");
    });
  }
  it('ArnLike aws:PrincipalArn "*" is read as matching every caller (the cautious reading), though the engine matches no ARN pattern without six parts', async function () {
    const condition = { ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/x-*", "*"] } };
    assert.equal(isScopingTest(statement({ Effect: "Deny", Action: "*", Resource: "*", Condition: condition }).conditions[0]), false);
    assert.equal(await refusesEveryone(condition), false, "the engine refuses only the x-* roles");
  });
  it("an unknown aws: key is not read as scoping, a listed one is: a policy choice, not the engine's (both leave a request with the right value alone)", function () {
    const test = (key: string) => statement({ Effect: "Deny", Action: "*", Resource: "*", Condition: { StringNotEquals: { [key]: "x" } } }).conditions[0];
    assert.equal(isScopingTest(test("aws:UserAgent")), false);
    assert.equal(isScopingTest(test("aws:SourceVpc")), true);
  });
  it('a "*" among named Resource entries is every resource; named entries alone are not, as the IAM engine says', async function () {
    for (const [resources, every] of [[["arn:aws:s3:::secret/*", "*"], true], [["arn:aws:s3:::secret/*", "arn:aws:s3:::secret"], false]] as const) {
      const s = { Effect: "Deny", Action: "s3:*", Resource: [...resources] };
      assert.equal(appliesToAllResources(statement(s)), every, resources.join(", "));
      assert.equal(broadDeny(statement(s)) !== undefined, every, `broadDeny: ${resources.join(", ")}`);
      assert.equal(await isExplicitlyDenied({ policies: [{ Version: "2012-10-17", Statement: [s] }], principalArn: ALICE, action: "s3:GetObject", resource: "arn:aws:s3:::other/k", context: "mfa" }), every, `the engine: ${resources.join(", ")}`);
    }
  });
  it("every resource of a partition (arn:aws:*, arn:aws:*:*:*:*) is every resource there, as arn:* is, as the IAM engine says; every bucket is not", async function () {
    const targets = [
      { action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv" },
      { action: "sqs:SendMessage", resource: "arn:aws:sqs:eu-west-1:111111111111:jobs" },
      { action: "iam:GetUser", resource: ALICE },
    ];
    for (const [pattern, every] of [["arn:*", true], ["arn:aws:*", true], ["arn:aws:*:*:*:*", true], ["arn:aws:s3:::*", false]] as const) {
      const s = { Effect: "Deny", Action: "*", Resource: pattern };
      assert.equal(appliesToAllResources(statement(s)), every, pattern);
      const denied = await Promise.all(targets.map((t) => isExplicitlyDenied({ policies: [{ Version: "2012-10-17", Statement: [s] }], principalArn: ALICE, ...t, context: "mfa" })));
      assert.equal(denied.every(Boolean), every, `the engine: ${pattern} ${denied.join(" ")}`);
    }
  });
  it("a NotResource list of several entries spares each of them and denies every other resource, as the IAM engine says", async function () {
    const s = { Effect: "Deny", Action: "s3:*", NotResource: ["arn:aws:s3:::public/*", "arn:aws:s3:::my-state/*"] };
    assert.equal(appliesToAllResources(statement(s)), true);
    assert.notEqual(broadDeny(statement(s)), undefined, "a broad Deny");
    for (const [resource, blocked] of [["arn:aws:s3:::public/k", false], ["arn:aws:s3:::my-state/k", false], ["arn:aws:s3:::other/k", true], ["arn:aws:s3:::my-state2/k", true]] as const) {
      assert.equal(denyBlocks(statement(s), { action: "s3:GetObject", resource }), blocked, resource);
      assert.equal(await isExplicitlyDenied({ policies: [{ Version: "2012-10-17", Statement: [s] }], principalArn: ALICE, action: "s3:GetObject", resource, context: "mfa" }), blocked, `the engine: ${resource}`);
    }
  });
  it("an operator IAM does not know is not read as matching every caller, whatever it contains", function () {
    for (const [operator, value] of [["XStringLike", "arn:*:*:*:*:*"], ["StringLikeX", "arn:*:*:*:*:*"], ["XStringNotEquals", "111111111111"], ["StringNotEqualsX", "111111111111"]]) {
      assert.equal(isScopingTest(statement({ Effect: "Deny", Action: "*", Resource: "*", Condition: { [operator]: { "aws:PrincipalArn": value } } }).conditions[0]), true, operator);
    }
  });
  it("a * in a role path (which IAM paths may hold) may be in a caller's ARN: StringNotEquals on it spares that role and scopes", function () {
    const test = (value: string) => statement({ Effect: "Deny", Action: "*", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalArn": value } } }).conditions[0];
    assert.equal(isScopingTest(test("arn:aws:iam::111111111111:role/team*/deploy")), true);
    assert.equal(isScopingTest(test("arn:aws:iam::111111111111:role/team/deploy*")), false);
    assert.equal(isScopingTest(test("arn:aws:iam::111111111111:root")), true, "the account root");
  });
  it("a dot in a denied bucket name matches only a dot, and ARNs match case-sensitively, as the IAM engine says", async function () {
    const cases: [string, string, boolean][] = [
      ["arn:aws:s3:::my.state/*", "arn:aws:s3:::my.state/k", true],
      ["arn:aws:s3:::my.state/*", "arn:aws:s3:::myxstate/k", false],
      ["arn:aws:s3:::My-State/*", "arn:aws:s3:::my-state/k", false],
      ["arn:aws:s3:::my-state/*", "arn:aws:s3:::my-state/K", true],
      ["arn:aws:s3:::my-state/k", "arn:aws:s3:::my-state/K", false],
    ];
    for (const [pattern, resource, blocked] of cases) {
      const s = { Effect: "Deny", Action: "s3:GetObject", Resource: pattern };
      assert.equal(denyBlocks(statement(s), { action: "s3:GetObject", resource }), blocked, `${pattern} on ${resource}`);
      assert.equal(await isExplicitlyDenied({ policies: [{ Version: "2012-10-17", Statement: [s] }], principalArn: ALICE, action: "s3:GetObject", resource, context: "mfa" }), blocked, `the engine: ${pattern} on ${resource}`);
    }
  });
});
