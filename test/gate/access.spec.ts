import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { accountNamesFromConfig } from "../../tools/access/accounts";
import { describeAccess } from "../../tools/access/model";
import { loadStackConfig } from "../../tools/stack/stackConfig";
import { renderDot, renderMarkdownTable, renderSvg, renderTable } from "../../tools/access/render";
import { PROJECT_DIR, runStack } from "../support/stacks";

describe("the access picture (npm run access)", function () {
  this.timeout(120_000);

  it("gives, for the dev stack, exactly the grants of its config, all requiring MFA", async function () {
    const model = describeAccess(await runStack("dev"));
    const grants = model.edges.map((e) => `${e.user} ${e.via} ${e.role}@${e.account} mfa=${e.mfaRequired} age=${e.mfaMaxAgeSeconds} session=${e.sessionSeconds}`);
    assert.deepStrictEqual(grants, [
      "alice Administrators Admin@111111111111 mfa=true age=3600 session=3600",
      "alice Administrators Admin@222222222222 mfa=true age=3600 session=3600",
      "bob Developers ReadOnly@111111111111 mfa=true age=3600 session=3600",
      "bob Developers PowerUser@222222222222 mfa=true age=3600 session=3600",
    ]);
    assert.match(renderTable(model), /^user\s+via group\s+role @ account\s+MFA\s+MFA max age\s+session\s+expires/);
  });

  it("keeps MFA on the path when only the trust loses it: the group grant still requires MFA", async function () {
    const model = describeAccess(await runStack("mistake-trust-escape-hatch"));
    assert.deepStrictEqual(model.edges.map((e) => `${e.user} -> ${e.role}@${e.account} mfa=${e.mfaRequired}`), ["alice -> Admin@111111111111 mfa=true"]);
  });

  it("shows an edge without MFA when a program makes one, drawn differently", async function () {
    const model = describeAccess(await runStack("mistakes", path.join(PROJECT_DIR, "test/programs/raw-mistakes")));
    const noMfa = model.edges.filter((e) => !e.mfaRequired);
    assert.deepStrictEqual(noMfa.map((e) => `${e.user} (${e.via}) -> ${e.role}@${e.account}`), ["ops ((own policy)) -> deployer@(default provider)"]);
    const dot = renderDot(model);
    assert.match(dot, /"user:ops" -> "role:deployer@\(default provider\)" \[label="NO MFA", color="#dc2626", fontcolor="#dc2626", style=dashed, penwidth=3\]/);
    assert.match(await renderSvg(dot), /NO MFA/);
  });

  it("names the prod stack's accounts as its config does, explains itself in a legend, and writes MFA ages in hours", async function () {
    const names = accountNamesFromConfig(loadStackConfig(PROJECT_DIR, "prod").config);
    assert.deepStrictEqual(names, { "333333333333": "identity", "444444444444": "workloads", "555555555555": "logging" });
    const model = describeAccess(await runStack("prod"), names);
    const table = renderTable(model);
    assert.match(table, /prod-alice\s+prod-Administrators\s+prod-Admin @ logging \(555555555555\)\s+required\s+1 h\s+1 h\s+-/);
    assert.match(table, /prod-carol\s+prod-Auditors\s+prod-Auditor @ logging \(555555555555\)\s+required\s+4 h\s+4 h/);
    const dot = renderDot(model);
    for (const account of ["identity", "workloads", "logging"]) assert.match(dot, new RegExp(`label="account ${account} \\(\\d{12}\\)"`));
    assert.match(dot, /subgraph cluster_legend \{ label="legend"/);
    for (const item of ["user", "group", "role", "member of", "assume with MFA", "NO MFA"]) assert.ok(dot.includes(item), `the legend shows ${item}`);
    const edgeLabels = [...dot.matchAll(/ -> "role:[^"]+" \[label="([^"]+)"/g)].map((m) => m[1]);
    assert.deepStrictEqual([...new Set(edgeLabels)].sort(), ["MFA ≤ 1 h", "MFA ≤ 2 h", "MFA ≤ 4 h"]);
    assert.match(renderMarkdownTable(model), /\n\*\*Legend\*\*: /);
  });

  it("writes the table, the DOT source and a non-empty SVG naming every user and role, where asked", async function () {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "access-"));
    const code = await new Promise<number>((resolve) =>
      execFile(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/access/main.ts", "--stack", "dev", "--out", out], { cwd: PROJECT_DIR }, (err) => resolve(err ? Number((err as { code?: number }).code) : 0)),
    );
    assert.strictEqual(code, 0);
    const svg = fs.readFileSync(path.join(out, "access.svg"), "utf8");
    assert.match(svg, /^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
    for (const name of ["user:alice", "user:bob", "group:Administrators", "group:Developers", "role:Admin@111111111111", "role:Admin@222222222222", "role:PowerUser@222222222222", "role:ReadOnly@111111111111", "role:ReadOnly@222222222222"]) {
      assert.ok(svg.includes(`<title>${name}</title>`), `${name} is drawn`);
    }
    assert.match(fs.readFileSync(path.join(out, "access.md"), "utf8"), /\| alice \| Administrators \| Admin @ identity \(111111111111\) \| required \|/);
    fs.rmSync(out, { recursive: true, force: true });
  });
});
