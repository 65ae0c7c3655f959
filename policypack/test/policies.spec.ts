/**
 * The pack's list of policies, as users see it before any resource is checked: names (a contract
 * with their config files), default enforcement levels and the README's table, descriptions and
 * remediation steps, config schemas and their defaults.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../policies";

const README = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
type Policy = ResourceValidationPolicy | StackValidationPolicy;
const list = policies as Policy[];
const schemaOf = (p: Policy) => (p.configSchema?.properties ?? {}) as Record<string, { type?: string; default?: unknown; items?: unknown; minimum?: number; maximum?: number }>;

describe("the pack's policies", function () {
  it("are the ones the README documents, each once", function () {
    const names = list.map((p) => p.name);
    assert.strictEqual(new Set(names).size, names.length);
    assert.deepStrictEqual(names.sort(), [...README.matchAll(/^\| `(iam-[a-z-]+)`(?: \(stack\))? \| (mandatory|advisory) \|/gm)].map((m) => m[1]).sort());
  });

  for (const p of list) {
    describe(p.name, function () {
      it("has the default enforcement level the README states", function () {
        const row = new RegExp(`^\\| \`${p.name}\`(?: \\(stack\\))? \\| (mandatory|advisory) \\|`, "m").exec(README);
        assert.ok(row, `${p.name} is in the README's table`);
        assert.strictEqual(p.enforcementLevel, row[1]);
      });
      it("says what it checks and how to fix a finding, in sentences", function () {
        assert.ok(p.description && p.description.length >= 40 && /[.)]$/.test(p.description), `description: ${p.description}`);
        assert.ok(p.remediationSteps && p.remediationSteps.length >= 40, `remediation: ${p.remediationSteps}`);
        assert.ok(["low", "medium", "high", "critical"].includes(p.severity ?? ""), `severity: ${p.severity}`);
      });
      it("documents each config option in the README's option table, with a default", function () {
        for (const [option, schema] of Object.entries(schemaOf(p))) {
          assert.ok(new RegExp(`^\\| \`${p.name}\` \\| [^|]*\`${option}\``, "m").test(README), `${p.name} ${option} is in the README's option table`);
          assert.notStrictEqual(schema.default, undefined, `${option} has a default`);
          assert.ok(schema.type, `${option} has a type`);
        }
      });
    });
  }

  it("config schemas: list options default to empty lists of the right items; thresholds have the documented defaults and bounds", function () {
    const byName = Object.fromEntries(list.map((p) => [p.name, schemaOf(p)]));
    assert.deepStrictEqual(byName["iam-role-trust-requires-mfa"].allowedPrincipals, { type: "array", items: { type: "string" }, default: [], description: "ARN patterns of principals allowed without MFA" });
    assert.deepStrictEqual(byName["iam-role-trust-requires-mfa"].exemptRoles, { type: "array", items: { type: "string" }, default: [], description: "Role name patterns not checked" });
    assert.deepStrictEqual(byName["iam-deny-not-overly-broad"].mustRemainAllowed, {
      type: "array",
      default: [],
      description: "Accesses no Deny may block",
      items: { type: "object", properties: { action: { type: "string" }, resource: { type: "string" } }, required: ["action", "resource"], additionalProperties: false },
    });
    assert.deepStrictEqual(byName["iam-password-policy-strong"], {
      minimumLength: { type: "integer", default: 14, minimum: 8 },
      maxAgeDays: { type: "integer", default: 90, minimum: 1 },
      reusePrevention: { type: "integer", default: 24, minimum: 1, maximum: 24 },
    });
  });
});
