import { RecordedResource } from "./types";

/**
 * The explicit provider a recorded resource was created through, if any. Provider references are
 * `<provider urn>::<provider id>`; a component carries its providers in `providers` instead.
 */
export function explicitProvider(r: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>, includeComponentProviders = false): RecordedResource | undefined {
  const ref = r.provider || (includeComponentProviders ? Object.values(r.providers)[0] : "") || "";
  return ref ? byUrn.get(ref.slice(0, ref.lastIndexOf("::"))) : undefined;
}
