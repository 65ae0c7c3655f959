/** A role session never outlives the MFA age its trust accepts (advisory). */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { mfaMaxAgeOf } from "../../lib/iam/mfa";
import { readable } from "../lib/analysis";
import { documentsOf } from "../lib/documents";
import { coded } from "../lib/format";

export const roleSessionWithinMfaAge: ResourceValidationPolicy = {
  name: "iam-role-session-within-mfa-age",
  description: "A role's maximum session is no longer than the MFA age its trust accepts, so a session never outlives its MFA bound.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: "Lower maxSessionDuration to the aws:MultiFactorAuthAge bound, or raise the bound.",
  validateResource: (args, reportViolation) => {
    // Only roles have a trust; a trust without an age bound bounds nothing.
    const trust = documentsOf(args.type, args.props).find((d) => d.kind === "trust");
    const doc = trust && readable(trust);
    const age = (doc && mfaMaxAgeOf(doc)) ?? Infinity;
    const session = Number(args.props.maxSessionDuration ?? 3600);
    if (session > age) {
      reportViolation(coded(`${args.name} maxSessionDuration ${session}s is longer than the MFA age bound ${age}s of its trust. Lower it to ${age}s or less.`, "SESSION001", "maxSessionDuration"));
    }
  },
};
