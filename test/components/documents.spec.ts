import * as assert from "assert";
import { policyDocumentArg, statementsArg } from "../../components/documents";
import { mfaTrustPolicy, selfServiceMfaPolicy } from "../../lib/iam/builders";

describe("IAM documents given to a component as JSON", function () {
  it("are accepted when AWS would accept them, such as the builders' documents", function () {
    const doc = selfServiceMfaPolicy();
    assert.strictEqual(policyDocumentArg("MfaAssumableRole r: inlinePolicy", doc), doc);
    const trust = mfaTrustPolicy({ identityAccountId: "111111111111", principalArns: ["arn:aws:iam::111111111111:user/alice"], mfaMaxAgeSeconds: 3600 });
    assert.deepStrictEqual(statementsArg("MfaAssumableRole r: additionalTrustStatements", trust.Statement), trust.Statement);
    assert.deepStrictEqual(statementsArg("MfaAssumableRole r: additionalTrustStatements", []), []);
  });

  it("are refused with the component, the argument and the problem named when AWS would reject them", function () {
    assert.throws(
      () => policyDocumentArg("MfaAssumableRole r: inlinePolicy", { Version: "2012-10-17", Statement: [{ Effect: "allow", Action: "s3:GetObject", Resource: "*" }] }),
      /^Error: MfaAssumableRole r: inlinePolicy: expected an IAM policy document AWS accepts: .*Effect/,
    );
    assert.throws(() => statementsArg("MfaAssumableRole r: additionalTrustStatements", [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Actions: "sts:AssumeRole" }]), /additionalTrustStatements: .*Actions/);
  });
});
