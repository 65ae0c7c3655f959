/** Layouts of the adopting test stacks and snapshots of the seed fixtures, read as the program reads them. */
import * as fs from "fs";
import * as path from "path";
import { ResolvedLayout } from "../../config/layout";
import { resolveLayout } from "../../config/validate";
import { Snapshot, SnapshotBuilder } from "../../lib/adopt/snapshot";
import { loadStackConfig } from "../../tools/stack/stackConfig";
import { namespaceOf } from "../../tools/adopt/stackAdoption";
import { PROJECT_DIR, TEST_STACKS_DIR } from "../support/stacks";

export const FIXTURES = path.join(PROJECT_DIR, "test/fixtures/adopt");

/** The layout of `test/stacks/Pulumi.<stack>.yaml`, optionally patched (top-level namespace keys). */
export function layoutOf(stack: string, patch: Record<string, unknown> = {}): ResolvedLayout {
  const { adopt: _adopt, ...raw } = namespaceOf(loadStackConfig(PROJECT_DIR, path.join(TEST_STACKS_DIR, `Pulumi.${stack}.yaml`)).config);
  return resolveLayout({ ...raw, ...patch }, `Pulumi.${stack}.yaml`);
}

/** The CLI outputs of a seed fixture folder, each passed through `edit` (a deep copy) first. */
export function snapshotOf(seed: string, edit: (file: string, doc: Record<string, unknown>) => void = () => undefined): Snapshot {
  const dir = path.join(FIXTURES, seed);
  const builder = new SnapshotBuilder();
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Record<string, unknown>;
    edit(f, doc);
    builder.add(doc, `${seed}/${f}`);
  }
  return builder.build();
}
