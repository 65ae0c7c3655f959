/** lib/iam/escalation: which statements let their holder raise its own permissions, and why. */
import { strict as assert } from "node:assert";
import { escalationFindings } from "../../lib/iam/escalation";
import { parsePolicyDocument } from "../../lib/iam/parse";
import { isAllowed } from "../support/oracle";

const ROLES = "arn:aws:iam::111111111111:role/*";
const OWN = "arn:aws:iam::*:user/${aws:username}";
const findings = (...statements: Record<string, unknown>[]) => escalationFindings(parsePolicyDocument({ Version: "2012-10-17", Statement: statements }).document!.statements);
const codes = (...statements: Record<string, unknown>[]) => findings(...statements).map((f) => f.code);
const allow = (action: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action: action, Resource: "*", ...extra });

describe("lib/iam/escalation", function () {
  it("ESC001: IAM writes on identities others than one's own, with the actions and the element", function () {
    const [f] = findings(allow(["iam:AttachRolePolicy", "iam:PutRolePolicy", "s3:GetObject"], { Resource: ["arn:aws:s3:::b/*", ROLES] }));
    assert.equal(f.code, "ESC001");
    assert.deepEqual(f.actions, ["iam:AttachRolePolicy", "iam:PutRolePolicy"]);
    assert.equal(f.element, "Action");
    assert.equal(f.problem, "allows iam:AttachRolePolicy, iam:PutRolePolicy on users, groups, roles or policies: its holder can attach or write admin permissions for itself or any identity it reaches");
  });
  it("ESC001: NotResource and a missing Resource reach every identity; NotAction names its element", function () {
    assert.deepEqual(codes(allow("iam:AttachRolePolicy", { Resource: undefined, NotResource: "arn:aws:s3:::b" })), ["ESC001"]);
    assert.deepEqual(codes({ Effect: "Allow", Action: "iam:AttachRolePolicy" }), ["ESC001"]);
    const [f] = findings({ Effect: "Allow", NotAction: "iam:*User*", Resource: ROLES });
    assert.equal(f.element, "NotAction");
    assert.ok(f.actions.includes("iam:AttachRolePolicy") && !f.actions.includes("iam:AttachUserPolicy"));
  });
  it("no finding: writes on resources that are not identities, or Denies", function () {
    assert.deepEqual(codes(allow("iam:AttachRolePolicy", { Resource: "arn:aws:s3:::b/*" })), []);
    assert.deepEqual(codes({ Effect: "Deny", Action: "iam:AttachRolePolicy", Resource: "*" }), []);
  });
  it("ESC002: writes on one's own user only; ESC001 as soon as one write reaches others", function () {
    const [f] = findings(allow(["iam:PutUserPolicy", "iam:AttachUserPolicy"], { Resource: OWN }));
    assert.equal(f.code, "ESC002");
    assert.equal(f.problem, "allows iam:AttachUserPolicy, iam:PutUserPolicy on the caller's own user: scoping to ${aws:username} does not limit what is attached or written, so its holder can make itself admin");
    assert.deepEqual(codes(allow(["iam:PutUserPolicy", "iam:AttachRolePolicy"], { Resource: [OWN, ROLES] })), ["ESC001"]);
  });
  it("a permissions boundary bounds Attach/Put on users and roles, unless it is IfExists, negated, or any boundary", function () {
    const bounded = (condition: Record<string, unknown>, action = "iam:PutRolePolicy") => codes(allow(action, { Resource: ROLES, Condition: condition }));
    const boundary = "arn:aws:iam::111111111111:policy/Boundary";
    assert.deepEqual(bounded({ StringEquals: { "iam:PermissionsBoundary": boundary } }), []);
    assert.deepEqual(bounded({ ArnLike: { "iam:PermissionsBoundary": `${boundary}*` } }), [], "a pattern that still names boundaries");
    assert.deepEqual(bounded({ StringLike: { "iam:PermissionsBoundary": "*Boundary" } }), []);
    for (const condition of [
      { StringEqualsIfExists: { "iam:PermissionsBoundary": boundary } },
      { "ForAllValues:StringEquals": { "iam:PermissionsBoundary": boundary } },
      { StringNotEquals: { "iam:PermissionsBoundary": boundary } },
      { XStringEquals: { "iam:PermissionsBoundary": boundary } },
      { StringEqualsX: { "iam:PermissionsBoundary": boundary } },
      { StringLike: { "iam:PermissionsBoundary": "*" } },
      { StringLike: { "iam:PermissionsBoundary": "**" } },
      { StringLike: { "iam:PermissionsBoundary": [boundary, "*"] } },
      { StringEquals: { "iam:PolicyARN": boundary } },
    ]) {
      assert.deepEqual(bounded(condition), ["ESC001"], JSON.stringify(condition));
    }
    assert.deepEqual(codes(allow("iam:AttachGroupPolicy", { Condition: { StringEquals: { "iam:PermissionsBoundary": boundary } } })), ["ESC001"], "groups have no boundary");
  });
  it("the IAM engine agrees: ForAllValues on iam:PermissionsBoundary lets a Put through on a role without a boundary", async function () {
    const put = (condition: Record<string, unknown>) =>
      isAllowed({
        policies: [{ Version: "2012-10-17", Statement: [allow("iam:PutRolePolicy", { Resource: ROLES, Condition: condition })] }],
        principalArn: "arn:aws:iam::111111111111:user/alice",
        action: "iam:PutRolePolicy",
        resource: "arn:aws:iam::111111111111:role/admin",
        context: "mfa",
      });
    const boundary = "arn:aws:iam::111111111111:policy/Boundary";
    assert.equal(await put({ "ForAllValues:StringEquals": { "iam:PermissionsBoundary": boundary } }), true);
    assert.equal(await put({ StringEquals: { "iam:PermissionsBoundary": boundary } }), false);
  });
  it("iam:PolicyARN bounds attachments to named policies that are not admin", function () {
    const attach = (condition: Record<string, unknown>, action = "iam:AttachRolePolicy") => codes(allow(action, { Resource: ROLES, Condition: condition }));
    const ok = "arn:aws:iam::111111111111:policy/ReadReports";
    assert.deepEqual(attach({ ArnEquals: { "iam:PolicyARN": ok } }), []);
    assert.deepEqual(attach({ ArnEquals: { "iam:PolicyARN": ok }, StringLike: { "aws:PrincipalTag/team": "*" } }), [], "other keys do not count");
    assert.deepEqual(attach({ StringEqualsIgnoreCase: { "iam:PolicyARN": "arn:aws:iam::aws:policy/readonlyaccess" } }), [], "a named policy in another case");
    for (const condition of [
      { ArnEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" } },
      { ArnEquals: { "iam:PolicyARN": [ok, "arn:aws:iam::aws:policy/IAMFullAccess"] } },
      { ArnEquals: { "iam:PolicyARN": ok }, ArnLike: { "iam:PolicyARN": "arn:aws:iam::aws:policy/PowerUserAccess" } },
      { ArnLike: { "iam:PolicyARN": "arn:aws:iam::111111111111:policy/*" } },
      { ArnNotEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" } },
      { StringEqualsIgnoreCase: { "iam:PolicyARN": "arn:aws:iam::aws:policy/administratoraccess" } },
      { "ForAllValues:ArnEquals": { "iam:PolicyARN": ok } },
      { StringLike: { "aws:PrincipalTag/team": "ops" } },
    ]) {
      assert.deepEqual(attach(condition), ["ESC001"], JSON.stringify(condition));
    }
    assert.deepEqual(attach({ ArnEquals: { "iam:PolicyARN": ok } }, "iam:PutRolePolicy"), ["ESC001"], "a Put writes what it likes");
  });
  it("a statement that is admin already makes escalation moot", function () {
    for (const admin of [
      allow("*"),
      allow(["s3:GetObject", "*"], { Resource: ["arn:aws:s3:::b", "*"] }),
      allow("*", { Resource: "arn:*" }),
      allow("*", { Resource: undefined, NotResource: "arn:aws:s3:::b" }),
      { Effect: "Allow", NotAction: "s3:*", Resource: "*" },
      { Effect: "Allow", Action: "*" },
    ]) {
      assert.deepEqual(codes(admin, allow("iam:AttachRolePolicy")), [], JSON.stringify(admin));
    }
    assert.equal(codes(allow("*", { Resource: "arn:aws:iam::111111111111:role/*" }))[0], "ESC001", "* on roles only is not admin");
    assert.deepEqual(codes({ Effect: "Deny", Action: "*", Resource: "*" }, allow("iam:AttachRolePolicy")), ["ESC001"], "a Deny is not admin");
  });
  it("ESC003: credentials of other users; one's own is self-service", function () {
    const [f] = findings(allow(["iam:CreateAccessKey", "iam:UpdateLoginProfile"], { Resource: "arn:aws:iam::111111111111:user/*" }));
    assert.equal(f.code, "ESC003");
    assert.equal(f.problem, "allows iam:CreateAccessKey, iam:UpdateLoginProfile on other users: its holder can sign in as any user it reaches, admins included");
    assert.deepEqual(codes(allow("iam:CreateAccessKey", { Resource: OWN })), []);
    assert.deepEqual(codes(allow("iam:CreateAccessKey", { Resource: ROLES })), []);
  });
  it("ESC005: code updates on functions, stacks or instances named by a wildcard", function () {
    const [f] = findings(allow(["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"]));
    assert.equal(f.code, "ESC005");
    assert.equal(f.problem, "allows lambda:UpdateFunctionCode, lambda:UpdateFunctionConfiguration on functions, stacks or instances named by a wildcard: its holder runs its own code with whatever role those have");
    const wildcards: [string, string][] = [
      ["lambda:UpdateFunctionCode", "arn:*"],
      ["lambda:UpdateFunctionCode", "arn:aws:lambda:us-east-1:111111111111:function:*"],
      ["lambda:UpdateFunctionCode", "arn:aws:lambda:us-east-1:111111111111:function:app-?"],
      ["cloudformation:UpdateStack", "arn:aws:cloudformation:us-east-1:111111111111:stack/app/*"],
      ["ssm:SendCommand", "arn:aws:ec2:us-east-1:111111111111:instance/*x"],
      ["glue:UpdateDevEndpoint", "arn:aws:glue:*:111111111111:devEndpoint/*"],
    ];
    for (const [action, resource] of wildcards) {
      assert.deepEqual(codes(allow(action, { Resource: ["arn:aws:lambda:us-east-1:111111111111:function:named", resource] })), ["ESC005"], resource);
    }
    assert.deepEqual(codes(allow("lambda:UpdateFunctionCode", { Resource: undefined, NotResource: "arn:aws:lambda:us-east-1:111111111111:function:x" })), ["ESC005"]);
    assert.deepEqual(codes(allow("lambda:UpdateFunctionCode", { Resource: undefined })), ["ESC005"]);
    for (const resource of ["arn:aws:lambda:us-east-1:111111111111:function:named", "arn:aws:lambda:*:111111111111:function:named", "arn:aws:cloudformation:*:111111111111:stack"]) {
      assert.deepEqual(codes(allow("lambda:UpdateFunctionCode", { Resource: resource })), [], resource);
    }
    assert.deepEqual(codes(allow("cloudformation:UpdateStack", { Resource: "arn:aws:cloudformation:*:111111111111:stack/app/1" })), [], "a wildcard region names one stack");
  });
  it("ESC005 only where the wildcard reaches what the update acts on: a NotAction on roles updates no function", function () {
    // Every action but S3's, on roles only: it passes and writes roles (ESC001), but updates no function, stack or instance.
    const onRoles = findings({ Effect: "Allow", NotAction: "s3:*", Resource: ROLES });
    assert.deepEqual(onRoles.map((f) => f.code), ["ESC001"]);
    assert.deepEqual(codes(allow("cloudformation:UpdateStack", { Resource: "arn:aws:lambda:us-east-1:111111111111:function:*" })), [], "a stack update on functions");
    assert.deepEqual(codes(allow(["cloudformation:UpdateStack", "lambda:UpdateFunctionCode"], { Resource: "arn:aws:lambda:us-east-1:111111111111:function:*" })).length, 1);
    assert.deepEqual(findings(allow(["cloudformation:UpdateStack", "lambda:UpdateFunctionCode"], { Resource: "arn:aws:lambda:us-east-1:111111111111:function:*" }))[0].actions, ["lambda:UpdateFunctionCode"], "only the update that acts on functions is named");
  });
  describe("ESC004: PassRole on any role with an action that runs code as it", function () {
    const pass = (extra: Record<string, unknown> = {}) => ({ Sid: "Pass", Effect: "Allow", Action: "iam:PassRole", Resource: "*", ...extra });
    const to = (...services: string[]) => ({ Condition: { StringEquals: { "iam:PassedToService": services } } });
    it("names the actions and the statement that passes the role", function () {
      const [f] = findings(pass(), { Sid: "Run", Effect: "Allow", Action: ["ec2:RunInstances", "lambda:CreateFunction"], Resource: "*" });
      assert.equal(f.code, "ESC004");
      assert.deepEqual(f.actions, ["iam:PassRole", "ec2:RunInstances", "lambda:CreateFunction"]);
      assert.equal(f.problem, 'allows ec2:RunInstances, lambda:CreateFunction with iam:PassRole on any role (Sid "Pass"): its holder runs code as the most privileged role it can pass, admin included');
      assert.match(findings(allow(["iam:PassRole", "ec2:RunInstances"]))[0].problem, /\(this statement\)/);
    });
    it("the passed role must be any role: a wildcard over roles, NotResource or no Resource", function () {
      const run = allow("ec2:RunInstances");
      assert.deepEqual(codes(pass({ Resource: "arn:aws:iam::111111111111:role/app-*" }), run), ["ESC004"]);
      assert.deepEqual(codes(pass({ Resource: undefined, NotResource: "arn:aws:iam::111111111111:role/admin" }), run), ["ESC004"]);
      assert.deepEqual(codes(pass({ Resource: undefined }), run), ["ESC004"]);
      assert.deepEqual(codes(pass({ Resource: "arn:aws:iam::111111111111:role/app" }), run), [], "one named role");
      assert.deepEqual(codes(pass({ Resource: "arn:aws:s3:::*" }), run), [], "not roles");
      assert.deepEqual(codes(run), [], "no PassRole at all");
    });
    it("the create action must reach what it creates: roles create no function; an action on no resource type needs \"*\"", function () {
      assert.deepEqual(codes(pass(), allow("lambda:CreateFunction", { Resource: ROLES })), [], "lambda:CreateFunction on roles");
      assert.deepEqual(codes(pass(), allow("lambda:CreateFunction", { Resource: "arn:aws:lambda:us-east-1:111111111111:function:app" })), ["ESC004"], "one named function is still code run as any role");
      assert.deepEqual(codes(pass(), allow("ec2:RunInstances", { Resource: "arn:aws:ec2:us-east-1:111111111111:subnet/*" })), ["ESC004"], "one of the resource types RunInstances acts on");
      assert.deepEqual(codes(pass(), allow("glue:CreateDevEndpoint", { Resource: "arn:aws:glue:*:111111111111:*" })), [], "an action with no resource type is granted only on \"*\"");
      assert.deepEqual(codes(pass(), allow("glue:CreateDevEndpoint")), ["ESC004"]);
      assert.deepEqual(codes(pass(), allow("glue:CreateDevEndpoint", { Resource: "?" })), ["ESC004"], "a ? matches the one character of \"*\"");
      assert.deepEqual(codes(pass(), allow("lambda:CreateFunction", { Resource: undefined, NotResource: ROLES })), ["ESC004"], "NotResource reaches functions");
      // The false positive this fixes: every action but S3's, on roles, passes any role but runs nothing.
      assert.deepEqual(codes({ Effect: "Allow", NotAction: "s3:*", Resource: ROLES }), ["ESC001"]);
    });
    it("the IAM engine agrees: a Resource of roles allows PassRole but no CreateFunction, and an action on no resource type needs \"*\"", async function () {
      const alice = "arn:aws:iam::111111111111:user/alice";
      const allowed = (statement: Record<string, unknown>, action: string, resource: string) =>
        isAllowed({ policies: [{ Version: "2012-10-17", Statement: [statement] }], principalArn: alice, action, resource, context: "mfa" });
      const onRoles = { Effect: "Allow", NotAction: "s3:*", Resource: ROLES };
      assert.equal(await allowed(onRoles, "iam:PassRole", "arn:aws:iam::111111111111:role/admin"), true);
      assert.equal(await allowed(onRoles, "lambda:CreateFunction", "arn:aws:lambda:us-east-1:111111111111:function:f"), false);
      assert.equal(await allowed(allow("glue:CreateDevEndpoint", { Resource: "arn:aws:glue:*:111111111111:*" }), "glue:CreateDevEndpoint", "*"), false);
      assert.equal(await allowed(allow("glue:CreateDevEndpoint"), "glue:CreateDevEndpoint", "*"), true);
    });
    it("iam:PassedToService limits the services the role may go to", function () {
      assert.deepEqual(codes(pass(to("lambda.amazonaws.com")), allow("ec2:RunInstances")), []);
      assert.deepEqual(codes(pass(to("lambda.amazonaws.com", "ec2.amazonaws.com")), allow("ec2:RunInstances")), ["ESC004"]);
      assert.deepEqual(codes(pass(to("lambda.amazonaws.com")), pass({ Sid: "Ec2", ...to("ec2.amazonaws.com") }), allow("ec2:RunInstances")), ["ESC004"], "one of two passers suffices");
      assert.deepEqual(codes(pass({ Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } }), allow("ec2:RunInstances")), ["ESC004"], "other keys do not limit the services");
      assert.deepEqual(codes(pass({ Condition: { StringNotEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } }), allow("ec2:RunInstances")), ["ESC004"], "a negated test names no service");
    });
    it("names the passer that reaches one of the statement's targets", function () {
      const [f] = findings(pass({ Sid: "ToLambda", ...to("lambda.amazonaws.com") }), pass({ Sid: "ToEc2", ...to("ec2.amazonaws.com") }), allow("ec2:RunInstances"));
      assert.match(f.problem, /\(Sid "ToEc2"\)/);
      const [g] = findings(pass({ Sid: "Both", ...to("lambda.amazonaws.com", "ec2.amazonaws.com") }), allow(["ec2:RunInstances", "lambda:CreateFunction"]));
      assert.match(g.problem, /\(Sid "Both"\)/);
    });
  });
});
