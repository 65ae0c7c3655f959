/**
 * lib/iam/parse: how a document is read into the normalised shape, and what it reports as wrong.
 * (What the policies make of the problems is specified in policypack/test/policyDocumentValid.)
 */
import { strict as assert } from "node:assert";
import { awsPrincipalsOf, elementPath, NormalStatement, parsePolicyDocument, statementCoversAction } from "../../lib/iam/parse";

const allow = { Effect: "Allow", Action: "s3:GetObject", Resource: "*" };
const parse = (statement: unknown) => parsePolicyDocument({ Version: "2012-10-17", Statement: [statement] });
const one = (statement: Record<string, unknown>): NormalStatement => parse(statement).document!.statements[0];

describe("lib/iam/parse", function () {
  it("a Version that is not a string is reported and not read", function () {
    const r = parsePolicyDocument({ Version: 2012, Statement: [allow] });
    assert.deepEqual(r.errors, ["Version must be a string, got 2012"]);
    assert.equal(r.document!.version, undefined);
    assert.equal(parsePolicyDocument({ Version: "2008-10-17", Statement: [allow] }).document!.version, "2008-10-17");
  });
  it("element names are read in any case, and paths keep the name as written", function () {
    const r = parsePolicyDocument({ version: "2012-10-17", statement: [{ effect: "Allow", action: "s3:GetObject", resource: "*" }] });
    assert.deepEqual(r.errors, []);
    assert.equal(r.document!.statements[0].path, "$.statement[0]");
    assert.deepEqual(r.document!.statements[0].action, ["s3:GetObject"]);
    assert.equal(parsePolicyDocument({ STATEMENT: allow }).document!.statements[0].path, "$.STATEMENT");
  });
  it("a statement that is not an object is reported and skipped, null included", function () {
    const r = parsePolicyDocument({ Statement: [null, allow] });
    assert.deepEqual(r.errors, ["statement #1 is not an object"]);
    assert.deepEqual(r.document!.statements.map((s) => s.index), [1]);
  });
  it("a Sid that is not a string is reported, and named as JSON in messages", function () {
    const r = parse({ ...allow, Sid: 7 });
    assert.deepEqual(r.errors, ["statement #1: Sid must be a string"]);
    assert.equal(r.document!.statements[0].sid, "7");
    assert.equal(r.document!.statements[0].label, 'Sid "7"');
    assert.equal(one({ ...allow, Sid: "Read" }).label, 'Sid "Read"');
    assert.equal(one(allow).sid, undefined);
    assert.equal(one(allow).label, "statement #1");
  });
  it("Effect: Allow and Deny as written, another case reported, anything else drops the statement", function () {
    assert.deepEqual(parse(allow).errors, []);
    assert.equal(one({ ...allow, Effect: "Deny" }).effect, "Deny");
    const lower = parse({ ...allow, Effect: "deny" });
    assert.deepEqual(lower.errors, ['statement #1: Effect "deny" must be written "Deny"']);
    assert.equal(lower.document!.statements[0].effect, "Deny");
    for (const [effect, shown] of [[undefined, "undefined"], [1, "1"], ["Permit", '"Permit"']] as const) {
      const r = parse({ Action: "s3:GetObject", Resource: "*", ...(effect === undefined ? {} : { Effect: effect }) });
      assert.deepEqual(r.errors, [`statement #1: Effect must be "Allow" or "Deny", got ${shown}`]);
      assert.deepEqual(r.document!.statements, []);
    }
  });
  it("each element that must hold strings names itself when it does not", function () {
    for (const element of ["Action", "NotAction", "Resource", "NotResource"]) {
      const statement: Record<string, unknown> = { Effect: "Allow", ...(element.endsWith("Action") ? { Resource: "*" } : { Action: "s3:GetObject" }), [element]: ["a:b", 5] };
      assert.deepEqual(parse(statement).errors, [`statement #1: ${element} must be a string or a list of strings`], element);
    }
    assert.deepEqual(one({ ...allow, Action: ["s3:GetObject", 5] }).action, ["s3:GetObject"], "the strings are kept");
  });
  it("undefined elements are absent; null ones are absent and reported", function () {
    assert.deepEqual(parse({ ...allow, NotAction: undefined }).errors, []);
    const r = parse({ ...allow, NotResource: null });
    assert.deepEqual(r.errors, ["statement #1: NotResource is null; remove it or give it a value"]);
    assert.equal(r.document!.statements[0].notResource, undefined);
  });
  it("principals are sorted by type, any case; a value that is not a string is reported and shown as JSON", function () {
    const s = one({ ...allow, Principal: { aws: ["arn:aws:iam::111111111111:root", 111111111111], SERVICE: "ec2.amazonaws.com", Federated: "cognito-identity.amazonaws.com", CanonicalUser: "79a59df900b949e55d96a1e698fbaced" } });
    assert.deepEqual(s.principal, {
      everyone: false,
      aws: ["arn:aws:iam::111111111111:root", "111111111111"],
      service: ["ec2.amazonaws.com"],
      federated: ["cognito-identity.amazonaws.com"],
      canonicalUser: ["79a59df900b949e55d96a1e698fbaced"],
    });
    assert.deepEqual(parse({ ...allow, Principal: { AWS: ["arn:aws:iam::111111111111:root", 111111111111] } }).errors, ["statement #1: Principal values must be strings"]);
    assert.deepEqual(parse({ ...allow, Principal: { AWS: "*" } }).errors, []);
    assert.deepEqual(parse({ ...allow, NotPrincipal: { AWS: [1] } }).errors, ["statement #1: NotPrincipal values must be strings"]);
    assert.deepEqual(parse({ ...allow, NotPrincipal: ["x"] }).errors, ['statement #1: NotPrincipal must be "*" or an object such as {"AWS": ...}']);
    assert.deepEqual(one({ ...allow, NotPrincipal: "*" }).notPrincipal, { everyone: true, aws: [], service: [], federated: [], canonicalUser: [] });
  });
  it("a value that JSON cannot show is still shown", function () {
    assert.deepEqual(one({ ...allow, Principal: { AWS: [undefined, 10n] } }).principal!.aws, ["undefined", "[unprintable value]"]);
  });
  it("conditions: one test per key, operator and key lowercased, qualifier and IfExists taken apart, values as text", function () {
    const s = one({ ...allow, Condition: { "ForAnyValue:StringLikeIfExists": { "aws:TagKeys": ["a*", "b"], "S3:Prefix": "home/" }, NumericLessThan: { "aws:MultiFactorAuthAge": 3600 }, Bool: { "aws:SecureTransport": true } } });
    assert.deepEqual(
      s.conditions.map((t) => [t.operator, t.base, t.ifExists, t.qualifier, t.key, t.keyAsWritten, t.values]),
      [
        ["ForAnyValue:StringLikeIfExists", "stringlike", true, "foranyvalue", "aws:tagkeys", "aws:TagKeys", ["a*", "b"]],
        ["ForAnyValue:StringLikeIfExists", "stringlike", true, "foranyvalue", "s3:prefix", "S3:Prefix", ["home/"]],
        ["NumericLessThan", "numericlessthan", false, undefined, "aws:multifactorauthage", "aws:MultiFactorAuthAge", ["3600"]],
        ["Bool", "bool", false, undefined, "aws:securetransport", "aws:SecureTransport", ["true"]],
      ],
    );
  });
  it("a set qualifier is read only at the start of the operator", function () {
    const [t] = one({ ...allow, Condition: { "X:ForAllValues:StringEquals": { "aws:TagKeys": "a" } } }).conditions;
    assert.equal(t.qualifier, undefined);
    assert.equal(t.base, "x:forallvalues:stringequals");
  });
  it("a condition block that is not an object, or values that are not scalars, are reported", function () {
    const block = parse({ ...allow, Condition: { StringEquals: "aws:SecureTransport", Bool: { "aws:SecureTransport": "true" } } });
    assert.deepEqual(block.errors, ['statement #1: Condition "StringEquals" must map keys to values']);
    assert.deepEqual(block.document!.statements[0].conditions.map((t) => t.operator), ["Bool"]);
    assert.deepEqual(parse({ ...allow, Condition: { StringEquals: { "aws:UserAgent": ["a", { b: 1 }] } } }).errors, ['statement #1: Condition "StringEquals" values of "aws:UserAgent" must be strings, numbers or booleans']);
  });
  it("awsPrincipalsOf: the AWS principals; * for everyone and for NotPrincipal; none without Principal", function () {
    assert.deepEqual(awsPrincipalsOf(one({ ...allow, Principal: { AWS: "arn:aws:iam::111111111111:root", Service: "ec2.amazonaws.com" } })), ["arn:aws:iam::111111111111:root"]);
    assert.deepEqual(awsPrincipalsOf(one({ ...allow, Principal: "*" })), ["*"]);
    assert.deepEqual(awsPrincipalsOf(one({ ...allow, NotPrincipal: { AWS: "arn:aws:iam::111111111111:root" } })), ["*"]);
    assert.deepEqual(awsPrincipalsOf(one(allow)), []);
  });
  it("statementCoversAction: Action matches ignoring case, NotAction everything else, neither nothing", function () {
    assert.equal(statementCoversAction(one({ ...allow, Action: "S3:get*" }), "s3:GetObject"), true);
    assert.equal(statementCoversAction(one({ ...allow, Action: "s3:Put*" }), "s3:GetObject"), false);
    assert.equal(statementCoversAction(one({ Effect: "Allow", NotAction: "s3:*", Resource: "*" }), "s3:GetObject"), false);
    assert.equal(statementCoversAction(one({ Effect: "Allow", NotAction: "s3:*", Resource: "*" }), "iam:GetUser"), true);
    assert.equal(statementCoversAction(one({ Effect: "Allow", Resource: "*" }), "iam:GetUser"), false);
  });
  it("elementPath: names in any case, values by their index, numbers included; stops where the document ends", function () {
    const s = one({ ...allow, Action: ["s3:GetObject", "s3:PutObject"], Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": [300, "600"] }, StringLike: { "token.actions.githubusercontent.com:sub": "repo:o/r:*" } } });
    assert.equal(elementPath(s, "action", "s3:PutObject"), "$.Statement[0].Action[1]");
    assert.equal(elementPath(s, "Condition", "NumericLessThan", "aws:MultiFactorAuthAge", "300"), "$.Statement[0].Condition.NumericLessThan[\"aws:MultiFactorAuthAge\"][0]");
    assert.equal(elementPath(s, "Condition", "NumericLessThan", "aws:MultiFactorAuthAge", "600"), "$.Statement[0].Condition.NumericLessThan[\"aws:MultiFactorAuthAge\"][1]");
    assert.equal(elementPath(s, "Condition", "StringLike", "token.actions.githubusercontent.com:sub", "repo:o/r:*"), '$.Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"]');
    assert.equal(elementPath(s, "Action", "s3:DeleteObject"), "$.Statement[0].Action");
    assert.equal(elementPath(s, "Resource", "0"), "$.Statement[0].Resource", "a string has nothing below it");
    assert.equal(elementPath(s, "Principal", "AWS"), "$.Statement[0]");
    const n = one({ ...allow, NotResource: null });
    assert.equal(elementPath(n, "NotResource", "x"), "$.Statement[0].NotResource", "a null element has nothing below it");
  });
});
