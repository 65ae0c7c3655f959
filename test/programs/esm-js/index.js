import * as aws from "@pulumi/aws";

const org = await aws.organizations.getOrganization();

const readerTrust = (extra) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", ...extra }],
  });

// Every account of the organisation may read artifacts.
export const orgReader = new aws.iam.Role("org-reader", {
  assumeRolePolicy: readerTrust({ Condition: { StringEquals: { "aws:PrincipalOrgID": org.id } } }),
  managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
}).arn;

// A partner was meant to get the same, but the condition was forgotten.
export const partnerReader = new aws.iam.Role("partner-reader", {
  assumeRolePolicy: readerTrust({}),
  managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
}).arn;

export const organizationId = org.id;
