import * as assert from "assert";
import { runStack } from "../support/stacks";

/** Bad stack files run through the whole program, as `pulumi up` would run them. */
const CASES: { stack: string; problems: string[] }[] = [
  {
    stack: "bad-references",
    problems: [
      'Pulumi.bad-references.yaml: iam-baseline:passwordPolicies: unknown key; did you mean passwordPolicy? Known keys: environment, identityAccountId, partition, namePrefix, selfServiceGroupName, accounts, roles, groups, users, passwordPolicy, trustPolicyMaxChars, userPath, trustForm, quotas, adopt',
      'Pulumi.bad-references.yaml: iam-baseline:groups.Administrators.roles[1]: unknown role "Deploy"; defined roles: Admin',
    ],
  },
  {
    stack: "bad-quota-trust",
    problems: [
      'Pulumi.bad-quota-trust.yaml: iam-baseline:roles.PowerUser: the trust of PowerUser@sandbox names 50 users and would be 2273 characters; IAM allows 2048 per trust policy. Set iam-baseline:userPath (e.g. "/people/"): the trust then admits the layout\'s users by path and stays the same size for any number of people (the users move to that path in place; see README "Upgrading"), or, once AWS has raised the quota for the account (Service Quotas), set iam-baseline:quotas.trustPolicyChars (up to 4096).',
    ],
  },
  {
    stack: "bad-namespace",
    problems: [
      'Pulumi.bad-namespace.yaml: iam_baseline:environment: unknown namespace "iam_baseline"; did you mean iam-baseline:environment?',
      'Pulumi.bad-namespace.yaml: iam-baseline:user: unknown key; did you mean users? Known keys: environment, identityAccountId, partition, namePrefix, selfServiceGroupName, accounts, roles, groups, users, passwordPolicy, trustPolicyMaxChars, userPath, trustForm, quotas, adopt',
      "Pulumi.bad-namespace.yaml: iam-baseline:environment: missing; expected a lowercase label such as dev or prod",
      "Pulumi.bad-namespace.yaml: iam-baseline:users: missing; expected a map of users, e.g. alice: { groups: [Administrators], console: true }",
    ],
  },
  {
    stack: "bad-accounts",
    problems: ['Pulumi.bad-accounts.yaml: iam-baseline:accounts.sandbox.id: expected a 12-digit AWS account id, got "22222222222" (11 digits: an id written unquoted in YAML loses its leading zeros; quote it, e.g. "022222222222")'],
  },
  {
    stack: "bad-provider-account",
    problems: [
      'Pulumi.bad-provider-account.yaml: aws:allowedAccountIds: does not include iam-baseline:identityAccountId "111111111111" (got 222222222222); the default provider creates the users and groups there, so every deploy would fail: add "111111111111" to aws:allowedAccountIds, or correct identityAccountId',
    ],
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
