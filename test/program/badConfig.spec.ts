import * as assert from "assert";
import { runStack } from "../support/stacks";

/** Bad stack files run through the whole program, as `pulumi up` would run them. */
const CASES: { stack: string; problems: string[] }[] = [
  {
    stack: "bad-references",
    problems: [
      'Pulumi.bad-references.yaml: iam-baseline:passwordPolicies: unknown key; known keys: environment, identityAccountId, partition, namePrefix, selfServiceGroupName, accounts, roles, groups, users, passwordPolicy, trustPolicyMaxChars, adopt',
      'Pulumi.bad-references.yaml: iam-baseline:groups.Administrators.roles[1]: unknown role "Deploy"; defined roles: Admin',
    ],
  },
  {
    stack: "bad-accounts",
    problems: ['Pulumi.bad-accounts.yaml: iam-baseline:accounts.sandbox.id: expected a 12-digit AWS account id, got "22222222222"'],
  },
];

describe("a program run with an invalid stack config", function () {
  for (const c of CASES) {
    it(`fails ${c.stack} with one message per problem and registers nothing`, async function () {
      const run = await runStack(c.stack);
      assert.ok(run.error, "the program fails");
      const lines = run.error!.split("\n");
      assert.match(lines[0], /^invalid configuration, nothing was deployed \(\d+ problems?\):$/);
      assert.deepStrictEqual(lines.slice(1).map((l) => l.trim()), c.problems);
      assert.deepStrictEqual(run.resources, [], "no resource is registered");
      assert.deepStrictEqual(run.outputs, {});
    });
  }

});
