/**
 * The component package's Construct, as the engine calls it for a program in another language
 * (Pulumi YAML, Python, ...): the plugin started as the CLI starts it, with the test's resource
 * monitor and engine (`test/support/fakeMonitor.ts`) in place of the engine's. The schema token
 * `iam-baseline:index:<Component>` constructs the class the npm package exports, which registers the
 * type it always had: the URN is the same through either way in. Under the real CLI:
 * `test/engine/componentPackage.engine.ts`.
 */
import * as assert from "assert";
import { ComponentProviderServer, startComponentProvider } from "../support/componentProvider";
import { FakeEngine, Registered, startFakeEngine } from "../support/fakeMonitor";
import { canAssume, CREDENTIAL_CONTEXTS } from "../support/oracle";
import { PROJECT_DIR } from "../support/stacks";

const PROJECT = "people";
const STACK = "dev";

describe("the component package (PulumiPlugin.yaml) through the component provider's Construct", function () {
  this.timeout(240_000);
  let engine: FakeEngine;
  let provider: ComponentProviderServer;
  let stack: string;

  before(async function () {
    engine = await startFakeEngine(PROJECT_DIR);
    stack = engine.stackUrn(PROJECT, STACK);
    provider = await startComponentProvider(PROJECT_DIR, 120_000, engine.address);
  });
  after(() => {
    provider?.close();
    engine?.close();
  });

  const construct = (component: string, name: string, inputs: Record<string, unknown>) =>
    provider.construct({ type: `iam-baseline:index:${component}`, name, inputs, project: PROJECT, stack: STACK, monitor: engine.address, parent: stack });
  const one = (type: string, name: string): Registered => {
    const found = engine.registered.filter((r) => r.type === type && r.name === name);
    assert.strictEqual(found.length, 1, `one ${type} ${name} registered:\n${engine.registered.map((r) => r.urn).join("\n")}`);
    return found[0];
  };

  it("constructs an MfaAssumableRole under the type the class registers, its role under it with a trust that admits its principal only with MFA", async function () {
    const bob = "arn:aws:iam::111111111111:user/bob";
    const res = await construct("MfaAssumableRole", "breakGlass", {
      roleName: "BreakGlass",
      accountId: "111111111111",
      identityAccountId: "111111111111",
      principalArns: [bob],
      managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    });
    assert.strictEqual(res.urn, `urn:pulumi:${STACK}::${PROJECT}::iam-baseline:roles:MfaAssumableRole::breakGlass`);
    assert.strictEqual(one("iam-baseline:roles:MfaAssumableRole", "breakGlass").parent, stack);
    const role = one("aws:iam/role:Role", "breakGlass");
    assert.strictEqual(role.parent, res.urn);
    assert.strictEqual(role.inputs.name, "BreakGlass");
    const trust = JSON.parse(String(role.inputs.assumeRolePolicy)) as unknown;
    const roleArn = "arn:aws:iam::111111111111:role/BreakGlass";
    const verdicts = await Promise.all(CREDENTIAL_CONTEXTS.map(async (context) => [context, await canAssume({ trust, roleArn, principalArn: bob, context })]));
    assert.deepStrictEqual(Object.fromEntries(verdicts), { accessKeys: false, temporaryNoMfa: false, mfa: true });
    assert.strictEqual(res.state.roleName, "BreakGlass");
  });

  it("constructs an IdentityLayout from a layout in its inputs: each user, group and role under its component", async function () {
    const res = await construct("IdentityLayout", "people", {
      config: {
        environment: "dev",
        identityAccountId: "111111111111",
        accounts: { identity: { id: "111111111111" } },
        roles: { ReadOnly: { managedPolicies: ["ReadOnlyAccess"] } },
        groups: { Readers: { roles: ["ReadOnly"] } },
        users: { alice: { groups: ["Readers"], console: true } },
      },
    });
    assert.strictEqual(res.urn, `urn:pulumi:${STACK}::${PROJECT}::iam-baseline:index:IdentityLayout::people`);
    const person = one("iam-baseline:identity:Person", "alice");
    const group = one("iam-baseline:identity:IdentityGroup", "Readers");
    const role = one("iam-baseline:roles:MfaAssumableRole", "ReadOnly@identity");
    for (const child of [person, group, role]) assert.strictEqual(child.parent, res.urn);
    assert.strictEqual(one("aws:iam/user:User", "alice").parent, person.urn);
    assert.strictEqual(one("aws:iam/group:Group", "Readers").parent, group.urn);
    assert.strictEqual(one("aws:iam/role:Role", "ReadOnly@identity").parent, role.urn);
    assert.strictEqual(one("aws:iam/userGroupMembership:UserGroupMembership", "alice-groups").parent, person.urn);
  });

  it("refuses a layout that names an unknown role with the component's one-line message, and registers nothing of it", async function () {
    const before = engine.registered.length;
    await assert.rejects(
      construct("IdentityLayout", "broken", {
        config: {
          environment: "dev",
          identityAccountId: "111111111111",
          accounts: { identity: { id: "111111111111" } },
          roles: { ReadOnly: { managedPolicies: ["ReadOnlyAccess"] } },
          groups: { Readers: { roles: ["Deploy"] } },
          users: {},
        },
      }),
      /unknown role "Deploy"/,
    );
    assert.deepStrictEqual(engine.registered.slice(before).filter((r) => r.custom), []);
  });
});
