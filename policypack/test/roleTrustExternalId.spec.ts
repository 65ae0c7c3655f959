import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { roleTrustExternalId } from "../policies/roleTrustExternalId";
import { PolicyCase, expectCase, role } from "./support/run";

const trust = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/trusts", `${file}.json`), "utf8"));
const OWN = { arn: "arn:aws:iam::111111111111:role/vendor" };

const CASES: PolicyCase[] = [
  { name: "a vendor account's root with its own external id passes", resource: role(trust("vendor-external-id"), OWN), expect: [] },
  { name: "a placeholder external id fails: it is the same for every customer", resource: role(trust("vendor-external-id-placeholder"), OWN), expect: [/external id "external-id", which is a placeholder.*\[XID002 at assumeRolePolicy:\$\.Statement\[0\]\.Condition\.StringEquals\["sts:ExternalId"\]\]$/] },
  { name: "a wildcard external id fails", resource: role(trust("vendor-external-id-wildcard"), OWN), expect: ['external id "*", which is a wildcard'] },
  { name: "an account id as the external id fails", resource: role(trust("vendor-external-id-account"), OWN), expect: ["which is an account id"] },
  { name: "an IfExists external id fails: it does not require one", resource: role(trust("vendor-external-id-if-exists"), OWN), expect: [/with StringEqualsIfExists, which does not require it.*XID001/] },
  { name: "a role principal is not the third-party pattern and is not checked", resource: role(trust("cross-account-ci-role"), OWN), expect: [] },
  { name: "an account principal without an external id is a person's trust, left to iam-role-trust-requires-mfa", resource: role(trust("identity-account-narrowed-to-ci-roles"), OWN), expect: [] },
];

describe("iam-role-trust-external-id", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(roleTrustExternalId, c);
      for (const m of messages) assert.match(m, /\[XID00[12] at assumeRolePolicy:\$\.Statement\[0\]\.Condition/);
    });
  }
});
