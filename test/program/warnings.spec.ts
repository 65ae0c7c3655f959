import * as assert from "assert";
import { runStack } from "../support/stacks";

describe("a stack that deploys with warnings", function () {
  it("deploys an expired grant, a role no group holds and a user who cannot sign in, and warns about each by name", async function () {
    const run = await runStack("expired-grant");
    assert.strictEqual(run.error, undefined, run.error);
    assert.ok(run.resources.some((r) => r.type === "aws:iam/role:Role" && r.name === "Incident@identity"), "the expired role is still managed");
    assert.deepStrictEqual(run.warnings, [
      "Pulumi.expired-grant.yaml: iam-baseline:roles.Incident.validUntil: the time-boxed grant Incident (Incident@identity) expired at 2020-01-01T00:00:00Z and no longer works; remove the role or extend validUntil",
      "Pulumi.expired-grant.yaml: iam-baseline:roles.ReadOnly: ReadOnly@identity: no group holds this role, so it is created with a trust that admits nobody; grant it in a group's roles or remove it",
      "Pulumi.expired-grant.yaml: iam-baseline:users.erin: erin has neither console: true nor accessKeys, so they cannot sign in or call AWS, and cannot reach Admin@identity, Incident@identity; add console: true or an access key slot",
    ]);
  });

  it("writes a person's own MFA device into their profiles and users output when the config names it", async function () {
    const run = await runStack("expired-grant");
    const users = run.outputs.users.value as Record<string, { mfaSerial: string }>;
    assert.strictEqual(users.alice.mfaSerial, "arn:aws:iam::111111111111:mfa/alice-yubikey");
    assert.strictEqual(users.erin.mfaSerial, "arn:aws:iam::111111111111:mfa/erin");
    assert.match((run.outputs.awsCliConfig.value as Record<string, string>).alice, /mfa_serial\s*=\s*arn:aws:iam::111111111111:mfa\/alice-yubikey/);
  });
});
