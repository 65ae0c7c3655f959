import * as assert from "assert";
import { userNoDirectPolicies } from "../policies/userNoDirectPolicies";
import { PolicyCase, TestResource, doc, expectCase, role } from "./support/run";

const READ = JSON.stringify(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }));
const ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";

type Case = PolicyCase;

const CASES: Case[] = [
  { name: "an inline user policy fails", resource: { type: "aws:iam/userPolicy:UserPolicy", name: "alice-read", props: { user: "alice", policy: READ } }, expect: [/^alice-read gives user alice a policy of its own\. Put it on a group instead\. \[DIRECT001 at user:\$\]$/] },
  { name: "a managed policy attached to a user fails", resource: { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "alice-ro", props: { user: "alice", policyArn: ARN } }, expect: ["alice-ro gives user alice a policy of its own"] },
  {
    name: "a PolicyAttachment with users fails and names them and the policy",
    resource: { type: "aws:iam/policyAttachment:PolicyAttachment", name: "ro-everyone", props: { users: ["alice", "bob"], groups: ["readers"], roles: [], policyArn: ARN } },
    expect: [`ro-everyone attaches ${ARN} to users alice, bob. Attach it to a group instead. [DIRECT002 at users:$]`],
  },
  { name: "a PolicyAttachment to groups and roles only passes", resource: { type: "aws:iam/policyAttachment:PolicyAttachment", name: "ro", props: { users: [], groups: ["readers"], roles: ["ci"], policyArn: ARN } }, expect: [] },
  { name: "a PolicyAttachment without a users list passes", resource: { type: "aws:iam/policyAttachment:PolicyAttachment", name: "ro", props: { groups: ["readers"], policyArn: ARN } }, expect: [] },
  // Bug: aws.iam.UserPolicyAttachmentsExclusive attaches managed policies to a user and was not read.
  { name: "a UserPolicyAttachmentsExclusive fails and names the user", resource: { type: "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive", name: "alice-ex", props: { userName: "alice", policyArns: [ARN] } }, expect: [/^alice-ex gives user alice a policy of its own\. .* \[DIRECT001 at userName:\$\]$/] },
  { name: "an aws-native UserPolicy fails and names the user", resource: { type: "aws-native:iam:UserPolicy", name: "native-inline", props: { userName: "carol", policyName: "x", policyDocument: JSON.parse(READ) } }, expect: [/^native-inline gives user carol a policy of its own\. .* \[DIRECT001 at userName:\$\]$/] },
  { name: "an aws-native user with inline policies fails", resource: { type: "aws-native:iam:User", name: "dave", props: { userName: "dave", policies: [{ policyName: "x", policyDocument: JSON.parse(READ) }] } }, expect: ["dave has policies of its own. Put them on a group instead. [DIRECT003 at policies:$]"] },
  { name: "an aws-native user with managed policy ARNs fails", resource: { type: "aws-native:iam:User", name: "erin", props: { userName: "erin", managedPolicyArns: [ARN] } }, expect: ["erin has policies of its own. Put them on a group instead. [DIRECT003 at managedPolicyArns:$]"] },
  { name: "an aws-native user with groups only passes", resource: { type: "aws-native:iam:User", name: "frank", props: { userName: "frank", groups: ["readers"], policies: [], managedPolicyArns: [] } }, expect: [] },
  // Bug: AWS::IAM::ManagedPolicy attaches itself to the users it lists.
  { name: "an aws-native managed policy attached to users fails", resource: { type: "aws-native:iam:ManagedPolicy", name: "mp", props: { policyDocument: JSON.parse(READ), users: ["alice", "bob"] } }, expect: ["mp attaches itself to users alice, bob. Attach it to a group instead. [DIRECT002 at users:$]"] },
  { name: "an aws-native managed policy attached to groups only passes", resource: { type: "aws-native:iam:ManagedPolicy", name: "mp", props: { policyDocument: JSON.parse(READ), users: [], groups: ["readers"] } }, expect: [] },
  { name: "a user attachment whose user is not known yet says so", resource: { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "ro", props: { policyArn: ARN } }, expect: [/^ro gives user \(not known yet\) a policy of its own\. .* \[DIRECT001 at user:\$\]$/] },
  { name: "an aws-native user without policy fields passes", resource: { type: "aws-native:iam:User", name: "gina", props: { userName: "gina", groups: ["readers"] } }, expect: [] },

  // Ignored: permissions through groups and roles.
  { name: "a user without policies passes", resource: { type: "aws:iam/user:User", name: "alice", props: { name: "alice" } }, expect: [] },
  { name: "a group inline policy passes", resource: { type: "aws:iam/groupPolicy:GroupPolicy", name: "readers-read", props: { group: "readers", policy: READ } }, expect: [] },
  { name: "a group policy attachment passes", resource: { type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", name: "readers-ro", props: { group: "readers", policyArn: ARN } }, expect: [] },
  { name: "a group membership passes", resource: { type: "aws:iam/userGroupMembership:UserGroupMembership", name: "alice-groups", props: { user: "alice", groups: ["readers"] } }, expect: [] },
  { name: "a role with inline and managed policies passes", resource: role(doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }), { managedPolicyArns: [ARN], policies: [{ policyName: "x" }] }), expect: [] },
  { name: "a role policy attachment passes", resource: { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "ci-ro", props: { role: "ci", policyArn: ARN } }, expect: [] },
  { name: "a role passes", resource: role(doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" })), expect: [] },
];


describe("iam-user-no-direct-policies", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(userNoDirectPolicies, c);
      for (const m of messages) {
        assert.ok(m.startsWith(`${c.resource.name} `), `"${m}" names the resource ${c.resource.name}`);
        assert.match(m, /(Put (it|them)|Attach it) on a group instead|to a group instead/, "the message names the fix");
      }
    });
  }
});
