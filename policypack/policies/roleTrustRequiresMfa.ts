import { ResourceValidationPolicy } from "@pulumi/policy";
import { arnAccountId } from "../../lib/iam/arn";
import { mfaFindings } from "../../lib/iam/mfa";
import { documentsOf } from "../lib/documents";
import { readable } from "../lib/analysis";
import { elementPath } from "../../lib/iam/parse";
import { findingMessage, matchesAny } from "../lib/format";

export interface RoleTrustRequiresMfaConfig {
  /** ARN patterns of principals allowed to assume without MFA (e.g. an automation account). */
  allowedPrincipals?: string[];
  /** Role name patterns this policy does not check (e.g. a break-glass role). */
  exemptRoles?: string[];
}

const CONTEXT_TEXT = {
  accessKeys: "with long-term access keys (no MFA key in the request)",
  temporaryNoMfa: "with temporary credentials obtained without MFA",
} as const;

/** Stable codes of this policy's findings. */
export const MFA_CODES = { accessKeys: "MFA001", temporaryNoMfa: "MFA002" } as const;

/** The role's own account, from its ARN when the provider has computed it. */
export function ownAccountOf(props: Record<string, unknown>): string | undefined {
  const arn = props.arn;
  return typeof arn === "string" ? arnAccountId(arn) : undefined;
}

export const roleTrustRequiresMfa: ResourceValidationPolicy = {
  name: "iam-role-trust-requires-mfa",
  description:
    "A role's trust must not let a person (an IAM user: named, through an account principal, or through *) assume it without MFA. Roles, Identity Center roles, services, web identities and a vendor account with an external id are not people.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    'Add to every Allow statement of the trust: "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}, "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}. Never use BoolIfExists: long-term access keys carry no MFA key and pass it. For automation, trust the automation\'s role ARN (not the account), or narrow the account with "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::<account>:role/<ci-role>"}; or list the principal in allowedPrincipals.',
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
      for (const f of mfaFindings(parsed, { allowedPrincipals: config.allowedPrincipals, ownAccount: ownAccountOf(args.props) })) {
        const s = f.statement;
        reportViolation(
          findingMessage({
            code: MFA_CODES[f.context],
            resource: args.name,
            field: doc.field,
            statement: s,
            location: s.notPrincipal ? elementPath(s, "NotPrincipal") : elementPath(s, "Principal", "AWS", f.principal),
            problem: `lets ${f.principal} assume the role ${CONTEXT_TEXT[f.context]}`,
            fix:
              f.kind === "account" || f.kind === "everyone"
                ? `Require "Bool": {"aws:MultiFactorAuthPresent": "true"} and a "NumericLessThan" bound on aws:MultiFactorAuthAge in this statement; if only automation should assume it, trust the automation's role ARN or narrow with "ArnLike": {"aws:PrincipalArn": "<role ARN>"}`
                : `Require "Bool": {"aws:MultiFactorAuthPresent": "true"} and a "NumericLessThan" bound on aws:MultiFactorAuthAge in this statement`,
          }),
        );
      }
    }
  },
};
