/**
 * Your own program, built from the iam-baseline components: an auditor group whose members
 * may assume an Auditor role (with MFA) in any number of accounts, each reached through its
 * own provider. Run it like any Pulumi program: `pulumi stack init example && pulumi up`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { IdentityGroup, MfaAssumableRole, Person, SelfServiceMfaGroup } from "iam-baseline/components";
import { roleArn, userArn } from "iam-baseline/iam";

const config = new pulumi.Config();
const identityAccountId = config.require("identityAccountId");
const auditAccounts = config.requireObject<{ id: string; deployRoleArn: string }[]>("auditAccounts");
const auditors = ["carol", "dave"];

const roles = auditAccounts.map((account) => {
  const provider = new aws.Provider(`audit-${account.id}`, { region: aws.config.region, allowedAccountIds: [account.id], assumeRoles: [{ roleArn: account.deployRoleArn }] });
  return new MfaAssumableRole(
    `Auditor@${account.id}`,
    {
      roleName: "Auditor",
      accountId: account.id,
      identityAccountId,
      principalArns: auditors.map((u) => userArn(identityAccountId, u)),
      managedPolicyArns: ["arn:aws:iam::aws:policy/SecurityAudit"],
      maxSessionSeconds: 3600,
    },
    { provider },
  );
});

const selfService = new SelfServiceMfaGroup("SelfServiceMfa", { groupName: "SelfServiceMfa" });
const group = new IdentityGroup("Auditors", {
  groupName: "Auditors",
  grants: auditAccounts.map((a) => ({ label: `Auditor@${a.id}`, roleArn: roleArn(a.id, "Auditor"), mfaMaxAgeSeconds: 3600 })),
});
const people = auditors.map((u) => new Person(u, { userName: u, identityAccountId, groups: [selfService.groupName, group.groupName] }));

export const auditorRoleArns = roles.map((r) => r.arn);
export const auditorUserArns = people.map((p) => p.arn);
