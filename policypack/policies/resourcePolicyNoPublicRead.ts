/** Resource policies that let everyone read (advisory): public on purpose sometimes (a website), a leak often. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { findingMessage } from "../lib/format";
import { publicGrants } from "../lib/publicGrants";

export const resourcePolicyNoPublicRead: ResourceValidationPolicy = {
  name: "iam-resource-policy-no-public-read",
  description:
    'A resource policy that lets everyone ("Principal": "*") read or list, without an organization, account or VPC endpoint condition, is public: make sure it is meant to be (a website, public artifacts).',
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: 'If it is not meant to be public, name the principals or add "StringEquals": {"aws:PrincipalOrgID": "o-..."}; for a website, serve it through CloudFront with origin access control instead.',
  validateResource: async (args, reportViolation) => {
    for (const g of await publicGrants(args)) {
      if (g.read.length === 0) continue;
      reportViolation(
        findingMessage({
          code: g.publicUrl ? "PUB004" : "PUB003",
          resource: args.name,
          field: g.field,
          statement: g.statement,
          location: g.location,
          problem: g.publicUrl ? "is a function URL anyone in the world can invoke without signing" : `lets anyone in the world ${g.read.join(", ")}`,
          fix: g.publicUrl ? 'If it is not a public endpoint, set functionUrlAuthType "AWS_IAM"' : "If it is not meant to be public, name the principals or add an aws:PrincipalOrgID condition",
        }),
      );
    }
  },
};
