import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { EngineWorkspace, PACK, REPO } from "./support/cli";
import { findingsFromEvents, gateFindings } from "./support/findings";


/** Every stack and mistake program the offline gate is tested on, under the real CLI. */
const CASES: { name: string; project: string; stackFile: string; stack: string; packConfig?: string; passes: boolean }[] = [
  { name: "dev", project: REPO, stackFile: path.join(REPO, "Pulumi.dev.yaml"), stack: "dev", packConfig: path.join(PACK, "config/dev.json"), passes: true },
  { name: "prod", project: REPO, stackFile: path.join(REPO, "Pulumi.prod.yaml"), stack: "prod", packConfig: path.join(PACK, "config/prod.json"), passes: true },
  { name: "mistake-broad-deny", project: REPO, stackFile: path.join(REPO, "test/stacks/Pulumi.mistake-broad-deny.yaml"), stack: "mistake-broad-deny", passes: false },
  { name: "mistake-trust-escape-hatch", project: REPO, stackFile: path.join(REPO, "test/stacks/Pulumi.mistake-trust-escape-hatch.yaml"), stack: "mistake-trust-escape-hatch", passes: false },
  { name: "raw-mistakes", project: path.join(REPO, "test/programs/raw-mistakes"), stackFile: path.join(REPO, "test/programs/raw-mistakes/Pulumi.mistakes.yaml"), stack: "mistakes", passes: false },
];

describe("pulumi preview --policy-pack under the real engine agrees with the offline gate", function () {
  let ws: EngineWorkspace;
  before(() => (ws = new EngineWorkspace()));
  after(() => ws?.dispose());

  for (const c of CASES) {
    it(`${c.passes ? "passes" : "fails"} ${c.name} with exactly the gate's policies, resources and levels`, function () {
      const dir = ws.stage(c.project, c.stackFile, c.stack);
      const args = ["--stack", c.stack, "--policy-pack", PACK];
      if (c.packConfig) args.push("--policy-pack-config", c.packConfig);
      const preview = ws.previewEvents(dir, args);
      const gate = gateFindings({ stack: c.stackFile, project: c.project, policyPackConfig: c.packConfig, view: "preview" });

      assert.strictEqual(gate.code, c.passes ? 0 : 1, `gate exit code\n${gate.stderr}`);
      assert.strictEqual(preview.code === 0, c.passes, `pulumi preview exit code ${preview.code}\n${preview.stdout}\n${preview.stderr}`);
      const engine = findingsFromEvents(preview.stdout);
      if (!c.passes) assert.ok(engine.findings.some((f) => f.level === "mandatory"), "the engine reports a mandatory violation");
      assert.deepStrictEqual(engine.findings, gate.findings);
      assert.deepStrictEqual(engine.notRun, gate.notRun, "the same policies could not run during preview, for the same reasons");
    });
  }

  /** Broken `--policy-pack-config` files: the CLI and the gate must both refuse them, naming the same policy and value. */
  const BROKEN: { name: string; config: Record<string, unknown>; mentions: RegExp[] }[] = [
    { name: "an unknown enforcement level", config: { "iam-role-trust-requires-mfa": "strict" }, mentions: [/iam-role-trust-requires-mfa/, /"strict" is not a valid enforcement level/] },
    { name: "an option of the wrong type", config: { "iam-password-policy-strong": { minimumLength: "fourteen" } }, mentions: [/iam-password-policy-strong/, /minimumLength/, /Invalid type\. Expected: (integer|number), given: string/] },
  ];
  for (const b of BROKEN) {
    it(`refuses a pack config with ${b.name}, as the gate does`, function () {
      const configFile = path.join(ws.root, `broken-${b.name.replace(/\W+/g, "-")}.json`);
      fs.writeFileSync(configFile, JSON.stringify(b.config));
      const dir = ws.stage(REPO, path.join(REPO, "Pulumi.dev.yaml"), `broken-${BROKEN.indexOf(b)}`);
      const preview = ws.run(dir, ["preview", "--stack", `broken-${BROKEN.indexOf(b)}`, "--policy-pack", PACK, "--policy-pack-config", configFile]);
      const gate = gateFindings({ stack: path.join(REPO, "Pulumi.dev.yaml"), policyPackConfig: configFile });
      assert.notStrictEqual(preview.code, 0, "pulumi preview refuses it");
      assert.strictEqual(gate.code, 2, "the gate refuses it as a usage error");
      for (const m of b.mentions) {
        assert.match(preview.stdout + preview.stderr, m, `the CLI's message\n${preview.stdout}\n${preview.stderr}`);
        assert.match(gate.stderr, m, `the gate's message\n${gate.stderr}`);
      }
    });
  }
});
