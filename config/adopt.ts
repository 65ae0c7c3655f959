/**
 * `iam-baseline:adopt`: take over identities made by hand instead of creating them.
 *
 *   iam-baseline:adopt:
 *     from: [adopt/account.json, adopt/mfa.json, adopt/login-profiles/]   # AWS CLI outputs: files or folders
 *     identities: all                     # or [users.developer, groups.Administrators, roles.ResourceCreatorRole]
 *
 * Paths are relative to the project directory (where `pulumi up` runs the program). Everything is
 * read and compared before a resource is registered: a refusal fails the update with nothing applied.
 */
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { AdoptionResult, AdoptSelection, planAdoption } from "../lib/adopt/plan";
import { Snapshot, SnapshotBuilder, SnapshotError } from "../lib/adopt/snapshot";
import { ResolvedLayout } from "./layout";
import { ConfigProblem, formatPath, LayoutConfigError } from "./validate";

export const ADOPT_KEY = "adopt";

const identityRef = z.string().regex(/^(users|groups|roles)\.[\w+=,.@-]+$/, { error: 'expected "users.<key>", "groups.<key>" or "roles.<key>"' });

export const adoptConfigSchema = z.strictObject({
  from: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], { error: "expected a file or folder of AWS CLI outputs, or a list of them" }),
  identities: z.union([z.literal("all"), z.array(identityRef)], { error: 'expected "all" or a list such as [users.alice, roles.Admin]' }).default("all"),
  /** Identities adopted by an earlier up that the layout now manages in place. */
  joined: z.array(identityRef).default([]),
});

export type AdoptConfig = z.output<typeof adoptConfigSchema>;

/** The files named by `from`: a folder gives its `*.json` files, in name order. */
export function snapshotFiles(from: string | string[], baseDir: string): string[] {
  const files: string[] = [];
  for (const entry of Array.isArray(from) ? from : [from]) {
    const full = path.resolve(baseDir, entry);
    if (!fs.existsSync(full)) throw new SnapshotError(`${entry}: no such file or folder (relative to ${baseDir})`);
    if (fs.statSync(full).isDirectory()) {
      for (const f of fs.readdirSync(full).filter((f) => f.endsWith(".json")).sort()) files.push(path.join(full, f));
    } else files.push(full);
  }
  return files;
}

export function loadSnapshot(files: string[], baseDir: string): Snapshot {
  const builder = new SnapshotBuilder();
  for (const file of files) {
    const shown = path.relative(baseDir, file) || file;
    let doc: unknown;
    try {
      doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
      throw new SnapshotError(`${shown}: ${(err as Error).message}`);
    }
    builder.add(doc, shown);
  }
  return builder.build();
}

/**
 * Validate `iam-baseline:adopt`, read the snapshot, compare it with the layout. Throws a
 * `LayoutConfigError` naming every refusal; returns undefined when the stack adopts nothing.
 */
export function resolveAdoption(raw: unknown, layout: ResolvedLayout, baseDir: string, override?: { from?: string[]; identities?: AdoptSelection }): AdoptionResult | undefined {
  if (raw === undefined && override?.from === undefined) return undefined;
  const problems: ConfigProblem[] = [];
  let config: AdoptConfig = { from: override?.from ?? [], identities: override?.identities ?? "all", joined: [] };
  if (raw !== undefined) {
    const parsed = adoptConfigSchema.safeParse(raw);
    if (!parsed.success) {
      throw new LayoutConfigError(layout.source, parsed.error.issues.map((i) => ({ path: formatPath([ADOPT_KEY, ...i.path]), message: i.message })));
    }
    config = { from: override?.from ?? parsed.data.from, identities: override?.identities ?? parsed.data.identities, joined: parsed.data.joined };
  }
  let snapshot: Snapshot;
  try {
    snapshot = loadSnapshot(snapshotFiles(config.from, baseDir), baseDir);
  } catch (err) {
    if (!(err instanceof SnapshotError)) throw err;
    throw new LayoutConfigError(layout.source, [{ path: `${ADOPT_KEY}.from`, message: err.message }]);
  }
  const result = planAdoption(layout, snapshot, config.identities, config.joined);
  problems.push(...result.problems);
  if (problems.length > 0) throw new AdoptionRefused(layout.source, problems, result);
  return result;
}

/** A refusal: the problems, and the report that explains them. */
export class AdoptionRefused extends LayoutConfigError {
  constructor(
    source: string,
    problems: ConfigProblem[],
    readonly result: AdoptionResult,
  ) {
    super(source, problems);
  }
}
