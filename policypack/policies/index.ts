import { Policies } from "@pulumi/policy";
import { assumeRoleExplicitResources, noAllowNotAction, noPassRoleStar, passwordPolicyStrong, roleSessionWithinMfaAge, userNoDirectPolicies } from "./advisory";
import { denyNotOverlyBroad } from "./denyNotOverlyBroad";
import { noAdminPathWithoutMfa } from "./noAdminPathWithoutMfa";
import { policyDocumentValid } from "./policyDocumentValid";
import { roleTrustRequiresMfa } from "./roleTrustRequiresMfa";
import { trustNoPublicPrincipal } from "./trustNoPublicPrincipal";
import { userNoInlineAdmin } from "./userNoInlineAdmin";

/** Every policy of the pack; names are a contract with users' config files. */
export const policies: Policies = [
  roleTrustRequiresMfa,
  userNoInlineAdmin,
  denyNotOverlyBroad,
  trustNoPublicPrincipal,
  noAdminPathWithoutMfa,
  userNoDirectPolicies,
  assumeRoleExplicitResources,
  noPassRoleStar,
  noAllowNotAction,
  roleSessionWithinMfaAge,
  passwordPolicyStrong,
  policyDocumentValid,
];
