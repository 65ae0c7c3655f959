import * as assert from "assert";
import { passwordPolicyStrong } from "../policies/passwordPolicyStrong";
import { PolicyCase, TestResource, expectCase, findingBody } from "./support/run";

const TYPE = "aws:iam/accountPasswordPolicy:AccountPasswordPolicy";
const STRONG = {
  minimumPasswordLength: 14,
  requireLowercaseCharacters: true,
  requireUppercaseCharacters: true,
  requireNumbers: true,
  requireSymbols: true,
  allowUsersToChangePassword: true,
  passwordReusePrevention: 24,
  maxPasswordAge: 90,
};
const pwd = (props: Record<string, unknown> = {}, name = "passwords"): TestResource => ({ type: TYPE, name, props: { ...STRONG, ...props } });

type Case = PolicyCase;

const CASES: Case[] = [
  { name: "the strong policy passes", resource: pwd(), expect: [] },
  { name: "a stronger policy passes", resource: pwd({ minimumPasswordLength: 32, maxPasswordAge: 30 }), expect: [] },
  { name: "a short minimum length fails", resource: pwd({ minimumPasswordLength: 8 }), expect: ["passwords: minimumPasswordLength is 8, expected >= 14."] },
  { name: "a missing character class fails", resource: pwd({ requireSymbols: false }), expect: ["passwords: requireSymbols is not true."] },
  { name: "every missing character class is listed", resource: pwd({ requireLowercaseCharacters: undefined, requireUppercaseCharacters: false, requireNumbers: false, requireSymbols: undefined }), expect: ["requireLowercaseCharacters is not true; requireUppercaseCharacters is not true; requireNumbers is not true; requireSymbols is not true."] },
  { name: "a low reuse prevention fails", resource: pwd({ passwordReusePrevention: 5 }), expect: ["passwords: passwordReusePrevention is 5, expected >= 24."] },
  { name: "an unset reuse prevention fails", resource: pwd({ passwordReusePrevention: undefined }), expect: ["passwordReusePrevention is unset, expected >= 24."] },
  { name: "a long maximum age fails", resource: pwd({ maxPasswordAge: 365 }), expect: ["passwords: maxPasswordAge is 365, expected 1..90."] },
  { name: "a maximum age of 1 day passes (the bounds are inclusive)", resource: pwd({ maxPasswordAge: 1 }), expect: [] },
  { name: "the finding is located at the first setting at fault", resource: pwd({ requireNumbers: false, maxPasswordAge: 0 }), expect: ["passwords: requireNumbers is not true; maxPasswordAge is 0, expected 1..90. [PASSWORD001 at requireNumbers:$]"] },
  { name: "a maximum age of 0 (never expires) fails", resource: pwd({ maxPasswordAge: 0 }), expect: ["maxPasswordAge is 0, expected 1..90."] },
  { name: "an unset maximum age fails", resource: pwd({ maxPasswordAge: undefined }), expect: ["maxPasswordAge is unset, expected 1..90."] },
  {
    name: "AWS's defaults (nothing set) fail with every problem in one message",
    resource: { type: TYPE, name: "defaults", props: {} },
    expect: [
      "defaults: minimumPasswordLength is 6, expected >= 14; requireLowercaseCharacters is not true; requireUppercaseCharacters is not true; requireNumbers is not true; requireSymbols is not true; passwordReusePrevention is unset, expected >= 24; maxPasswordAge is unset, expected 1..90.",
    ],
  },

  // Config overrides.
  { name: "minimumLength lowered in config accepts a 10-character minimum", resource: pwd({ minimumPasswordLength: 10 }), config: { minimumLength: 10 }, expect: [] },
  { name: "minimumLength raised in config rejects 14", resource: pwd(), config: { minimumLength: 20 }, expect: ["minimumPasswordLength is 14, expected >= 20."] },
  { name: "maxAgeDays raised in config accepts 180 days", resource: pwd({ maxPasswordAge: 180 }), config: { maxAgeDays: 180 }, expect: [] },
  { name: "maxAgeDays lowered in config rejects 90 days", resource: pwd(), config: { maxAgeDays: 60 }, expect: ["maxPasswordAge is 90, expected 1..60."] },
  { name: "reusePrevention lowered in config accepts 12", resource: pwd({ passwordReusePrevention: 12 }), config: { reusePrevention: 12 }, expect: [] },
  { name: "reusePrevention lowered in config still rejects less", resource: pwd({ passwordReusePrevention: 5 }), config: { reusePrevention: 12 }, expect: ["passwordReusePrevention is 5, expected >= 12."] },
  { name: "overrides combine; unset keys keep their defaults", resource: pwd({ minimumPasswordLength: 12, maxPasswordAge: 120, passwordReusePrevention: 10 }), config: { minimumLength: 12, maxAgeDays: 180 }, expect: ["passwords: passwordReusePrevention is 10, expected >= 24."] },

  // Ignored.
  { name: "a user login profile is ignored", resource: { type: "aws:iam/userLoginProfile:UserLoginProfile", name: "alice-login", props: { user: "alice", passwordLength: 8 } }, expect: [] },
  { name: "a user is ignored", resource: { type: "aws:iam/user:User", name: "alice", props: { name: "alice" } }, expect: [] },
];


describe("iam-password-policy-strong", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(passwordPolicyStrong, c);
      const name = c.resource.name ?? "res";
      for (const m of messages) {
        assert.ok(m.startsWith(`${name}: `), `"${m}" names the resource ${name}`);
        // Each problem names the setting and what it must be.
        for (const problem of findingBody(m).slice(name.length + 2, -1).split("; ")) assert.match(problem, /^\w+ is (.+, expected .+|not true)$/, `"${problem}" names the fix`);
      }
    });
  }
});
