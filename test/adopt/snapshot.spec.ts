import * as assert from "assert";
import { decodePolicyDocument, SnapshotBuilder, SnapshotError } from "../../lib/adopt/snapshot";
import { snapshotOf } from "./support";

describe("a snapshot read from AWS CLI outputs", function () {
  it("finds seed 000's developer with its inline policy and access key, and the role's trust without MFA", function () {
    const account = snapshotOf("seed000").accounts["111111111111"];
    const dev = account.users.find((u) => u.name === "developer")!;
    assert.deepStrictEqual(dev.inlinePolicies.map((p) => p.name), ["AssumeResourceCreatorRole"]);
    assert.deepStrictEqual(dev.accessKeys.map((k) => k.id), ["AKIAIOSFODNN7EXAMPLE"]);
    assert.strictEqual(dev.loginProfile, undefined);
    const role = account.roles.find((r) => r.name === "ResourceCreatorRole")!;
    assert.deepStrictEqual((role.trust as { Statement: { Principal: unknown }[] }).Statement[0].Principal, { AWS: "arn:aws:iam::111111111111:user/developer" });
    assert.strictEqual(role.maxSessionDuration, 3600, "from the get-role output");
    assert.strictEqual(role.description, null, "get-role shows no description");
  });

  it("finds seed 003's console user with her MFA device, login profile and groups, and the account's own policies", function () {
    const account = snapshotOf("seed003").accounts["111111111111"];
    const jane = account.users.find((u) => u.name === "jane")!;
    assert.deepStrictEqual(jane.mfaSerials, ["arn:aws:iam::111111111111:mfa/jane-phone"], "an unassigned device is nobody's");
    assert.deepStrictEqual(jane.loginProfile, { createDate: "2020-09-09T14:41:18+00:00", passwordResetRequired: false });
    assert.deepStrictEqual(jane.groups, ["Users", "Administrators"]);
    assert.deepStrictEqual(account.policies.map((p) => p.name).sort(), ["AdminPolicy", "AssumeAdminRole", "IAMRequireMFA"]);
    assert.deepStrictEqual(account.policies.find((p) => p.name === "AdminPolicy")!.document, { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
    assert.strictEqual(account.roles[0].maxSessionDuration, undefined, "no get-role output: unknown");
  });

  it("decodes a document the API returns URL-encoded, and keeps one the CLI printed as JSON", function () {
    const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };
    assert.deepStrictEqual(decodePolicyDocument(encodeURIComponent(JSON.stringify(doc))), doc);
    assert.deepStrictEqual(decodePolicyDocument(doc), doc);
  });

  it("refuses a file that is no known CLI output, naming the file and its keys", function () {
    assert.throws(() => new SnapshotBuilder().add({ Users: [] }, "adopt/users.json"), (err: Error) => err instanceof SnapshotError && /^adopt\/users\.json: not an output of .*\(top-level keys: Users\)$/.test(err.message));
  });

  it("refuses an ARN without an account id, naming the file", function () {
    const bad = { UserDetailList: [{ UserName: "x", Arn: "arn:aws:iam:::user/x" }] };
    assert.throws(() => new SnapshotBuilder().add(bad, "a.json"), /^Error: a\.json: expected an IAM ARN with a 12-digit account id/);
  });
});
