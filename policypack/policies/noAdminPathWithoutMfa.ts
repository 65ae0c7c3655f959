import { StackValidationPolicy } from "@pulumi/policy";
import { adminPathsWithoutMfa } from "../lib/accessGraph";

export const noAdminPathWithoutMfa: StackValidationPolicy = {
  name: "iam-no-admin-path-without-mfa",
  description: "Over the whole stack: no user can reach admin-equivalent permissions (directly, or through a group and a role) without MFA at some hop.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: "Give users no admin of their own; let groups assume admin roles whose trust requires MFA (Bool aws:MultiFactorAuthPresent true).",
  validateStack: async (args, reportViolation) => {
    const resources = args.resources.map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: r.props,
      provider: r.provider ? { urn: r.provider.urn, props: r.provider.props } : undefined,
    }));
    for (const f of await adminPathsWithoutMfa(resources)) reportViolation(f.message, f.userUrn);
  },
};
