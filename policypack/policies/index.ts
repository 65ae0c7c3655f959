import { Policies } from "@pulumi/policy";
import { assumeRoleExplicitResources } from "./assumeRoleExplicitResources";
import { denyNotOverlyBroad } from "./denyNotOverlyBroad";
import { noAdminPathWithoutMfa } from "./noAdminPathWithoutMfa";
import { noAllowNotAction } from "./noAllowNotAction";
import { noPassRoleStar } from "./noPassRoleStar";
import { passwordPolicyStrong } from "./passwordPolicyStrong";
import { policyDocumentValid } from "./policyDocumentValid";
import { roleSessionWithinMfaAge } from "./roleSessionWithinMfaAge";
import { roleTrustRequiresMfa } from "./roleTrustRequiresMfa";
import { trustNoPublicPrincipal } from "./trustNoPublicPrincipal";
import { userNoDirectPolicies } from "./userNoDirectPolicies";
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
