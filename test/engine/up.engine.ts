import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runStack } from "../support/stacks";
import { EngineWorkspace, packArgs, REPO } from "./support/cli";
import { gateFindings } from "./support/findings";


interface Deployment {
  deployment: { resources?: { urn: string; type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] };
}

/** What the engine adds that the mocks do not register: the root stack and default providers. */
const engineOnly = (urn: string) => urn.includes("::pulumi:pulumi:Stack::") || /::pulumi:providers:[^:]+::default(_[0-9_]+)?$/.test(urn);

describe("pulumi up under the real engine", function () {
  let ws: EngineWorkspace;
  before(() => (ws = new EngineWorkspace()));
  after(() => ws?.dispose());

  for (const stack of ["dev", "prod"]) {
    it(`deploys ${stack} with the pack: outputs as the mocks give them, secrets hidden, URNs equal to the snapshot, then no changes`, async function () {
      const dir = ws.stage(REPO, path.join(REPO, `Pulumi.${stack}.yaml`), stack);
      ws.ok(dir, ["up", "--yes", "--skip-preview", "--stack", stack, ...packArgs(stack)]);

      const hidden = JSON.parse(ws.ok(dir, ["stack", "output", "--json", "--stack", stack]).stdout) as Record<string, unknown>;
      assert.strictEqual(hidden.initialPasswords, "[secret]");
      assert.strictEqual(hidden.accessKeys, "[secret]");
      const shown = JSON.parse(ws.ok(dir, ["stack", "output", "--json", "--show-secrets", "--stack", stack]).stdout) as Record<string, unknown>;
      const mocked = await runStack(stack);
      assert.deepStrictEqual(shown, Object.fromEntries(Object.entries(mocked.outputs).map(([k, o]) => [k, o.value])));
      for (const [k, o] of Object.entries(mocked.outputs)) assert.strictEqual(hidden[k] === "[secret]", o.secret, `output ${k} is secret under the engine exactly when it is under the mocks`);

      const exported = JSON.parse(ws.ok(dir, ["stack", "export", "--stack", stack]).stdout) as Deployment;
      const urns = (exported.deployment.resources ?? []).map((r) => r.urn).filter((u) => !engineOnly(u)).sort().join("\n") + "\n";
      assert.strictEqual(urns, fs.readFileSync(path.join(REPO, "test/snapshots", `${stack}.urns.txt`), "utf8"));

      const again = ws.run(dir, ["preview", "--expect-no-changes", "--stack", stack]);
      assert.strictEqual(again.code, 0, `a second preview changes nothing\n${again.stdout}\n${again.stderr}`);
    });
  }

  it("carries a value set with `pulumi config set --secret` as a secret into the state", function () {
    const stack = "secret-external-id";
    const dir = ws.stage(REPO, path.join(REPO, "Pulumi.dev.yaml"), stack);
    const externalId = "ext-engine-test-5f0c2a";
    ws.ok(dir, ["config", "set", "--secret", "--path", "iam-baseline:accounts.sandbox.externalId", externalId, "--stack", stack]);
    const stackFile = fs.readFileSync(path.join(dir, `Pulumi.${stack}.yaml`), "utf8");
    assert.ok(!stackFile.includes(externalId) && /secure: '?v1:/.test(stackFile), "the stack file holds only the ciphertext");

    ws.ok(dir, ["up", "--yes", "--skip-preview", "--stack", stack]);
    const exported = ws.ok(dir, ["stack", "export", "--stack", stack]).stdout;
    assert.ok(!exported.includes(externalId), "the plaintext is nowhere in the state");
    const provider = (JSON.parse(exported) as Deployment).deployment.resources!.find((r) => r.urn.endsWith("pulumi:providers:aws::account-sandbox"));
    assert.ok(provider, "the sandbox provider is deployed");
    const shown = JSON.parse(ws.ok(dir, ["stack", "export", "--show-secrets", "--stack", stack]).stdout) as Deployment;
    const shownProvider = shown.deployment.resources!.find((r) => r.urn === provider.urn)!;
    assert.match(JSON.stringify(shownProvider.inputs), new RegExp(externalId), "the provider assumes its role with the external id");

    const gate = gateFindings({ stack: path.join(dir, `Pulumi.${stack}.yaml`), project: REPO });
    assert.strictEqual(gate.code, 0, `the offline gate reads the same stack file (secret never decrypted) and passes it\n${gate.stderr}`);
  });

  it("reports a config error with the program's message and creates nothing", function () {
    const stack = "bad-references";
    const dir = ws.stage(REPO, path.join(REPO, "test/stacks/Pulumi.bad-references.yaml"), stack);
    const up = ws.run(dir, ["up", "--yes", "--skip-preview", "--stack", stack]);
    assert.notStrictEqual(up.code, 0);
    const output = up.stdout + up.stderr;
    assert.match(output, /invalid configuration, nothing was deployed \(2 problems\):/);
    assert.match(output, /Pulumi\.bad-references\.yaml: iam-baseline:groups\.Administrators\.roles\[1\]: unknown role "Deploy"; defined roles: Admin/);
    assert.doesNotMatch(output, /at Object\.|\.ts:\d+:\d+/, "no stack trace");
    const exported = JSON.parse(ws.ok(dir, ["stack", "export", "--stack", stack]).stdout) as Deployment;
    const created = (exported.deployment.resources ?? []).filter((r) => !engineOnly(r.urn));
    assert.deepStrictEqual(created, [], "no resource is in the state");
  });
});
