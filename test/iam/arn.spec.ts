/** lib/iam/arn: the partition of a region, as the AWS SDKs' partitions.json (`regionRegex` of each partition) assigns it. */
import { strict as assert } from "node:assert";
import { partitionOf } from "../../lib/iam/arn";

const REGIONS: [region: string, partition: string][] = [
  ["us-east-1", "aws"],
  ["eu-west-1", "aws"],
  ["il-central-1", "aws"],
  ["mx-central-1", "aws"],
  ["us-gov-west-1", "aws-us-gov"],
  ["cn-north-1", "aws-cn"],
  ["cn-northwest-1", "aws-cn"],
  ["us-iso-east-1", "aws-iso"],
  ["us-iso-west-1", "aws-iso"],
  ["us-isob-east-1", "aws-iso-b"],
  ["eu-isoe-west-1", "aws-iso-e"],
  ["us-isof-south-1", "aws-iso-f"],
  ["us-isof-east-1", "aws-iso-f"],
  ["eusc-de-east-1", "aws-eusc"],
];

describe("lib/iam/arn", function () {
  for (const [region, partition] of REGIONS) {
    it(`${region} is in the ${partition} partition`, function () {
      assert.equal(partitionOf(region), partition);
    });
  }
  it("a region whose prefix only looks like a partition's stays in aws (us-isolated-1 is not us-iso-)", function () {
    assert.equal(partitionOf("us-isolated-1"), "aws");
    assert.equal(partitionOf("xcn-north-1"), "aws");
  });
});
