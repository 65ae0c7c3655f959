/**
 * Proves the IAM oracle (test/support/oracle.ts) agrees with documented AWS
 * behaviour before the rest of the suite trusts it. Every expectation below is
 * AWS's documented behaviour, not merely what the engine happens to say:
 *  - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 *    (aws:MultiFactorAuthPresent absent for long-term keys, "false" for
 *    temporary credentials without MFA; aws:MultiFactorAuthAge only with MFA)
 *  - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 *    (Bool/Numeric/Date operators, ...IfExists matches when the key is absent)
 *  - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 *    (a trust naming the account root delegates to the caller's identity policies)
 */
import { strict as assert } from "node:assert";
import {
  CREDENTIAL_CONTEXTS,
  canAssume,
  contextVariables,
  isAllowed,
  isExplicitlyDenied,
  type CredentialContext,
} from "./oracle";

const ACCOUNT = "111111111111";
const OTHER_ACCOUNT = "222222222222";
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/admin`;
const CROSS_ROLE = `arn:aws:iam::${OTHER_ACCOUNT}:role/admin`;
const NOW = "2030-01-01T12:00:00.000Z";

type Verdicts = Record<CredentialContext, boolean>;
const ONLY_MFA: Verdicts = { accessKeys: false, temporaryNoMfa: false, mfa: true };
const EVERYONE: Verdicts = { accessKeys: true, temporaryNoMfa: true, mfa: true };
const NOBODY: Verdicts = { accessKeys: false, temporaryNoMfa: false, mfa: false };

function trustFor(principal: string, condition?: Record<string, Record<string, unknown>>): unknown {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: principal },
        Action: "sts:AssumeRole",
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  };
}

function allowAssume(roleArn: string): unknown {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: roleArn }],
  };
}

const NOTHING_ALLOWED: unknown = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }],
};

function label(context: CredentialContext): string {
  return {
    accessKeys: "long-term access keys",
    temporaryNoMfa: "temporary credentials without MFA",
    mfa: "MFA-authenticated temporary credentials",
  }[context];
}

function verb(allowed: boolean): string {
  return allowed ? "allows" : "denies";
}

describe("IAM oracle (iam-simulate wrapper)", () => {
  describe("contextVariables models the three credential contexts", () => {
    it("puts no MFA keys at all on a request signed with long-term access keys", () => {
      const vars = contextVariables("accessKeys", { now: NOW, principalArn: ALICE });
      assert.equal("aws:MultiFactorAuthPresent" in vars, false);
      assert.equal("aws:MultiFactorAuthAge" in vars, false);
      assert.equal(vars["aws:PrincipalArn"], ALICE);
      assert.equal(vars["aws:PrincipalAccount"], ACCOUNT);
      assert.equal(vars["aws:SecureTransport"], "true");
      assert.equal(vars["aws:CurrentTime"], NOW);
    });

    it("sets aws:MultiFactorAuthPresent to false and omits the MFA age for temporary credentials without MFA", () => {
      const vars = contextVariables("temporaryNoMfa", { now: NOW });
      assert.equal(vars["aws:MultiFactorAuthPresent"], "false");
      assert.equal("aws:MultiFactorAuthAge" in vars, false);
    });

    it("sets aws:MultiFactorAuthPresent to true and the MFA age (default 300 s) for MFA credentials", () => {
      assert.equal(contextVariables("mfa", { now: NOW })["aws:MultiFactorAuthPresent"], "true");
      assert.equal(contextVariables("mfa", { now: NOW })["aws:MultiFactorAuthAge"], "300");
      assert.equal(contextVariables("mfa", { now: NOW, mfaAgeSeconds: 7200 })["aws:MultiFactorAuthAge"], "7200");
    });
  });

  describe("role trust policies evaluated with canAssume", () => {
    const cases: { name: string; condition?: Record<string, Record<string, unknown>>; expected: Verdicts }[] = [
      { name: "a trust with no condition", expected: EVERYONE },
      { name: 'a trust requiring Bool aws:MultiFactorAuthPresent "true"', condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } }, expected: ONLY_MFA },
      { name: "a trust requiring Bool aws:MultiFactorAuthPresent true (JSON boolean)", condition: { Bool: { "aws:MultiFactorAuthPresent": true } }, expected: ONLY_MFA },
      {
        // The classic pitfall: the key is absent for long-term keys, so BoolIfExists matches.
        name: 'a trust requiring BoolIfExists aws:MultiFactorAuthPresent "true"',
        condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } },
        expected: { accessKeys: true, temporaryNoMfa: false, mfa: true },
      },
      { name: 'a trust requiring NumericLessThan aws:MultiFactorAuthAge "3600"', condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } }, expected: ONLY_MFA },
      { name: "a trust whose DateLessThan aws:CurrentTime lies in the past", condition: { DateLessThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } }, expected: NOBODY },
      { name: "a trust whose DateLessThan aws:CurrentTime lies in the future", condition: { DateLessThan: { "aws:CurrentTime": "2040-01-01T00:00:00Z" } }, expected: EVERYONE },
    ];

    for (const c of cases) {
      for (const context of CREDENTIAL_CONTEXTS) {
        it(`${c.name} ${verb(c.expected[context])} alice with ${label(context)}`, async () => {
          const allowed = await canAssume({ trust: trustFor(ALICE, c.condition), roleArn: ROLE, principalArn: ALICE, context, now: NOW });
          assert.equal(allowed, c.expected[context]);
        });
      }
    }

    it("a NumericLessThan aws:MultiFactorAuthAge 3600 trust denies alice whose MFA is 7200 seconds old", async () => {
      const trust = trustFor(ALICE, { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } });
      assert.equal(await canAssume({ trust, roleArn: ROLE, principalArn: ALICE, context: "mfa", mfaAgeSeconds: 7200, now: NOW }), false);
    });

    it("a trust naming alice's ARN allows her in the same account even when she has no identity policy at all", async () => {
      // Same-account resource policy naming the user ARN grants on its own.
      assert.equal(await canAssume({ trust: trustFor(ALICE), roleArn: ROLE, principalArn: ALICE, context: "mfa", now: NOW, identityPolicies: [] }), true);
    });

    it("a trust naming only alice denies bob even with MFA", async () => {
      assert.equal(await canAssume({ trust: trustFor(ALICE), roleArn: ROLE, principalArn: BOB, context: "mfa", now: NOW }), false);
    });

    describe("a trust naming the account root, narrowed by ArnEquals aws:PrincipalArn and Bool MFA", () => {
      const trust = trustFor(`arn:aws:iam::${ACCOUNT}:root`, {
        ArnEquals: { "aws:PrincipalArn": [ALICE] },
        Bool: { "aws:MultiFactorAuthPresent": "true" },
      });
      const cases: { who: string; principalArn: string; context: CredentialContext; expected: boolean }[] = [
        { who: "alice", principalArn: ALICE, context: "mfa", expected: true },
        { who: "bob", principalArn: BOB, context: "mfa", expected: false },
        { who: "alice", principalArn: ALICE, context: "temporaryNoMfa", expected: false },
        { who: "alice", principalArn: ALICE, context: "accessKeys", expected: false },
      ];
      for (const c of cases) {
        it(`${verb(c.expected)} ${c.who} with ${label(c.context)}`, async () => {
          assert.equal(await canAssume({ trust, roleArn: ROLE, principalArn: c.principalArn, context: c.context, now: NOW }), c.expected);
        });
      }

      it("denies alice with MFA when her identity policies do not allow sts:AssumeRole on the role", async () => {
        // A root-principal trust delegates to the caller's identity policies (same account too).
        assert.equal(await canAssume({ trust, roleArn: ROLE, principalArn: ALICE, context: "mfa", now: NOW, identityPolicies: [NOTHING_ALLOWED] }), false);
      });
    });

    describe("cross-account: role in 222222222222 trusting alice in 111111111111 with Bool MFA", () => {
      const trust = trustFor(ALICE, { Bool: { "aws:MultiFactorAuthPresent": "true" } });
      for (const context of CREDENTIAL_CONTEXTS) {
        it(`${verb(ONLY_MFA[context])} alice with ${label(context)} when her identity policy allows the call`, async () => {
          const allowed = await canAssume({ trust, roleArn: CROSS_ROLE, principalArn: ALICE, context, now: NOW, identityPolicies: [allowAssume(CROSS_ROLE)] });
          assert.equal(allowed, ONLY_MFA[context]);
        });
      }

      it("denies alice with MFA when her identity policy does not allow sts:AssumeRole on the role", async () => {
        assert.equal(await canAssume({ trust, roleArn: CROSS_ROLE, principalArn: ALICE, context: "mfa", now: NOW, identityPolicies: [NOTHING_ALLOWED] }), false);
      });

      it("denies alice with MFA when her identity policy allows only a different role", async () => {
        const identityPolicies = [allowAssume(`arn:aws:iam::${OTHER_ACCOUNT}:role/other`)];
        assert.equal(await canAssume({ trust, roleArn: CROSS_ROLE, principalArn: ALICE, context: "mfa", now: NOW, identityPolicies }), false);
      });
    });
  });

  describe("identity policies evaluated with isAllowed", () => {
    const groupPolicy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: ROLE, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }],
    };
    for (const context of CREDENTIAL_CONTEXTS) {
      it(`a group policy allowing sts:AssumeRole on the role only with MFA ${verb(ONLY_MFA[context])} it with ${label(context)}`, async () => {
        assert.equal(await isAllowed({ policies: [groupPolicy], principalArn: ALICE, action: "sts:AssumeRole", resource: ROLE, context, now: NOW }), ONLY_MFA[context]);
      });
    }

    it("the same group policy does not allow sts:AssumeRole on a different role", async () => {
      const other = `arn:aws:iam::${ACCOUNT}:role/other`;
      assert.equal(await isAllowed({ policies: [groupPolicy], principalArn: ALICE, action: "sts:AssumeRole", resource: other, context: "mfa", now: NOW }), false);
    });

    it("no policies at all allow nothing", async () => {
      assert.equal(await isAllowed({ policies: [], principalArn: ALICE, action: "s3:GetObject", resource: "arn:aws:s3:::state/key", context: "mfa", now: NOW }), false);
    });
  });

  describe("Deny statements evaluated with isExplicitlyDenied", () => {
    const denyWithoutMfa = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyAllExceptChangePasswordWithoutMfa",
          Effect: "Deny",
          NotAction: ["iam:ChangePassword"],
          Resource: "*",
          Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
        },
      ],
    };
    const denyEverything = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }],
    };

    const S3_OBJECT = "arn:aws:s3:::state/key";
    const S3_PATTERN = "arn:aws:s3:::state/*";
    const cases: { name: string; policy: unknown; action: string; resource: string; expected: Verdicts }[] = [
      {
        name: "a NotAction iam:ChangePassword Deny with BoolIfExists aws:MultiFactorAuthPresent false",
        policy: denyWithoutMfa,
        action: "s3:GetObject",
        resource: S3_OBJECT,
        expected: { accessKeys: true, temporaryNoMfa: true, mfa: false },
      },
      {
        name: "a NotAction iam:ChangePassword Deny with BoolIfExists aws:MultiFactorAuthPresent false",
        policy: denyWithoutMfa,
        action: "s3:GetObject",
        resource: S3_PATTERN,
        expected: { accessKeys: true, temporaryNoMfa: true, mfa: false },
      },
      {
        name: "a NotAction iam:ChangePassword Deny with BoolIfExists aws:MultiFactorAuthPresent false",
        policy: denyWithoutMfa,
        action: "iam:ChangePassword",
        resource: ALICE,
        expected: NOBODY,
      },
      { name: "an unconditioned Deny * on *", policy: denyEverything, action: "s3:GetObject", resource: S3_PATTERN, expected: EVERYONE },
      { name: "an unconditioned Deny * on *", policy: denyEverything, action: "s3:GetObject", resource: S3_OBJECT, expected: EVERYONE },
    ];

    for (const c of cases) {
      for (const context of CREDENTIAL_CONTEXTS) {
        const what = c.expected[context] ? "explicitly denies" : "does not deny";
        it(`${c.name} ${what} ${c.action} on ${c.resource} with ${label(context)}`, async () => {
          const denied = await isExplicitlyDenied({ policies: [c.policy], principalArn: ALICE, action: c.action, resource: c.resource, context, now: NOW });
          assert.equal(denied, c.expected[context]);
        });
      }
    }

    it("an Allow-only policy set is never reported as explicitly denied", async () => {
      assert.equal(await isExplicitlyDenied({ policies: [NOTHING_ALLOWED], principalArn: ALICE, action: "s3:GetObject", resource: S3_OBJECT, context: "accessKeys", now: NOW }), false);
    });
  });

  describe("engine errors are surfaced, never read as a denial", () => {
    it("throws with the engine's errors for a malformed policy", async () => {
      const broken = { Version: "2012-10-17", Statement: [{ Effect: "Maybe", Action: "s3:GetObject", Resource: "*" }] };
      await assert.rejects(
        isAllowed({ policies: [broken], principalArn: ALICE, action: "s3:GetObject", resource: "arn:aws:s3:::state/key", context: "mfa", now: NOW }),
        /iam-simulate rejected.*identityPolicyErrors/s,
      );
    });

    it("throws for an action the engine does not know", async () => {
      await assert.rejects(
        isAllowed({ policies: [], principalArn: ALICE, action: "s3:NoSuchAction", resource: "arn:aws:s3:::state/key", context: "mfa", now: NOW }),
        /iam-simulate rejected.*invalid\.action/s,
      );
    });

    it("throws for a trust that is not a policy document", async () => {
      await assert.rejects(canAssume({ trust: "not a policy", roleArn: ROLE, principalArn: ALICE, context: "mfa" }), /not a policy document/);
    });
  });
});
