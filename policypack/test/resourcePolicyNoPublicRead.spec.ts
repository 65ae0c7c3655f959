import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { resourcePolicyNoPublicRead } from "../policies/resourcePolicyNoPublicRead";
import { PolicyCase, TestResource, expectCase } from "./support/run";

const fixture = (file: string): TestResource => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/public", `${file}.json`), "utf8"));

const CASES: PolicyCase[] = [
  { name: "a public website bucket is reported as public read", resource: fixture("s3-website-read"), expect: [/site policy statement #1 lets anyone in the world s3:GetObject\. .*\[PUB003 at policy:\$\.Statement\[0\]\.Principal\]$/] },
  { name: "an ECR repository anyone can pull from is reported", resource: fixture("ecr-anyone-pull"), expect: ["lets anyone in the world ecr:BatchGetImage, ecr:GetDownloadUrlForLayer"] },
  { name: "a public function URL is reported", resource: fixture("lambda-function-url-public"), expect: [/is a function URL anyone in the world can invoke without signing.*PUB004/] },
  { name: "reads only through a named VPC endpoint pass", resource: fixture("s3-read-vpce-only"), expect: [] },
  { name: "reads under ForAllValues:StringEquals aws:SourceVpce are public: a request from the internet has no endpoint, and ForAllValues is then true", resource: fixture("s3-read-for-all-values-vpce"), expect: ["internal policy statement #1 lets anyone in the world s3:GetObject"] },
  { name: "the reads of an organization-wide policy pass", resource: fixture("ecr-org-push"), expect: [] },
  { name: "a public write only is the mandatory policy's, not reported here", resource: fixture("s3-anyone-put"), expect: [] },
  { name: "a key policy for its own account passes", resource: fixture("kms-account-only"), expect: [] },
];

describe("iam-resource-policy-no-public-read", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(resourcePolicyNoPublicRead, c);
      for (const m of messages) {
        assert.match(m, /\[PUB00[34] at \w+:\$/);
        // The fix fits the finding: a function URL's auth type, or a policy's principals.
        const fix = m.includes("[PUB004") ? 'If it is not a public endpoint, set functionUrlAuthType "AWS_IAM"' : "If it is not meant to be public, name the principals or add an aws:PrincipalOrgID condition";
        assert.ok(m.includes(fix), `"${m}" names the fix: ${fix}`);
      }
    });
  }
});
