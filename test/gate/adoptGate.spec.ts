import * as assert from "assert";
import { execFile } from "child_process";
import * as path from "path";
import { GateReport } from "../../tools/gate/report";
import { PROJECT_DIR } from "../support/stacks";

/** The gate on adopting stacks: what exists and is kept is analysed by the pack's own analyzer server with the plan. */
function gateJson(stack: string): Promise<{ code: number; report: GateReport; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", path.join(PROJECT_DIR, "tools/gate/main.ts"), "--stack", `test/stacks/Pulumi.${stack}.yaml`, "--format", "json"],
      { cwd: PROJECT_DIR, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, report: JSON.parse(stdout) as GateReport, stderr }),
    );
  });
}

const line = (f: { level: string; policy: string; urn: string }) => `${f.level} ${f.policy} ${f.urn.split("::").pop()}`;

describe("the gate on a stack that adopts hand-made identities", function () {
  this.timeout(180_000);
  const runs: Record<string, ReturnType<typeof gateJson>> = {};
  before(function () {
    for (const s of ["adopt-seed000", "adopt-seed001", "adopt-seed003"]) runs[s] = gateJson(s);
  });

  it("shows seed 000's developer keeping his own inline policy, and fails on the role it imports with a trust without MFA", async function () {
    const { code, report } = await runs["adopt-seed000"];
    assert.strictEqual(code, 1);
    assert.deepStrictEqual(report.keptByAdoption!.map(line), ["advisory iam-user-no-direct-policies developer:AssumeResourceCreatorRole"]);
    assert.deepStrictEqual(report.violations.map(line), ["mandatory iam-role-trust-requires-mfa ResourceCreatorRole@identity"]);
  });

  it("shows that seed 003's hand-made Administrators group makes its members admins without MFA", async function () {
    const { code, report } = await runs["adopt-seed003"];
    assert.strictEqual(code, 1);
    assert.deepStrictEqual(report.violations.filter((v) => v.policy === "iam-no-admin-path-without-mfa").map(line), [
      "mandatory iam-no-admin-path-without-mfa jane",
      "mandatory iam-no-admin-path-without-mfa sam",
    ]);
    assert.match(report.violations.find((v) => v.urn.endsWith("::jane"))!.message, /through group Administrators: AdminPolicy policy statement #1 allows "\*" on "\*"/);
    assert.ok(report.keptByAdoption!.every((f) => f.urn.includes("iam-baseline:adopt:KeptAsItIs$")), "kept findings are on what exists, not on the plan");
  });

  it("shows seed 001's admin keeping AdministratorAccess attached to himself, which the pack refuses", async function () {
    const { code, report } = await runs["adopt-seed001"];
    assert.strictEqual(code, 1);
    assert.deepStrictEqual(report.keptByAdoption!.map(line), [
      "mandatory iam-user-no-inline-admin admin-attached-AdministratorAccess",
      "advisory iam-user-no-direct-policies admin-attached-AdministratorAccess",
    ]);
    assert.deepStrictEqual(report.violations.map(line), ["mandatory iam-no-admin-path-without-mfa admin"], "the role's trust requires MFA: only the direct admin is found");
  });
});
