import { Policies } from "@pulumi/policy";
import { assumeRoleExplicitResources } from "./assumeRoleExplicitResources";
import { denyNotOverlyBroad } from "./denyNotOverlyBroad";
import { noAdminPathWithoutMfa } from "./noAdminPathWithoutMfa";
import { noAllowNotAction } from "./noAllowNotAction";
import { noPassRoleStar } from "./noPassRoleStar";
import { noPrivilegeEscalation } from "./noPrivilegeEscalation";
import { passwordPolicyStrong } from "./passwordPolicyStrong";
import { policyDocumentValid } from "./policyDocumentValid";
import { resourcePolicyNoPublicRead } from "./resourcePolicyNoPublicRead";
import { resourcePolicyNoPublicWrite } from "./resourcePolicyNoPublicWrite";
import { roleSessionWithinMfaAge } from "./roleSessionWithinMfaAge";
import { roleTrustExternalId } from "./roleTrustExternalId";
import { roleTrustRequiresMfa } from "./roleTrustRequiresMfa";
import { trustNoPublicPrincipal } from "./trustNoPublicPrincipal";
import { strictConfig } from "./strictConfig";
import { userNoInlineAdmin } from "./userNoInlineAdmin";
import { webIdentityTrustPinsSubject } from "./webIdentityTrustPinsSubject";
import { userNoDirectPolicies } from "./userNoDirectPolicies";

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
  webIdentityTrustPinsSubject,
  noPrivilegeEscalation,
  resourcePolicyNoPublicWrite,
  resourcePolicyNoPublicRead,
  roleTrustExternalId,
] satisfies Policies).map(strictConfig);
