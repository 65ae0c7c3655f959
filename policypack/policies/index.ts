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
import { strictConfig } from "./strictConfig";
import { userNoInlineAdmin } from "./userNoInlineAdmin";

/** Every policy of the pack, each refusing options it does not know; names are a contract with users' config files. */
export const policies: Policies = ([
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
] satisfies Policies).map(strictConfig);
