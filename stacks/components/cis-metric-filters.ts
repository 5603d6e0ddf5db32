/**
 * The CloudWatch Logs metric filters of the CIS AWS Foundations Benchmark monitoring section
 * (v1.4–v3.0 section 4; Security Hub CloudWatch.1–14), patterns exactly as published, so that
 * any scanner that recognises the benchmark's filters recognises these. Where CIS and Security
 * Hub publish different texts for the same control, the broader one is used (noted per filter).
 */
export interface CisMetricFilter {
    /** Stable id, used in resource and metric names. */
    readonly id: string;
    readonly name: string;
    readonly pattern: string;
    /** Control ids by benchmark version. */
    readonly cis: { readonly "1.4": string; readonly "3.0": string };
    readonly securityHub?: string;
}

const eventNames = (names: readonly string[]) => names.map((name) => `($.eventName = ${name})`).join(" || ");

export const CIS_METRIC_FILTERS: readonly CisMetricFilter[] = [
    {
        id: "unauthorized-api-calls",
        name: "Unauthorized API calls",
        // Security Hub's text: CIS adds exclusions for log delivery and HeadBucket, which only narrow it.
        pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
        cis: { "1.4": "4.1", "3.0": "4.1" },
        securityHub: "CloudWatch.2",
    },
    {
        id: "console-signin-without-mfa",
        name: "Management Console sign-in without MFA",
        pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
        cis: { "1.4": "4.2", "3.0": "4.2" },
        securityHub: "CloudWatch.3",
    },
    {
        id: "root-account-usage",
        name: "Usage of the root account",
        pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
        cis: { "1.4": "4.3", "3.0": "4.3" },
        securityHub: "CloudWatch.1",
    },
    {
        id: "iam-policy-changes",
        name: "IAM policy changes",
        pattern: `{ ${eventNames([
            "DeleteGroupPolicy",
            "DeleteRolePolicy",
            "DeleteUserPolicy",
            "PutGroupPolicy",
            "PutRolePolicy",
            "PutUserPolicy",
            "CreatePolicy",
            "DeletePolicy",
            "CreatePolicyVersion",
            "DeletePolicyVersion",
            "AttachRolePolicy",
            "DetachRolePolicy",
            "AttachUserPolicy",
            "DetachUserPolicy",
            "AttachGroupPolicy",
            "DetachGroupPolicy",
        ])} }`,
        cis: { "1.4": "4.4", "3.0": "4.4" },
        securityHub: "CloudWatch.4",
    },
    {
        id: "cloudtrail-configuration-changes",
        name: "CloudTrail configuration changes",
        pattern: `{ ${eventNames(["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"])} }`,
        cis: { "1.4": "4.5", "3.0": "4.5" },
        securityHub: "CloudWatch.5",
    },
    {
        id: "console-authentication-failures",
        name: "Management Console authentication failures",
        pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
        cis: { "1.4": "4.6", "3.0": "4.6" },
        securityHub: "CloudWatch.6",
    },
    {
        id: "cmk-disable-or-deletion",
        name: "Disabling or scheduled deletion of customer managed keys",
        pattern: "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }",
        cis: { "1.4": "4.7", "3.0": "4.7" },
        securityHub: "CloudWatch.7",
    },
    {
        id: "s3-bucket-policy-changes",
        name: "S3 bucket policy changes",
        pattern: `{ ($.eventSource = s3.amazonaws.com) && (${eventNames([
            "PutBucketAcl",
            "PutBucketPolicy",
            "PutBucketCors",
            "PutBucketLifecycle",
            "PutBucketReplication",
            "DeleteBucketPolicy",
            "DeleteBucketCors",
            "DeleteBucketLifecycle",
            "DeleteBucketReplication",
        ])}) }`,
        cis: { "1.4": "4.8", "3.0": "4.8" },
        securityHub: "CloudWatch.8",
    },
    {
        id: "aws-config-changes",
        name: "AWS Config configuration changes",
        pattern: `{ ($.eventSource = config.amazonaws.com) && (${eventNames([
            "StopConfigurationRecorder",
            "DeleteDeliveryChannel",
            "PutDeliveryChannel",
            "PutConfigurationRecorder",
        ])}) }`,
        cis: { "1.4": "4.9", "3.0": "4.9" },
        securityHub: "CloudWatch.9",
    },
    {
        id: "security-group-changes",
        name: "Security group changes",
        pattern: `{ ${eventNames([
            "AuthorizeSecurityGroupIngress",
            "AuthorizeSecurityGroupEgress",
            "RevokeSecurityGroupIngress",
            "RevokeSecurityGroupEgress",
            "CreateSecurityGroup",
            "DeleteSecurityGroup",
        ])} }`,
        cis: { "1.4": "4.10", "3.0": "4.10" },
        securityHub: "CloudWatch.10",
    },
    {
        id: "nacl-changes",
        name: "Network ACL changes",
        pattern: `{ ${eventNames([
            "CreateNetworkAcl",
            "CreateNetworkAclEntry",
            "DeleteNetworkAcl",
            "DeleteNetworkAclEntry",
            "ReplaceNetworkAclEntry",
            "ReplaceNetworkAclAssociation",
        ])} }`,
        cis: { "1.4": "4.11", "3.0": "4.11" },
        securityHub: "CloudWatch.11",
    },
    {
        id: "network-gateway-changes",
        name: "Network gateway changes",
        pattern: `{ ${eventNames([
            "CreateCustomerGateway",
            "DeleteCustomerGateway",
            "AttachInternetGateway",
            "CreateInternetGateway",
            "DeleteInternetGateway",
            "DetachInternetGateway",
        ])} }`,
        cis: { "1.4": "4.12", "3.0": "4.12" },
        securityHub: "CloudWatch.12",
    },
    {
        id: "route-table-changes",
        name: "Route table changes",
        // Security Hub's text: CIS v1.4 prefixes an eventSource test that, unparenthesised, binds only to CreateRoute.
        pattern: `{ ${eventNames([
            "CreateRoute",
            "CreateRouteTable",
            "ReplaceRoute",
            "ReplaceRouteTableAssociation",
            "DeleteRouteTable",
            "DeleteRoute",
            "DisassociateRouteTable",
        ])} }`,
        cis: { "1.4": "4.13", "3.0": "4.13" },
        securityHub: "CloudWatch.13",
    },
    {
        id: "vpc-changes",
        name: "VPC changes",
        pattern: `{ ${eventNames([
            "CreateVpc",
            "DeleteVpc",
            "ModifyVpcAttribute",
            "AcceptVpcPeeringConnection",
            "CreateVpcPeeringConnection",
            "DeleteVpcPeeringConnection",
            "RejectVpcPeeringConnection",
            "AttachClassicLinkVpc",
            "DetachClassicLinkVpc",
            "DisableVpcClassicLink",
            "EnableVpcClassicLink",
        ])} }`,
        cis: { "1.4": "4.14", "3.0": "4.14" },
        securityHub: "CloudWatch.14",
    },
    {
        id: "organizations-changes",
        name: "AWS Organizations changes",
        pattern: `{ ($.eventSource = organizations.amazonaws.com) && (${[
            "AcceptHandshake",
            "AttachPolicy",
            "CreateAccount",
            "CreateOrganizationalUnit",
            "CreatePolicy",
            "DeclineHandshake",
            "DeleteOrganization",
            "DeleteOrganizationalUnit",
            "DeletePolicy",
            "DetachPolicy",
            "DisablePolicyType",
            "EnablePolicyType",
            "InviteAccountToOrganization",
            "LeaveOrganization",
            "MoveAccount",
            "RemoveAccountFromOrganization",
            "UpdatePolicy",
            "UpdateOrganizationalUnit",
        ]
            .map((name) => `($.eventName = "${name}")`)
            .join(" || ")}) }`,
        cis: { "1.4": "4.15", "3.0": "4.15" },
    },
];
