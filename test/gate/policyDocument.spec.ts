/**
 * `aws.iam.getPolicyDocument` under the gate renders what the AWS provider renders (its
 * `aws_iam_policy_document` data source): element order, single values, the reverse order of
 * its sets, principals merged per type, conditions merged per operator and key, `&{}` variables,
 * Sid merging of source and override documents, Go's escaping and two-space indentation.
 */
import * as assert from "assert";
import * as zlib from "zlib";
import { PolicyDocumentError, renderPolicyDocument } from "../../tools/stack/harness/policyDocument";

describe("getPolicyDocument as the AWS provider renders it", function () {
  it("puts Version first, defaults Effect to Allow, and lists set elements in reverse order", function () {
    const { json } = renderPolicyDocument({ statements: [{ actions: ["s3:GetObject", "s3:ListBucket"], resources: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"] }] });
    assert.strictEqual(
      json,
      ["{", '  "Version": "2012-10-17",', '  "Statement": [', "    {", '      "Effect": "Allow",', '      "Action": [', '        "s3:ListBucket",', '        "s3:GetObject"', "      ],", '      "Resource": [', '        "arn:aws:s3:::b/*",', '        "arn:aws:s3:::b"', "      ]", "    }", "  ]", "}"].join("\n"),
    );
  });

  it("writes a list of one as a plain string and orders a statement's elements as the provider's struct", function () {
    const { minifiedJson } = renderPolicyDocument({
      policyId: "trust",
      statements: [{ sid: "Assume", effect: "Deny", conditions: [{ test: "Bool", variable: "aws:MultiFactorAuthPresent", values: ["false"] }], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:root"] }], actions: ["sts:AssumeRole"] }],
    });
    assert.strictEqual(
      minifiedJson,
      '{"Version":"2012-10-17","Id":"trust","Statement":[{"Sid":"Assume","Effect":"Deny","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}',
    );
  });

  it('renders only a type "*" with identifier "*" as the bare "*"; {"AWS": "*"} stays an object', function () {
    const star = JSON.parse(renderPolicyDocument({ statements: [{ actions: ["sts:AssumeRole"], principals: [{ type: "*", identifiers: ["*"] }] }] }).json);
    assert.strictEqual(star.Statement[0].Principal, "*");
    const aws = JSON.parse(renderPolicyDocument({ statements: [{ actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: ["*"] }] }] }).json);
    assert.deepStrictEqual(aws.Statement[0].Principal, { AWS: "*" });
  });

  it("merges principal blocks of one type, keys sorted, each block's identifiers in reverse order", function () {
    const doc = JSON.parse(
      renderPolicyDocument({
        statements: [
          {
            actions: ["sts:AssumeRole"],
            principals: [
              { type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] },
              { type: "AWS", identifiers: ["arn:aws:iam::111111111111:role/a"] },
              { type: "AWS", identifiers: ["arn:aws:iam::222222222222:role/b", "arn:aws:iam::333333333333:role/c"] },
            ],
          },
        ],
      }).json,
    );
    assert.deepStrictEqual(Object.keys(doc.Statement[0].Principal), ["AWS", "Service"]);
    assert.deepStrictEqual(doc.Statement[0].Principal.AWS, ["arn:aws:iam::111111111111:role/a", "arn:aws:iam::333333333333:role/c", "arn:aws:iam::222222222222:role/b"]);
  });

  it("merges conditions per operator and key, keeps the order of values, and turns &{var} into ${var}", function () {
    const doc = JSON.parse(
      renderPolicyDocument({
        statements: [
          {
            actions: ["iam:ChangePassword"],
            resources: ["arn:aws:iam::111111111111:user/&{aws:username}"],
            conditions: [
              { test: "StringEquals", variable: "aws:RequestedRegion", values: ["us-east-1", "eu-west-1"] },
              { test: "Bool", variable: "aws:SecureTransport", values: ["true"] },
              { test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-abc"] },
            ],
          },
        ],
      }).json,
    );
    const s = doc.Statement[0];
    assert.strictEqual(s.Resource, "arn:aws:iam::111111111111:user/${aws:username}");
    assert.deepStrictEqual(s.Condition, { Bool: { "aws:SecureTransport": "true" }, StringEquals: { "aws:PrincipalOrgID": "o-abc", "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } });
    assert.deepStrictEqual(Object.keys(s.Condition.StringEquals), ["aws:PrincipalOrgID", "aws:RequestedRegion"]);
  });

  it("refuses &{ in a 2008-10-17 document and a repeated Sid, with the provider's messages", function () {
    assert.throws(() => renderPolicyDocument({ version: "2008-10-17", statements: [{ actions: ["s3:*"], resources: ["arn:aws:s3:::&{aws:username}"] }] }), (e: Error) => e instanceof PolicyDocumentError && /not supported in document version 2008-10-17/.test(e.message));
    assert.throws(() => renderPolicyDocument({ statements: [{ sid: "A", actions: ["s3:*"] }, { sid: "A", actions: ["sqs:*"] }] }), /duplicate Sid \(A\)/);
  });

  it("merges source documents first and override documents last, replacing statements of the same Sid", function () {
    const source = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }, { Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }] });
    const override = JSON.stringify({ Statement: [{ Sid: "Write", Effect: "Deny", Action: "s3:PutObject", Resource: "*" }] });
    const doc = JSON.parse(
      renderPolicyDocument({
        sourcePolicyDocuments: [source],
        overridePolicyDocuments: [override],
        statements: [
          { sid: "Read", actions: ["s3:GetObject", "s3:ListBucket"], resources: ["arn:aws:s3:::b/*"] },
          { sid: "Write", actions: ["s3:PutObject"], resources: ["arn:aws:s3:::b/*"] },
        ],
      }).json,
    );
    assert.deepStrictEqual(
      doc.Statement.map((s: { Sid?: string; Effect: string; Action: unknown }) => [s.Sid ?? "", s.Effect, s.Action]),
      [
        ["Read", "Allow", ["s3:ListBucket", "s3:GetObject"]],
        ["", "Allow", "sqs:SendMessage"],
        ["Write", "Deny", "s3:PutObject"],
      ],
    );
  });

  it("escapes <, > and & as Go does, and takes its id from the CRC-32 of the JSON", function () {
    const { json, id } = renderPolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::a&b<c>"] }] });
    assert.match(json, /"arn:aws:s3:::a\\u0026b\\u003cc\\u003e"/);
    assert.strictEqual(JSON.parse(json).Statement[0].Resource, "arn:aws:s3:::a&b<c>");
    assert.strictEqual(id, String(zlib.crc32(json)));
  });
});
