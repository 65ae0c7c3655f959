/**
 * What a program sees under the gate's mocks, and what the gate records for the pack: IAM ARNs
 * of the shape AWS gives, autonames `<name>-<7 hex>`, invokes with real-shaped answers, component
 * calls, and the preview view in which what the provider computes is unknown.
 */
import * as assert from "assert";
import * as path from "path";
import { invokeResponseClass } from "../../tools/stack/harness/sdk";
import { runProgramUnderMocks } from "../../tools/stack/runProgram";
import { RecordedResource, StackRun, UNKNOWN } from "../../tools/stack/types";
import { PROJECT_DIR } from "../support/stacks";

const runs = new Map<string, Promise<StackRun>>();
function runOf(program: string, stack: string, view: "preview" | "update"): Promise<StackRun> {
  const key = `${program}|${stack}|${view}`;
  if (!runs.has(key)) runs.set(key, runProgramUnderMocks(path.join(PROJECT_DIR, "test/programs", program), stack, { view }));
  return runs.get(key)!;
}
const named = (run: StackRun, type: string, name: string): RecordedResource => {
  const r = run.resources.find((x) => x.type === type && x.name === name);
  assert.ok(r, `${type} ${name} was registered`);
  return r;
};

describe("the gate's AWS mocks", function () {
  this.timeout(180_000);

  before(function () {
    for (const view of ["preview", "update"] as const) {
      runOf("template-cjs-ts", "staging", view);
      runOf("esm-nodenext-ts", "ci", view);
      runOf("remote-components", "dev", view);
      runOf("ecs-platform-ts", "shared", view);
    }
  });

  it("records a resource given as an input as the engine sends it to providers and packs: its id, unknown at preview", async function () {
    const update = await runOf("ecs-platform-ts", "shared", "update");
    const roleName = named(update, "aws:iam/role:Role", "pulumi-deployments").checked!.name as string;
    assert.strictEqual(named(update, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "pulumi-deployments-admin").inputs.role, roleName);
    assert.strictEqual(named(update, "aws:s3/bucketObjectv2:BucketObjectv2", "api-config").inputs.bucket, named(update, "aws:s3/bucket:Bucket", "task-configs").checked!.bucket);
    const preview = await runOf("ecs-platform-ts", "shared", "preview");
    const attachment = named(preview, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "pulumi-deployments-admin");
    assert.strictEqual(attachment.inputs.role, UNKNOWN);
    assert.deepStrictEqual(attachment.propertyDependencies?.role, [named(preview, "aws:iam/role:Role", "pulumi-deployments").urn], "the role it names is still known by URN");
    assert.ok(!JSON.stringify(update.resources).includes("5cf8f73096256a8f31e491e813e4eb8e"), "no resource reference is left for the pack to refuse");
  });

  it("answers SSM's recommended ECS AMI as the JSON document AWS returns, whose image_id a launch template reads", async function () {
    for (const view of ["preview", "update"] as const) {
      const run = await runOf("ecs-platform-ts", "shared", view);
      assert.match(run.outputs.ami.value as string, /^ami-[0-9a-f]{17}$/);
      assert.strictEqual(named(run, "aws:ec2/launchTemplate:LaunchTemplate", "ecs-instance").inputs.imageId, run.outputs.ami.value);
      assert.deepStrictEqual(run.notSeen, []);
    }
  });

  it("answers the hosted-zone and registry-token lookups the examples make (route53.getZone, ecr.getAuthorizationToken) with real shapes", async function () {
    for (const view of ["preview", "update"] as const) {
      const run = await runOf("ecs-platform-ts", "shared", view);
      assert.match(run.outputs.zoneId.value as string, /^Z[A-Z2-7]{13}$/);
      assert.strictEqual(named(run, "aws:route53/record:Record", "api").inputs.zoneId, run.outputs.zoneId.value);
      assert.strictEqual(named(run, "aws:route53/record:Record", "api").inputs.name, "api.platform.example.org");
      assert.strictEqual(run.outputs.registryEndpoint.value, "https://555555555555.dkr.ecr.eu-west-1.amazonaws.com");
    }
  });

  it("gives pulumi.getOrganization() the organization of a DIY backend, as the Pulumi CLI does", async function () {
    const run = await runOf("ecs-platform-ts", "shared", "preview");
    assert.strictEqual(run.outputs.organization.value, "organization");
    const trust = named(run, "aws:iam/role:Role", "pulumi-deployments").inputs.assumeRolePolicy as string;
    assert.match(trust, /"api\.pulumi\.com\/oidc:aud": "aws:organization"/);
  });

  it("answers invokes with the message the program's own SDK knows: ResourceInvokeResponse, or InvokeResponse in SDKs before it (3.248)", function () {
    class ResourceInvokeResponse {
      setReturn(): void {}
    }
    class InvokeResponse {
      setReturn(): void {}
    }
    assert.strictEqual(invokeResponseClass({ ResourceInvokeResponse }, { InvokeResponse }), ResourceInvokeResponse);
    assert.strictEqual(invokeResponseClass({}, { InvokeResponse }), InvokeResponse);
    assert.throws(() => invokeResponseClass({}, {}), /neither ResourceInvokeResponse nor InvokeResponse/);
  });

  it("autonames IAM resources <name>-<7 hex> and gives them IAM ARNs in the stack's account", async function () {
    const run = await runOf("template-cjs-ts", "staging", "update");
    const role = named(run, "aws:iam/role:Role", "web");
    const name = role.checked!.name as string;
    assert.match(name, /^web-[0-9a-f]{7}$/);
    assert.strictEqual(role.outputs!.arn, `arn:aws:iam::210987654321:role/${name}`);
    assert.match(role.outputs!.uniqueId as string, /^AROA[A-Z2-7]{17}$/);
    const profile = named(run, "aws:iam/instanceProfile:InstanceProfile", "web");
    assert.match(profile.outputs!.arn as string, /^arn:aws:iam::210987654321:instance-profile\/web-[0-9a-f]{7}$/);
    assert.strictEqual(profile.inputs.role, name, "a name flows into the resources that use it");
    const bucket = named(run, "aws:s3/bucketV2:BucketV2", "assets");
    assert.match(bucket.outputs!.arn as string, /^arn:aws:s3:::assets-[0-9a-f]{7}$/);
  });

  it("gives the same names on every run, so reports are stable", async function () {
    const again = await runProgramUnderMocks(path.join(PROJECT_DIR, "test/programs/template-cjs-ts"), "staging");
    const first = await runOf("template-cjs-ts", "staging", "update");
    assert.strictEqual(named(again, "aws:iam/role:Role", "web").checked!.name, named(first, "aws:iam/role:Role", "web").checked!.name);
  });

  it("renders the trust from getPolicyDocument and answers SSM and availability-zone lookups with real shapes", async function () {
    const run = await runOf("template-cjs-ts", "staging", "update");
    const trust = JSON.parse(named(run, "aws:iam/role:Role", "web").inputs.assumeRolePolicy as string);
    assert.deepStrictEqual(trust, { Version: "2012-10-17", Statement: [{ Sid: "Ec2Assume", Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }] });
    const server = named(run, "aws:ec2/instance:Instance", "web");
    assert.match(server.inputs.ami as string, /^ami-[0-9a-f]{17}$/);
    assert.strictEqual(server.inputs.availabilityZone, "us-west-2a");
    assert.strictEqual(run.outputs.zone.value, "us-west-2a");
  });

  it("makes a trust built from another role's .arn name that role by its IAM ARN", async function () {
    const run = await runOf("esm-nodenext-ts", "ci", "update");
    const runnerName = named(run, "aws:iam/role:Role", "runner").checked!.name as string;
    const trust = JSON.parse(named(run, "aws:iam/role:Role", "deployer").inputs.assumeRolePolicy as string);
    assert.deepStrictEqual(trust.Statement[0].Principal, { AWS: `arn:aws:iam::123456789012:role/${runnerName}` });
  });

  it("at preview, keeps names known and leaves what the provider computes unknown, as pulumi preview does", async function () {
    const run = await runOf("esm-nodenext-ts", "ci", "preview");
    const runner = named(run, "aws:iam/role:Role", "runner");
    assert.match(runner.checked!.name as string, /^runner-[0-9a-f]{7}$/);
    assert.strictEqual(runner.outputs!.arn, UNKNOWN);
    assert.strictEqual(runner.outputs!.id, UNKNOWN);
    assert.strictEqual(runner.outputs!.uniqueId, UNKNOWN);
    assert.strictEqual(named(run, "aws:iam/role:Role", "deployer").inputs.assumeRolePolicy, UNKNOWN, "a document built from an unknown ARN is unknown");
    assert.strictEqual(run.outputs.deployerRoleArn.value, UNKNOWN);
    const breakGlass = named(run, "aws:iam/role:Role", "break-glass");
    assert.match(breakGlass.inputs.assumeRolePolicy as string, /arn:aws:iam::123456789012:root/, "invokes run at preview");
  });

  it("answers a component's method call (an EKS cluster's getKubeconfig) and records multi-language components as remote", async function () {
    const update = await runOf("remote-components", "dev", "update");
    assert.ok((update.outputs.kubeconfigLength.value as number) > 100);
    assert.deepStrictEqual(
      update.resources.filter((r) => r.remote).map((r) => r.type),
      ["awsx:ec2:Vpc", "eks:index:Cluster"],
    );
    const preview = await runOf("remote-components", "dev", "preview");
    assert.strictEqual(preview.outputs.kubeconfigLength.value, UNKNOWN, "at preview the plugin's answer is not known");
    const viewer = named(update, "aws:iam/role:Role", "cluster-viewer");
    assert.match(viewer.outputs!.arn as string, /^arn:aws:iam::444444444444:role\/cluster-viewer-[0-9a-f]{7}$/);
  });
});
