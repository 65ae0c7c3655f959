/**
 * A `pulumi import --file` document for what the program imports, for teams that prefer Pulumi's
 * own bulk import: built from the resources the program registers with an `import` id (run under
 * the mocks), with their component parents as `component: true` entries (Pulumi 3.94 and later),
 * so the imported URNs are the ones the program then finds in the state.
 */
import type { ImportResource } from "@pulumi/pulumi/automation";
import { RecordedResource, StackRun } from "../stack/types";

export interface PulumiImportFile {
  nameTable?: Record<string, string>;
  resources: ImportResource[];
}

/** A key unique in the file: the short type and the resource name (a Person and its User share a name). */
const keyOf = (r: RecordedResource) => `${r.type.split(":").pop()}:${r.name}`;

export function importFile(run: StackRun): PulumiImportFile {
  const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
  const included = new Map<string, ImportResource>();
  const nameTable: Record<string, string> = {};
  const order: string[] = [];
  const include = (r: RecordedResource) => {
    if (included.has(r.urn)) return;
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    if (parent) include(parent);
    const entry: ImportResource = { type: r.type, name: keyOf(r), logicalName: r.name };
    if (parent) entry.parent = keyOf(parent);
    if (r.custom) entry.id = r.importId;
    else entry.component = true;
    if (r.provider) {
      const providerUrn = r.provider.slice(0, r.provider.lastIndexOf("::"));
      const provider = byUrn.get(providerUrn);
      if (provider) {
        nameTable[keyOf(provider)] = providerUrn;
        entry.provider = keyOf(provider);
      }
    }
    included.set(r.urn, entry);
    order.push(r.urn);
  };
  for (const r of run.resources) if (r.importId) include(r);
  const file: PulumiImportFile = { resources: order.map((u) => included.get(u)!) };
  if (Object.keys(nameTable).length > 0) file.nameTable = nameTable;
  return file;
}
