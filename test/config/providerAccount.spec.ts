import * as assert from "assert";
import { providerAccountProblems } from "../../config/providerAccount";

/** The stack's `aws:` account guards as the CLI passes them (lists JSON-encoded). */
const ID = "111111111111";

describe("the default provider's account guards against iam-baseline:identityAccountId", function () {
  it("accepts a stack without account guards", function () {
    assert.deepStrictEqual(providerAccountProblems({ "aws:region": "us-east-1" }, ID), []);
  });

  it("accepts allowedAccountIds that include the identity account, quoted or written as numbers", function () {
    assert.deepStrictEqual(providerAccountProblems({ "aws:allowedAccountIds": '["111111111111","222222222222"]' }, ID), []);
    assert.deepStrictEqual(providerAccountProblems({ "aws:allowedAccountIds": "[111111111111]" }, ID), []);
  });

  it("refuses allowedAccountIds without the identity account, naming the ids and the fix", function () {
    const [problem, ...rest] = providerAccountProblems({ "aws:allowedAccountIds": '["222222222222"]' }, ID);
    assert.deepStrictEqual(rest, []);
    assert.strictEqual(problem.path, "aws:allowedAccountIds");
    assert.match(problem.message, /^does not include iam-baseline:identityAccountId "111111111111" \(got 222222222222\).*add "111111111111" to aws:allowedAccountIds/);
  });

  it("refuses forbiddenAccountIds that name the identity account, and accepts ones that do not", function () {
    assert.deepStrictEqual(providerAccountProblems({ "aws:forbiddenAccountIds": '["999999999999"]' }, ID), []);
    const [problem] = providerAccountProblems({ "aws:forbiddenAccountIds": '["111111111111"]' }, ID);
    assert.strictEqual(problem.path, "aws:forbiddenAccountIds");
    assert.match(problem.message, /remove it from aws:forbiddenAccountIds/);
  });
});
