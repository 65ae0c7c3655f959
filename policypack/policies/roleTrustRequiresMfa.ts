import { ResourceValidationPolicy } from "@pulumi/policy";
import { mfaFindings } from "../../lib/iam/mfa";
import { documentsOf } from "../lib/documents";
import { readable } from "../lib/analysis";
import { at, matchesAny } from "../lib/format";

export interface RoleTrustRequiresMfaConfig {
  /** ARN patterns of principals allowed to assume without MFA (CI and automation roles). */
  allowedPrincipals?: string[];
  /** Role name patterns this policy does not check (e.g. a break-glass role). */
  exemptRoles?: string[];
}

const CONTEXT_TEXT = {
  accessKeys: "with long-term access keys (no MFA key in the request)",
  temporaryNoMfa: "with temporary credentials obtained without MFA",
  "role-chaining": "through role chaining, which never carries MFA",
} as const;

export const roleTrustRequiresMfa: ResourceValidationPolicy = {
  name: "iam-role-trust-requires-mfa",
  description: "A role's trust must not let a person (an account, user or *) assume it without MFA.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    'Add to every Allow statement of the trust: "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}, "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}. Never use BoolIfExists: long-term access keys carry no MFA key and pass it. For automation roles, list the principal in allowedPrincipals.',
  configSchema: {
    properties: {
      allowedPrincipals: { type: "array", items: { type: "string" }, default: [], description: "ARN patterns of principals allowed without MFA" },
      exemptRoles: { type: "array", items: { type: "string" }, default: [], description: "Role name patterns not checked" },
    },
  },
  validateResource: (args, reportViolation) => {
    const config = args.getConfig<RoleTrustRequiresMfaConfig>();
    for (const doc of documentsOf(args.type, args.props)) {
      if (doc.kind !== "trust") continue;
      if (matchesAny(config.exemptRoles, args.props.name, args.props.roleName, args.name)) return;
      const parsed = readable(doc);
      if (!parsed) continue;
      for (const f of mfaFindings(parsed, { allowedPrincipals: config.allowedPrincipals })) {
        reportViolation(
          `${at(args.name, doc.field, f.statement)} lets ${f.principal} assume the role ${CONTEXT_TEXT[f.context]}. ` +
            (f.context === "role-chaining"
              ? `If this is an automation role, add it to allowedPrincipals; otherwise trust people of the identity account with MFA.`
              : `Require "Bool": {"aws:MultiFactorAuthPresent": "true"} and a "NumericLessThan" bound on aws:MultiFactorAuthAge in this statement.`),
        );
      }
    }
  },
};
