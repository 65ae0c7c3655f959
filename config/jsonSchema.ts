/** The layout config's rules as a JSON Schema (draft 2020-12), from the zod schema: one source of truth. */
import { z } from "zod";
import { layoutConfigSchema } from "./schema";

/** JSON Schema of the config as a user writes it (defaults optional), for editors and other languages. */
export function layoutConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(layoutConfigSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
