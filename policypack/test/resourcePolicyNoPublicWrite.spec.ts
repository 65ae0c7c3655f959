import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { resourcePolicyNoPublicWrite } from "../policies/resourcePolicyNoPublicWrite";
import { PolicyCase, TestResource, expectCase } from "./support/run";

const fixture = (file: string): TestResource => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/public", `${file}.json`), "utf8"));

const CASES: PolicyCase[] = [
  { name: "an ECR repository policy that lets anyone push images fails", resource: fixture("ecr-anyone-push"), expect: [/images policy Sid "Push" lets anyone in the world ecr:PutImage, .* with no organization or account condition\. .*\[PUB001 at policy:\$\.Statement\[0\]\.Principal\]$/] },
  { name: "an ECR repository policy for everyone in the organization passes", resource: fixture("ecr-org-push"), expect: [] },
  { name: "an ECR repository anyone can pull from is a read, left to the advisory policy", resource: fixture("ecr-anyone-pull"), expect: [] },
  { name: "a bucket policy that lets anyone put objects fails", resource: fixture("s3-anyone-put"), expect: ["lets anyone in the world s3:PutObject"] },
  { name: "a public website bucket (s3:GetObject) is a read and passes here", resource: fixture("s3-website-read"), expect: [] },
  { name: "a bucket policy narrowed to a VPC endpoint passes", resource: fixture("s3-vpce-put"), expect: [] },
  { name: "a queue policy that lets anyone send messages fails", resource: fixture("sqs-anyone-send"), expect: ["lets anyone in the world sqs:SendMessage"] },
  { name: "a queue policy narrowed to one topic by aws:SourceArn passes", resource: fixture("sqs-sns-source-arn"), expect: [] },
  { name: "a topic policy that lets anyone publish and subscribe fails", resource: fixture("sns-anyone-publish"), expect: ["lets anyone in the world SNS:Publish, SNS:Subscribe"] },
  { name: "a key policy that lets anyone decrypt fails, naming the statement", resource: fixture("kms-anyone-decrypt"), expect: [/key policy Sid "Everyone" lets anyone in the world kms:Decrypt, kms:GenerateDataKey.*\[PUB001 at policy:\$\.Statement\[1\]\.Principal\]$/] },
  { name: "a key policy for its own account passes", resource: fixture("kms-account-only"), expect: [] },
  { name: "a Lambda permission for principal * with no source fails", resource: fixture("lambda-permission-anyone"), expect: [/invoke principal lets anyone in the world lambda:InvokeFunction.*\[PUB002 at principal:\$\]$/] },
  { name: "a Lambda permission for API Gateway with its sourceArn passes", resource: fixture("lambda-permission-apigw-source-arn"), expect: [] },
  { name: "a Lambda permission for * narrowed by sourceAccount passes", resource: fixture("lambda-permission-star-with-account"), expect: [] },
  { name: "a Lambda permission for * narrowed by one bucket's sourceArn passes", resource: fixture("lambda-permission-star-one-bucket"), expect: [] },
  // Bug: bucket names are global, so a wildcard in the bucket name lets anyone's bucket in.
  { name: "a Lambda permission for * with a bucket-name prefix as sourceArn fails: anyone may create such a bucket", resource: fixture("lambda-permission-star-bucket-prefix"), expect: [/invoke principal lets anyone in the world lambda:InvokeFunction.*\[PUB002 at principal:\$\]$/] },
  { name: "a public function URL is not a write: left to the advisory policy", resource: fixture("lambda-function-url-public"), expect: [] },
];

describe("iam-resource-policy-no-public-write", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(resourcePolicyNoPublicWrite, c);
      for (const m of messages) {
        assert.match(m, /\[PUB00[12] at \w+:\$/);
        // The fix fits the finding: a statement's principals and conditions, or a Lambda permission's source.
        const fix = m.includes("[PUB001") ? 'Name the principals or add "StringEquals": {"aws:PrincipalOrgID": "o-..."} (or aws:PrincipalAccount)' : "Set sourceArn or sourceAccount (or principalOrgId) on the permission";
        assert.ok(m.includes(fix), `"${m}" names the fix: ${fix}`);
      }
    });
  }
});
