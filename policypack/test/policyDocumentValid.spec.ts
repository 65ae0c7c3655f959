import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type * as aws from "@pulumi/aws";
import { policyDocumentValid } from "../policies/policyDocumentValid";
import { TestResource, doc, expectCase, role, findingBody } from "./support/run";

const SEEDS = path.join(__dirname, "fixtures/seeds");
const policy = (document: unknown, type = "aws:iam/policy:Policy", name = "p"): TestResource => ({
  type,
  name,
  props: { policy: typeof document === "string" || typeof document !== "object" ? document : JSON.stringify(document) },
});
/** The document as an object, the way `policy: aws.iam.PolicyDocument` arrives. */
const policyObject = (document: unknown, type = "aws:iam/policy:Policy", name = "p"): TestResource => ({ type, name, props: { policy: document } });
const allow = (extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*", ...extra });
const SPELLING = "Check its spelling.";

interface Case {
  name: string;
  resource: TestResource;
  config?: Record<string, unknown>;
  /** One entry per expected violation, in order: substrings or patterns of its message. */
  expect: (string | RegExp)[];
  /** The problems are with the document as a whole, not a statement. */
  documentLevel?: true;
}

const typed: aws.iam.PolicyDocument = {
  Version: "2012-10-17",
  Id: "reports-read",
  Statement: [
    { Sid: "List", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::reports", Condition: { StringLike: { "s3:prefix": ["2024/*", "2025/*"] } } },
    { Sid: "Read", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: ["arn:aws:s3:::reports/*"] },
    { Sid: "NoDelete", Effect: "Deny", NotAction: ["s3:Get*", "s3:List*"], NotResource: "arn:aws:s3:::scratch/*" },
  ],
};
const typedTrust: aws.iam.PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111111111111:root"] }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } },
    { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] },
    { Effect: "Allow", Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } } },
  ],
};

const INVALID: Case[] = [
  // The document as a whole.
  { name: "malformed JSON fails", resource: policy('{"Version": "2012-10-17", "Statement": [}'), expect: [/^p policy: the document is not valid JSON: .+\.$/], documentLevel: true },
  { name: "a blank document fails", resource: policy("   "), expect: ["p policy: the document is empty."], documentLevel: true },
  { name: "a JSON array is not an object", resource: policy("[]"), expect: ["p policy: the document is not a JSON object."], documentLevel: true },
  { name: "a JSON string is not an object", resource: policy('"s3:GetObject"'), expect: ["p policy: the document is not a JSON object."], documentLevel: true },
  { name: "a number is not an object", resource: policyObject(42), expect: ["p policy: the document is not a JSON object."], documentLevel: true },
  { name: "a document without Statement fails", resource: policy({ Version: "2012-10-17" }), expect: ["p policy: the document has no Statement."], documentLevel: true },
  { name: "an unknown Version fails", resource: policy({ Version: "2012-10-18", Statement: [allow()] }), expect: ['p policy: unknown Version "2012-10-18".'], documentLevel: true },
  // Bug: IAM's grammar has only Version, Id and Statement at the top; anything else is rejected.
  { name: "an unknown top-level element fails", resource: policy({ ...doc(allow()), Statment: [allow()] }), expect: [/^p policy: unknown element "Statment"/], documentLevel: true },

  // Statement structure.
  { name: "a statement that is not an object fails", resource: policy(doc(allow(), "s3:GetObject" as unknown as Record<string, unknown>)), expect: ["p policy: statement #2 is not an object."] },
  { name: "an unknown element in a statement fails and names the statement", resource: policy(doc(allow({ Sid: "Read", principals: "*" }))), expect: ['p policy: Sid "Read": unknown element "principals".'] },
  // Bug: the element is quoted lowercased, not as written.
  { name: "an unknown element is quoted as written", resource: policy(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Resources: "arn:aws:s3:::x/*" })), expect: ['p policy: statement #1: unknown element "Resources".'] },
  { name: "both Action and NotAction fail", resource: policy(doc(allow({ NotAction: "s3:PutObject" }))), expect: ["p policy: statement #1: has both Action and NotAction."] },
  { name: "neither Action nor NotAction fails", resource: policy(doc({ Sid: "Empty", Effect: "Allow", Resource: "*" })), expect: ['p policy: Sid "Empty": has neither Action nor NotAction.'] },
  { name: "both Resource and NotResource fail", resource: policy(doc(allow({ NotResource: "arn:aws:s3:::secret/*" }))), expect: ["p policy: statement #1: has both Resource and NotResource."] },
  { name: 'Effect "allow" fails: the value is case-sensitive', resource: policy(doc(allow({ Effect: "allow" }))), expect: ['p policy: statement #1: Effect "allow" must be written "Allow".'] },
  { name: 'Effect "DENY" fails', resource: policy(doc(allow({ Effect: "DENY" }))), expect: ['Effect "DENY" must be written "Deny".'] },
  { name: "an Effect that is neither Allow nor Deny fails", resource: policy(doc(allow({ Sid: "Odd", Effect: "Permit" }))), expect: ['p policy: Sid "Odd": Effect must be "Allow" or "Deny", got "Permit".'] },
  { name: "a missing Effect fails", resource: policy(doc({ Action: "s3:GetObject", Resource: "*" })), expect: ['Effect must be "Allow" or "Deny", got undefined.'] },
  { name: "a non-string Action fails", resource: policy(doc(allow({ Action: ["s3:GetObject", 42] }))), expect: ["p policy: statement #1: Action must be a string or a list of strings."] },
  // Bug: values of the wrong JSON type are stringified instead of rejected (IAM rejects them).
  { name: "a Sid that is not a string fails", resource: policy(doc(allow({ Sid: null }))), expect: [/^p policy: statement #1: Sid /] },
  { name: "a principal that is not a string fails", resource: role(doc({ Effect: "Allow", Principal: { AWS: true }, Action: "sts:AssumeRole" })), expect: [/^role assumeRolePolicy: statement #1: Principal /] },
  { name: "a condition value that is an object or a nested list fails", resource: policy(doc(allow({ Condition: { Bool: { "aws:SecureTransport": { value: "true" } } } }))), expect: [/^p policy: statement #1: Condition "Bool" /] },
  { name: "an unknown principal type fails", resource: role(doc({ Effect: "Allow", Principal: { Account: "111111111111" }, Action: "sts:AssumeRole" })), expect: ['role assumeRolePolicy: statement #1: unknown Principal type "Account".'] },
  { name: "a Principal list fails", resource: role(doc({ Effect: "Allow", Principal: ["arn:aws:iam::111111111111:root"], Action: "sts:AssumeRole" })), expect: ['role assumeRolePolicy: statement #1: Principal must be "*" or an object such as {"AWS": ...}.'] },
  { name: "a Condition that is not an object fails", resource: policy(doc(allow({ Condition: "aws:SecureTransport" }))), expect: ["p policy: statement #1: Condition must be an object."] },

  // Actions against the catalog.
  { name: 'an unknown service "foo:Bar" fails', resource: policy(doc(allow({ Action: "foo:Bar" }))), expect: [`p policy statement #1: action "foo:Bar" names no AWS service ("foo"). ${SPELLING}`] },
  { name: 'a misspelt action "s3:GetObjekt" fails', resource: policy(doc(allow({ Sid: "Read", Action: ["s3:GetObject", "s3:GetObjekt"] }))), expect: [`p policy Sid "Read": action "s3:GetObjekt" matches no action of that service. ${SPELLING} [VALID002 at policy:$.Statement[0].Action[1]]`] },
  { name: "a misspelt action in NotAction is located in the NotAction", resource: policy(doc({ Effect: "Deny", NotAction: ["iam:ListUsers", "iam:ListUser"], Resource: "*" })), expect: [`p policy statement #1: action "iam:ListUser" matches no action of that service. ${SPELLING} [VALID002 at policy:$.Statement[0].NotAction[1]]`] },
  { name: 'a wildcard matching nothing "s3:Xyz*" fails', resource: policy(doc(allow({ Action: "s3:Xyz*" }))), expect: [`p policy statement #1: action "s3:Xyz*" matches no action of that service. ${SPELLING}`] },
  { name: "a service wildcard matching no service fails", resource: policy(doc(allow({ Action: "zz*:Get*" }))), expect: ['action "zz*:Get*" names no AWS service ("zz*").'] },
  { name: 'an action without "service:" fails', resource: policy(doc(allow({ Action: "GetObject" }))), expect: [`action "GetObject" is not of the form "service:Action". ${SPELLING}`] },
  { name: "a misspelt action in NotAction fails", resource: policy(doc({ Effect: "Deny", NotAction: ["iam:ListUsers", "iam:ListUserz"], Resource: "*" })), expect: ['action "iam:ListUserz" matches no action of that service.'] },
  { name: "each bad action is reported, in order", resource: policy(doc(allow({ Action: ["foo:Bar", "s3:GetObject", "s3:GetObjekt"] }))), expect: ['"foo:Bar"', '"s3:GetObjekt"'] },
  { name: "bad actions in a trust are reported", resource: role(doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRoel" })), expect: [`role assumeRolePolicy statement #1: action "sts:AssumeRoel" matches no action of that service. ${SPELLING}`] },

  // Condition operators.
  { name: 'a misspelt operator "StringEqual" fails', resource: policy(doc(allow({ Sid: "Tls", Condition: { StringEqual: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }))), expect: [/^p policy Sid "Tls": unknown condition operator "StringEqual"/] },
  { name: "a misspelt operator under a set qualifier fails", resource: policy(doc(allow({ Condition: { "ForAnyValue:StringEqual": { "aws:TagKeys": ["team"] } } }))), expect: ['unknown condition operator "ForAnyValue:StringEqual"'] },
  { name: "a misspelt operator with IfExists fails", resource: policy(doc(allow({ Condition: { BooleanIfExists: { "aws:SecureTransport": "true" } } }))), expect: ['unknown condition operator "BooleanIfExists"'] },
  // Bug: one message per key of the block, all the same.
  { name: "a misspelt operator with two keys is reported once", resource: policy(doc(allow({ Condition: { StringEqual: { "aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:RequestedRegion": "eu-west-1" } } }))), expect: ['unknown condition operator "StringEqual"'] },
  // Bug: the message says what is wrong but not what to write instead.
  { name: "the misspelt-operator message names the operator to use", resource: policy(doc(allow({ Condition: { StringEqual: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }))), expect: [/unknown condition operator "StringEqual".*"StringEquals"/] },
  {
    name: "a misspelt second operator in one statement is reported too, each with its suggestion",
    resource: policy(doc(allow({ Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" }, Boool: { "aws:SecureTransport": "true" }, NumericLesThan: { "aws:MultiFactorAuthAge": "3600" } } }))),
    expect: [/unknown condition operator "Boool".*Did you mean "Bool"\?$/, /unknown condition operator "NumericLesThan".*Did you mean "NumericLessThan"\?$/],
  },
  // Bug: a misspelt set qualifier was kept as written ("ForAllValue:StringLike": did you mean "ForAllValue:StringLike"?) or lost ("ForAnyValues:StringEquals": did you mean "ForAnyValues:DateLessThanEquals"?).
  { name: "a misspelt set qualifier is corrected in the suggestion", resource: policy(doc(allow({ Condition: { "ForAllValue:StringLike": { "aws:TagKeys": ["team"] } } }))), expect: [/unknown condition operator "ForAllValue:StringLike".*Did you mean "ForAllValues:StringLike"\?$/] },
  { name: "a misspelt set qualifier on a known operator keeps the operator", resource: policy(doc(allow({ Condition: { "ForAnyValues:StringEquals": { "aws:TagKeys": ["team"] } } }))), expect: [/Did you mean "ForAnyValue:StringEquals"\?$/] },
  { name: "a misspelt set qualifier and operator are both corrected, IfExists kept", resource: policy(doc(allow({ Condition: { "forallvalue:stringequalifexists": { "aws:TagKeys": ["team"] } } }))), expect: [/Did you mean "ForAllValues:StringEqualsIfExists"\?$/] },
  { name: "NullIfExists under a misspelt set qualifier: Null alone, with the qualifier corrected", resource: policy(doc(allow({ Condition: { "ForAnyValues:NullIfExists": { "aws:TagKeys": "true" } } }))), expect: [/unknown condition operator "ForAnyValues:NullIfExists".*Use "ForAnyValue:Null" alone\./] },
  { name: "a misspelt set qualifier is corrected on its own, not with the operator after it", resource: policy(doc(allow({ Condition: { "ForValue:StringEquals": { "aws:TagKeys": ["team"] } } }))), expect: [/Did you mean "ForAnyValue:StringEquals"\?$/] },
  { name: "a set qualifier as near one as the other is the first, ForAnyValue", resource: policy(doc(allow({ Condition: { "ForAnValues:StringLike": { "aws:TagKeys": ["team"] } } }))), expect: [/Did you mean "ForAnyValue:StringLike"\?$/] },
  { name: "a stray colon in front of an operator is no set qualifier", resource: policy(doc(allow({ Condition: { ":StringEquals": { "aws:TagKeys": ["team"] } } }))), expect: [/Did you mean "StringEquals"\?$/] },
  { name: "the suggestion keeps the set qualifier", resource: policy(doc(allow({ Condition: { "ForAllValues:StringLke": { "aws:TagKeys": ["team"] } } }))), expect: [/Did you mean "ForAllValues:StringLike"\?$/] },
  // Bug: a misspelt IfExists was dropped from the suggestion ("ArnLikeIfExist": did you mean "ArnLike"?), which changes what the test means.
  { name: "the suggestion keeps a misspelt IfExists", resource: policy(doc(allow({ Condition: { ArnLikeIfExist: { "aws:PrincipalArn": "arn:aws:iam::*:role/x" } } }))), expect: [/unknown condition operator "ArnLikeIfExist".*Did you mean "ArnLikeIfExists"\?$/] },
  { name: "a misspelt operator without IfExists is not offered one", resource: policy(doc(allow({ Condition: { ArnLik: { "aws:PrincipalArn": "arn:aws:iam::*:role/x" } } }))), expect: [/Did you mean "ArnLike"\?$/] },
  // Bug: NullIfExists was taken for an operator; AWS: "you cannot add ...IfExists to the Null condition operator".
  { name: "NullIfExists fails: IAM takes no IfExists on Null, and the fix is Null alone", resource: policy(doc(allow({ Condition: { NullIfExists: { "aws:TagKeys": "true" } } }))), expect: [/unknown condition operator "NullIfExists"; IAM takes no IfExists on Null and rejects the policy\. Use "Null" alone\. \[VALID003 at policy:\$\.Statement\[0\]\.Condition\.NullIfExists\]$/] },
  { name: "NullIfExists under a set qualifier fails too, with the qualifier kept in the fix", resource: policy(doc(allow({ Condition: { "ForAnyValue:NullIfExists": { "aws:TagKeys": "true" } } }))), expect: [/unknown condition operator "ForAnyValue:NullIfExists".*Use "ForAnyValue:Null" alone\./] },
  { name: "Null alone passes", resource: policy(doc(allow({ Condition: { Null: { "aws:TagKeys": "true" } } }))), expect: [] },
  { name: "NullIfExists is never suggested: IAM takes no IfExists on Null", resource: policy(doc(allow({ Condition: { NulIfExists: { "aws:TagKeys": "true" } } }))), expect: [/unknown condition operator "NulIfExists".*Did you mean "(?!NullIfExists")\w+"\?$/] },
  { name: "the suggestion is the nearest operator, not the first in the list", resource: policy(doc(allow({ Condition: { IpAdress: { "aws:SourceIp": "10.0.0.0/8" } } }))), expect: [/Did you mean "IpAddress"\?$/] },
  { name: "an unknown operator is located at its name in the Condition block", resource: policy(doc(allow({ Condition: { Boool: { "aws:SecureTransport": "true" } } }))), expect: [/ \[VALID003 at policy:\$\.Statement\[0\]\.Condition\.Boool\]$/] },
  { name: "the suggestion with IfExists written out", resource: policy(doc(allow({ Condition: { StringEqualIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }))), expect: [/Did you mean "StringEqualsIfExists"\?$/] },
  { name: "a suggestion for a far-off name is the nearest operator", resource: policy(doc(allow({ Condition: { DateBefore: { "aws:CurrentTime": "2030-01-01T00:00:00Z" } } }))), expect: [/Did you mean "DateEquals"\?$/] },
  { name: "the same misspelt operator in two statements is reported for each", resource: policy(doc(allow({ Sid: "A", Condition: { Boool: { "aws:SecureTransport": "true" } } }), allow({ Sid: "B", Condition: { Boool: { "aws:SecureTransport": "true" } } }))), expect: ['Sid "A": unknown condition operator "Boool"', 'Sid "B": unknown condition operator "Boool"'] },

  // Several problems; several documents of one resource.
  {
    name: "every problem of a statement is reported: structure first, then actions, then operators",
    resource: policy(doc(allow({ Sid: "Bad", Effect: "allow", Action: ["s3:GetObjekt"], NotAction: "s3:PutObject", Condition: { StringEqual: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }))),
    expect: ['Sid "Bad": Effect "allow" must be written "Allow"', 'Sid "Bad": has both Action and NotAction', '"s3:GetObjekt" matches no action', 'unknown condition operator "StringEqual"'],
  },
  {
    name: "a role's trust and inline policies are each checked and named",
    resource: role("{not json", { inlinePolicies: [{ name: "ok", policy: JSON.stringify(doc(allow())) }, { name: "bad", policy: JSON.stringify(doc(allow({ Action: "s3:GetObjekt" }))) }] }, "app"),
    expect: [/^app assumeRolePolicy: the document is not valid JSON/, /^app inlinePolicies\[1\]\.policy statement #1: action "s3:GetObjekt"/],
  },
  { name: "a group inline policy is checked", resource: policy(doc(allow({ Action: "s3:GetObjekt" })), "aws:iam/groupPolicy:GroupPolicy", "devs-read"), expect: ['devs-read policy statement #1: action "s3:GetObjekt"'] },
  { name: "a user inline policy is checked", resource: policy(doc(allow({ Effect: "allow" })), "aws:iam/userPolicy:UserPolicy", "alice-read"), expect: ['alice-read policy: statement #1: Effect "allow"'] },
  { name: "an S3 bucket policy is checked", resource: policy(doc(allow({ Principal: "*", Action: "s3:GetObjekt" })), "aws:s3/bucketPolicy:BucketPolicy", "bp"), expect: ['bp policy statement #1: action "s3:GetObjekt"'] },
  { name: "an SCP is checked", resource: { type: "aws:organizations/policy:Policy", name: "scp", props: { content: JSON.stringify(doc({ Effect: "Deny", Action: "organizations:LeaveOrganisation", Resource: "*" })) } }, expect: ['scp content statement #1: action "organizations:LeaveOrganisation"'] },
  { name: "an aws-native managed policy is checked", resource: { type: "aws-native:iam:ManagedPolicy", name: "native", props: { policyDocument: doc(allow({ Action: "foo:Bar" })) } }, expect: ['native policyDocument statement #1: action "foo:Bar"'] },
];

const VALID: Case[] = [
  { name: "a minimal document passes", resource: policy(doc(allow())), expect: [] },
  { name: "Version 2008-10-17 passes", resource: policy({ Version: "2008-10-17", Statement: [allow()] }), expect: [] },
  { name: "a document without Version passes", resource: policy({ Statement: [allow()] }), expect: [] },
  { name: "a single Statement object instead of a list passes", resource: policy({ Version: "2012-10-17", Statement: allow() }), expect: [] },
  { name: "single values and lists may be mixed", resource: policy(doc(allow({ Action: ["s3:GetObject"], Resource: "arn:aws:s3:::a/*" }), allow({ Action: "s3:PutObject", Resource: ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"] }))), expect: [] },
  { name: "Sid, Id and every element pass", resource: policy({ Version: "2012-10-17", Id: "x", Statement: [{ Sid: "All", Effect: "Deny", NotAction: "iam:*", NotResource: "arn:aws:s3:::x", Condition: { Bool: { "aws:SecureTransport": "false" } } }] }), expect: [] },
  { name: "action names are case-insensitive", resource: policy(doc(allow({ Action: ["S3:getobject", "IAM:ListUsers"] }))), expect: [] },
  { name: "wildcard actions that match real actions pass", resource: policy(doc(allow({ Action: ["*", "s3:*", "s3:Get*", "ec2:Describe*", "iam:Put*Policy", "s3:GetObject?ersion", "s*:List*"], Resource: "*" }))), expect: [] },
  {
    name: "known operators pass, with set qualifiers and IfExists",
    resource: policy(
      doc(
        allow({
          Condition: {
            StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
            "ForAnyValue:StringLikeIfExists": { "aws:TagKeys": ["team*"] },
            "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "env"] },
            NumericLessThanEquals: { "aws:MultiFactorAuthAge": 3600 },
            DateGreaterThan: { "aws:CurrentTime": "2024-01-01T00:00:00Z" },
            IpAddress: { "aws:SourceIp": ["192.0.2.0/24"] },
            ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/ci-*" },
            Null: { "aws:MultiFactorAuthAge": "false" },
            BoolIfExists: { "aws:MultiFactorAuthPresent": true },
          },
        }),
      ),
    ),
    expect: [],
  },
  { name: "operator names are case-insensitive", resource: policy(doc(allow({ Condition: { stringequals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }))), expect: [] },
  {
    name: "unicode escapes in JSON strings pass",
    resource: policy(String.raw`{"Version":"2012-10-17","Statement":[{"Sid":"Caf\u00e9","Effect":"\u0041llow","Action":"s3:\u0047etObject","Resource":"arn:aws:s3:::caf\u00e9\/men\u00fc-\u65e5\u672c/*"}]}`),
    expect: [],
  },
  { name: "an escaped action name is read after unescaping", resource: policy(String.raw`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:\u0047etObjekt","Resource":"*"}]}`), expect: ['action "s3:GetObjekt" matches no action'] },
  { name: "an aws.iam.PolicyDocument object passes", resource: policyObject(typed), expect: [] },
  { name: "an aws.iam.PolicyDocument trust object passes", resource: { type: "aws:iam/role:Role", name: "typed", props: { assumeRolePolicy: typedTrust } }, expect: [] },
  { name: "an aws.iam.PolicyDocument object with a misspelt action fails like a string", resource: policyObject({ ...typed, Statement: [{ Effect: "Allow", Action: ["s3:GetObjekt"], Resource: ["*"] }] } satisfies aws.iam.PolicyDocument), expect: ['p policy statement #1: action "s3:GetObjekt"'] },
  { name: "an aws-native role's documents (objects) pass", resource: { type: "aws-native:iam:Role", name: "native", props: { assumeRolePolicyDocument: typedTrust, policies: [{ policyName: "read", policyDocument: typed }] } }, expect: [] },

  // Ignored.
  { name: "a tag policy (not IAM grammar) is ignored", resource: { type: "aws:organizations/policy:Policy", name: "tags", props: { type: "TAG_POLICY", content: JSON.stringify({ tags: { team: { tag_key: { "@@assign": "team" } } } }) } }, expect: [] },
  { name: "a user (no documents) is ignored", resource: { type: "aws:iam/user:User", name: "alice", props: { name: "alice" } }, expect: [] },
  { name: "a policy attachment (an ARN, no document) is ignored", resource: { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "ra", props: { role: "ci", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" } }, expect: [] },
];

/** The seed documents: trusts go on a role, the rest on a managed policy; all must be valid. */
const SEED_CASES: Case[] = fs
  .readdirSync(SEEDS)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => {
    const text = fs.readFileSync(path.join(SEEDS, f), "utf8");
    const resource = f.includes("trust") ? role(text, {}, f) : policy(text, "aws:iam/policy:Policy", f);
    return { name: `seed ${f} is valid`, resource, expect: [] };
  });

const FIELD = /^[\w.-]+ (policy|assumeRolePolicy|assumeRolePolicyDocument|policyDocument|content|inlinePolicies\[\d+\]\.policy|policies\[\d+\]\.policyDocument)[ :]/;
const STATEMENT = /^\S+ \S+:? (Sid "[^"]+"|statement #\d+)[ :]/;
/** The fix each kind of message names (structural messages state the rule the document breaks). */
const FIXES: [RegExp, RegExp][] = [
  [/: action "/, /Check its spelling\.$/],
  [/: Effect "/, /must be written "(Allow|Deny)"\.$/],
];

describe("iam-policy-document-valid", function () {
  it("there are seed documents to check", function () {
    assert.ok(SEED_CASES.length >= 8, `seeds: ${SEED_CASES.map((c) => c.name).join(", ")}`);
  });
  for (const [group, cases] of [["invalid documents", INVALID], ["valid documents", VALID], ["seed documents", SEED_CASES]] as const) {
    describe(group, function () {
      for (const c of cases) {
        it(c.name, async function () {
          const messages = await expectCase(policyDocumentValid, c);
          for (const m of messages) {
            assert.ok(m.startsWith(`${c.resource.name} `), `"${m}" names the resource ${c.resource.name}`);
            assert.match(m, FIELD, "the message names the document");
            if (!c.documentLevel && !/ the document /.test(m)) assert.match(m, STATEMENT, "the message names the statement");
            for (const [kind, fix] of FIXES) if (kind.test(m)) assert.match(findingBody(m), fix, "the message names the fix");
          }
        });
      }
    });
  }
});
