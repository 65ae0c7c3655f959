import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { selfServiceMfaPolicy } from "../../lib/iam/builders";
import { noPrivilegeEscalation } from "../policies/noPrivilegeEscalation";
import { PolicyCase, doc, expectCase, policyResource, violationsOf } from "./support/run";

const fixture = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/escalation", `${file}.json`), "utf8"));
const policy = (file: string) => policyResource(fixture(file));

/** Each create action that runs code as a passed role, with the service it is passed to. */
const PASSROLE_COMPUTE = [
  "ec2:RunInstances", "lambda:CreateFunction", "cloudformation:CreateStack", "glue:CreateDevEndpoint", "glue:CreateJob", "ecs:RunTask", "ecs:RegisterTaskDefinition",
  "datapipeline:CreatePipeline", "sagemaker:CreateNotebookInstance", "sagemaker:CreateTrainingJob", "codebuild:CreateProject", "states:CreateStateMachine", "autoscaling:CreateLaunchConfiguration",
];

const CASES: PolicyCase[] = [
  { name: "iam:PassRole on any role with lambda:CreateFunction fails", resource: policy("passrole-any-with-lambda-create"), expect: [/statement #1 allows lambda:CreateFunction with iam:PassRole on any role \(Sid "PassAnyRole"\).*\[ESC004 at policy:\$\.Statement\[0\]\.Action\[0\]\]$/] },
  { name: "iam:PassRole on role/* with ec2:RunInstances in one statement fails", resource: policy("passrole-role-wildcard-with-ec2-run"), expect: ["allows ec2:RunInstances with iam:PassRole on any role (this statement)"] },
  { name: "iam:PassRole on one named role with lambda:CreateFunction passes", resource: policy("passrole-named-role-with-lambda-create"), expect: [] },
  { name: "iam:PassRole on any role but only to ECS tasks, with lambda:CreateFunction, passes", resource: policy("passrole-any-to-ecs-with-lambda-create"), expect: [] },
  ...PASSROLE_COMPUTE.map((action) => ({ name: `iam:PassRole on * with ${action} fails`, resource: policyResource(doc({ Effect: "Allow", Action: ["iam:PassRole", action], Resource: "*" })), expect: [`allows ${action} with iam:PassRole`] })),
  { name: "iam:PassRole on every role with lambda:CreateFunction only on roles passes: it creates no function", resource: policyResource(doc({ Effect: "Allow", Action: ["iam:PassRole", "lambda:CreateFunction"], Resource: "arn:aws:iam::111111111111:role/*" })), expect: [] },
  { name: "iam:PassRole on every role with lambda:CreateFunction on one named function fails: the function runs as any role", resource: policyResource(doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }, { Effect: "Allow", Action: "lambda:CreateFunction", Resource: "arn:aws:lambda:us-east-1:111111111111:function:app" })), expect: ["allows lambda:CreateFunction with iam:PassRole on any role"] },
  { name: "lambda:UpdateFunctionCode on every role passes: it updates no function", resource: policyResource(doc({ Effect: "Allow", Action: "lambda:UpdateFunctionCode", Resource: "arn:aws:iam::111111111111:role/*" })), expect: [] },
  { name: "lambda:UpdateFunctionCode on every function fails", resource: policy("lambda-update-code-any-function"), expect: [/allows lambda:UpdateFunctionCode on functions.*\[ESC005 at policy:\$\.Statement\[0\]\.Action\]$/] },
  { name: "lambda:UpdateFunctionCode on one named function passes", resource: policy("lambda-update-code-one-function"), expect: [] },
  { name: "iam:AttachUserPolicy on ${aws:username} fails: scoping to oneself does not limit what is attached", resource: policy("attach-user-policy-on-self"), expect: [/Sid "ManageOwnPolicies" allows iam:AttachUserPolicy on the caller's own user.*\[ESC002 at policy:\$\.Statement\[0\]\.Action\[0\]\]$/] },
  { name: "iam:PutUserPolicy on ${aws:username} fails", resource: policy("put-user-policy-on-self"), expect: ["allows iam:PutUserPolicy on the caller's own user"] },
  { name: "iam:AttachRolePolicy on any role fails", resource: policy("attach-role-policy-any-role"), expect: [/allows iam:AttachRolePolicy on users, groups, roles or policies.*ESC001/] },
  { name: "iam:AttachRolePolicy and PutRolePolicy under a required permissions boundary pass", resource: policy("attach-role-policy-with-boundary"), expect: [] },
  { name: "iam:AttachGroupPolicy limited to ReadOnlyAccess by iam:PolicyARN passes", resource: policy("attach-group-policy-named-readonly"), expect: [] },
  { name: "iam:AddUserToGroup fails", resource: policy("add-user-to-group"), expect: ["allows iam:AddUserToGroup"] },
  { name: "iam:CreateAccessKey on other users fails", resource: policy("create-access-key-other-users"), expect: [/allows iam:CreateAccessKey on other users.*ESC003/] },
  { name: "managing one's own access keys (${aws:username}) passes", resource: policy("create-access-key-self"), expect: [] },
  { name: "iam:* on * fails for its writes and its credential takeover", resource: policy("iam-wildcard-writes"), expect: ["ESC001", "ESC003"] },
  { name: "an Allow * on * is admin already: no escalation to report", resource: policy("administrator"), expect: [] },
  { name: "this project's self-service MFA policy passes", resource: policyResource(selfServiceMfaPolicy(), "aws:iam/groupPolicy:GroupPolicy"), expect: [] },
  { name: "a role's inline policy is checked", resource: { type: "aws:iam/role:Role", name: "deployer", props: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "deploy", policy: JSON.stringify(fixture("passrole-any-with-lambda-create")) }] } }, expect: ["deployer inlinePolicies[0].policy statement #1"] },
  { name: "an action written in another case is located at its own entry", resource: policyResource(doc({ Effect: "Allow", Action: ["s3:GetObject", "IAM:attachrolepolicy"], Resource: "*" })), expect: [/ESC001 at policy:\$\.Statement\[0\]\.Action\[1\]\]$/] },
  { name: "an SCP grants nothing and is not checked", resource: { type: "aws:organizations/policy:Policy", name: "scp", props: { content: JSON.stringify(doc({ Effect: "Allow", Action: ["iam:AttachRolePolicy", "iam:CreateAccessKey"], Resource: "*" })) } }, expect: [] },
  { name: "a malformed policy is left to iam-policy-document-valid, not a crash", resource: policyResource("{not json"), expect: [] },
  { name: "a trust is not an identity policy and is not checked", resource: { type: "aws:iam/role:Role", name: "r", props: { assumeRolePolicy: JSON.stringify(doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" })) } }, expect: [] },
];

describe("iam-no-privilege-escalation", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(noPrivilegeEscalation, c);
      for (const m of messages) assert.match(m, /\. [A-Z][^.]+.* \[ESC00\d at [\w.[\]]+:\$\.Statement(\[\d+\])?\.\w+(\[\d+\])?\]$/, "the message ends with the fix, the code and the JSON path");
    });
  }

  it("a NotAction that leaves IAM writes on roles in fails, each finding located at the NotAction", async function () {
    const messages = await violationsOf(noPrivilegeEscalation, policyResource(doc({ Effect: "Allow", NotAction: "s3:*", Resource: "arn:aws:iam::*:role/*" })));
    assert.ok(messages.some((m) => /allows iam:AttachRolePolicy, .* \[ESC001 at policy:\$\.Statement\[0\]\.NotAction\]$/.test(m)), JSON.stringify(messages));
    for (const m of messages) assert.match(m, / at policy:\$\.Statement\[0\]\.NotAction\]$/);
  });
});
