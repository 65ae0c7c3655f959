import * as assert from "assert";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { roleTrustRequiresMfa } from "../policies/roleTrustRequiresMfa";
import { strictConfig, UnknownPolicyOptionError, unknownOptions } from "../policies/strictConfig";
import { stackViolationsOf, violationsOf } from "./support/run";

const USER = { type: "aws:iam/user:User", name: "alice", props: { name: "alice" } };

/** A resource policy with one option and one or two validators that report what they were given. */
function resourcePolicy(validators: 1 | 2): ResourceValidationPolicy {
  const validate = (tag: string) => (args: { name: string }, report: (m: string) => void) => report(`${tag} saw ${args.name}`);
  return {
    name: "test-resource",
    description: "A policy for the test.",
    enforcementLevel: "advisory",
    configSchema: { properties: { limit: { type: "integer", default: 1 } } },
    validateResource: validators === 1 ? validate("only") : [validate("first"), validate("second")],
  };
}

const stackPolicy: StackValidationPolicy = {
  name: "test-stack",
  description: "A stack policy for the test.",
  enforcementLevel: "advisory",
  validateStack: (args, report) => report(`saw ${args.resources.length} resources`),
};

describe("strictConfig: policies refuse options they do not know", function () {
  describe("unknownOptions", function () {
    it("known options and no options are fine", function () {
      assert.strictEqual(unknownOptions(roleTrustRequiresMfa, {}), undefined);
      assert.strictEqual(unknownOptions(roleTrustRequiresMfa, { allowedPrincipals: [], exemptRoles: [] }), undefined);
    });

    it("a missing config object is no options", function () {
      assert.strictEqual(unknownOptions(roleTrustRequiresMfa, undefined as unknown as Record<string, unknown>), undefined);
    });

    it("a misspelt option is named, with the option meant and every known option", function () {
      assert.strictEqual(
        unknownOptions(roleTrustRequiresMfa, { allowedPrincipal: ["x"] }),
        'iam-role-trust-requires-mfa: unknown option "allowedPrincipal" in the policy pack config; did you mean allowedPrincipals? Known options: allowedPrincipals, exemptRoles',
      );
    });

    it("several unknown options are all named, each with the option meant", function () {
      assert.strictEqual(
        unknownOptions(roleTrustRequiresMfa, { exemptRole: [], allowedPrincipal: [], allowedPrincipals: [] }),
        'iam-role-trust-requires-mfa: unknown options "exemptRole", "allowedPrincipal" in the policy pack config; did you mean exemptRoles, allowedPrincipals? Known options: allowedPrincipals, exemptRoles',
      );
    });

    // Bug: without a suggestion the sentence ran into "Known options" ("...config Known options: ...").
    it("an option like no known one gets no suggestion", function () {
      assert.strictEqual(
        unknownOptions(roleTrustRequiresMfa, { colour: "blue" }),
        'iam-role-trust-requires-mfa: unknown option "colour" in the policy pack config. Known options: allowedPrincipals, exemptRoles',
      );
    });

    it("a policy without options says so", function () {
      assert.strictEqual(unknownOptions(stackPolicy, { limit: 2 }), 'test-stack: unknown option "limit" in the policy pack config. Known options: (none besides enforcementLevel)');
    });
  });

  describe("the wrapped policies", function () {
    it("a resource policy with a known option runs as before", async function () {
      assert.deepStrictEqual(await violationsOf(strictConfig(resourcePolicy(1)) as ResourceValidationPolicy, USER, { limit: 3 }), ["only saw alice"]);
    });

    it("a resource policy with an unknown option throws the one-line error before it runs", async function () {
      await assert.rejects(violationsOf(strictConfig(resourcePolicy(1)) as ResourceValidationPolicy, USER, { limt: 3 }), (e: Error) => e instanceof UnknownPolicyOptionError && e.message === 'test-resource: unknown option "limt" in the policy pack config; did you mean limit? Known options: limit');
    });

    it("every validator of a resource policy is wrapped and still runs", async function () {
      const wrapped = strictConfig(resourcePolicy(2)) as ResourceValidationPolicy;
      assert.deepStrictEqual(await violationsOf(wrapped, USER), ["first saw alice", "second saw alice"]);
      await assert.rejects(violationsOf(wrapped, USER, { limt: 3 }), UnknownPolicyOptionError);
    });

    it("a resource policy without validators is returned as it is", function () {
      const bare: ResourceValidationPolicy = { name: "bare", description: "Nothing to run.", enforcementLevel: "advisory", validateResource: undefined as unknown as ResourceValidationPolicy["validateResource"] };
      assert.strictEqual(strictConfig(bare), bare);
    });

    it("a stack policy with no options runs as before", async function () {
      assert.deepStrictEqual(await stackViolationsOf(strictConfig(stackPolicy) as StackValidationPolicy, [USER]), [{ message: "saw 1 resources", urn: undefined }]);
    });

    it("a stack policy with an unknown option throws the one-line error", async function () {
      await assert.rejects(stackViolationsOf(strictConfig(stackPolicy) as StackValidationPolicy, [USER], { limit: 2 }), (e: Error) => e instanceof UnknownPolicyOptionError && /^test-stack: unknown option "limit"/.test(e.message));
    });

    it("the wrapped policy keeps its name, level and schema", function () {
      const p = resourcePolicy(1);
      const wrapped = strictConfig(p);
      assert.deepStrictEqual([wrapped.name, wrapped.enforcementLevel, wrapped.configSchema], [p.name, p.enforcementLevel, p.configSchema]);
    });
  });
});
