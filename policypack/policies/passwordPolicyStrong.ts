/** The account password policy is strong (advisory). */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { coded } from "../lib/format";

export interface PasswordPolicyConfig {
  minimumLength?: number;
  maxAgeDays?: number;
  reusePrevention?: number;
}

export const passwordPolicyStrong: ResourceValidationPolicy = {
  name: "iam-password-policy-strong",
  description: "The account password policy is strong: length, every character class, reuse prevention, maximum age.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "Set minimumPasswordLength >= 14, require all character classes, passwordReusePrevention >= 24 and maxPasswordAge <= 90.",
  configSchema: {
    properties: {
      minimumLength: { type: "integer", default: 14, minimum: 8 },
      maxAgeDays: { type: "integer", default: 90, minimum: 1 },
      reusePrevention: { type: "integer", default: 24, minimum: 1, maximum: 24 },
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== "aws:iam/accountPasswordPolicy:AccountPasswordPolicy") return;
    const c = { minimumLength: 14, maxAgeDays: 90, reusePrevention: 24, ...args.getConfig<PasswordPolicyConfig>() };
    const p = args.props;
    const problems: string[] = [];
    if (!(Number(p.minimumPasswordLength ?? 6) >= c.minimumLength)) problems.push(`minimumPasswordLength is ${p.minimumPasswordLength ?? 6}, expected >= ${c.minimumLength}`);
    for (const k of ["requireLowercaseCharacters", "requireUppercaseCharacters", "requireNumbers", "requireSymbols"]) if (p[k] !== true) problems.push(`${k} is not true`);
    if (!(Number(p.passwordReusePrevention ?? 0) >= c.reusePrevention)) problems.push(`passwordReusePrevention is ${p.passwordReusePrevention ?? "unset"}, expected >= ${c.reusePrevention}`);
    const age = Number(p.maxPasswordAge ?? 0);
    if (!(age >= 1 && age <= c.maxAgeDays)) problems.push(`maxPasswordAge is ${p.maxPasswordAge ?? "unset"}, expected 1..${c.maxAgeDays}`);
    if (problems.length > 0) reportViolation(coded(`${args.name}: ${problems.join("; ")}.`, "PASSWORD001", problems[0].split(" ")[0]));
  },
};
