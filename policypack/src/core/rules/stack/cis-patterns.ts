import { CisControls } from "../../rule";

/**
 * The metric filters the CIS AWS Foundations Benchmark (section 4 in v1.4–v5.0) asks for on the
 * trail's log group, as published. Where the benchmark and Security Hub (CloudWatch.1–14) publish
 * different patterns, both are listed: a filter passes when it matches, by meaning, everything one of
 * them matches. Section 4 keeps the same ids in v1.4, v3.0, v4.0 and v5.0 (checked against Prowler's
 * CIS compliance mappings), as do the Trivy and Prowler check ids.
 */
export interface CisMetricFilter {
    readonly id: string;
    readonly title: string;
    readonly cis: CisControls;
    readonly securityHub?: string;
    readonly prowler: string;
    readonly trivy: string;
    readonly patterns: readonly string[];
}

const IAM_POLICY_EVENTS = [
    "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy",
    "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
];
const ORGANIZATIONS_EVENTS = [
    "AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy", "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit",
    "DeletePolicy", "DetachPolicy", "DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization", "LeaveOrganization", "MoveAccount", "RemoveAccountFromOrganization",
    "UpdatePolicy", "UpdateOrganizationalUnit",
];

function anyEvent(names: readonly string[], quote = false): string {
    return names.map((n) => `($.eventName = ${quote ? `"${n}"` : n})`).join(" || ");
}

function cis(section: string): CisControls {
    return { "1.4": section, "3.0": section, "4.0": section, "5.0": section };
}

export const CIS_METRIC_FILTERS: readonly CisMetricFilter[] = [
    {
        id: "unauthorized-api-calls",
        title: "unauthorized API calls",
        cis: cis("4.1"),
        securityHub: "CloudWatch.2",
        prowler: "cloudwatch_log_metric_filter_unauthorized_api_calls",
        trivy: "AVD-AWS-0147",
        patterns: [
            '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
            '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
            '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
        ],
    },
    {
        id: "console-sign-in-without-mfa",
        title: "console sign-in without MFA",
        cis: cis("4.2"),
        securityHub: "CloudWatch.3",
        prowler: "cloudwatch_log_metric_filter_sign_in_without_mfa",
        trivy: "AVD-AWS-0148",
        patterns: [
            '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
            '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
        ],
    },
    {
        id: "root-account-usage",
        title: "root account usage",
        cis: cis("4.3"),
        securityHub: "CloudWatch.1",
        prowler: "cloudwatch_log_metric_filter_root_usage",
        trivy: "AVD-AWS-0149",
        patterns: ['{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'],
    },
    {
        id: "iam-policy-changes",
        title: "IAM policy changes",
        cis: cis("4.4"),
        securityHub: "CloudWatch.4",
        prowler: "cloudwatch_log_metric_filter_policy_changes",
        trivy: "AVD-AWS-0150",
        patterns: [`{ ${anyEvent(IAM_POLICY_EVENTS)} }`, `{ ($.eventSource = iam.amazonaws.com) && (${anyEvent(IAM_POLICY_EVENTS)}) }`],
    },
    {
        id: "cloudtrail-configuration-changes",
        title: "CloudTrail configuration changes",
        cis: cis("4.5"),
        securityHub: "CloudWatch.5",
        prowler: "cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled",
        trivy: "AVD-AWS-0151",
        patterns: [`{ ${anyEvent(["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"])} }`],
    },
    {
        id: "console-authentication-failures",
        title: "console authentication failures",
        cis: cis("4.6"),
        securityHub: "CloudWatch.6",
        prowler: "cloudwatch_log_metric_filter_authentication_failures",
        trivy: "AVD-AWS-0152",
        patterns: ['{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'],
    },
    {
        id: "cmk-disable-or-deletion",
        title: "disabling or scheduled deletion of customer managed keys",
        cis: cis("4.7"),
        securityHub: "CloudWatch.7",
        prowler: "cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk",
        trivy: "AVD-AWS-0153",
        patterns: [`{ ($.eventSource = kms.amazonaws.com) && (${anyEvent(["DisableKey", "ScheduleKeyDeletion"])}) }`],
    },
    {
        id: "s3-bucket-policy-changes",
        title: "S3 bucket policy changes",
        cis: cis("4.8"),
        securityHub: "CloudWatch.8",
        prowler: "cloudwatch_log_metric_filter_for_s3_bucket_policy_changes",
        trivy: "AVD-AWS-0154",
        patterns: [
            `{ ($.eventSource = s3.amazonaws.com) && (${anyEvent([
                "PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication",
                "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication",
            ])}) }`,
        ],
    },
    {
        id: "config-changes",
        title: "AWS Config configuration changes",
        cis: cis("4.9"),
        securityHub: "CloudWatch.9",
        prowler: "cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled",
        trivy: "AVD-AWS-0155",
        patterns: [
            `{ ($.eventSource = config.amazonaws.com) && (${anyEvent(["StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder"])}) }`,
        ],
    },
    {
        id: "security-group-changes",
        title: "security group changes",
        cis: cis("4.10"),
        securityHub: "CloudWatch.10",
        prowler: "cloudwatch_log_metric_filter_security_group_changes",
        trivy: "AVD-AWS-0156",
        patterns: [
            `{ ${anyEvent([
                "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup",
            ])} }`,
        ],
    },
    {
        id: "nacl-changes",
        title: "network ACL changes",
        cis: cis("4.11"),
        securityHub: "CloudWatch.11",
        prowler: "cloudwatch_changes_to_network_acls_alarm_configured",
        trivy: "AVD-AWS-0157",
        patterns: [
            `{ ${anyEvent(["CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry", "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"])} }`,
        ],
    },
    {
        id: "network-gateway-changes",
        title: "network gateway changes",
        cis: cis("4.12"),
        securityHub: "CloudWatch.12",
        prowler: "cloudwatch_changes_to_network_gateways_alarm_configured",
        trivy: "AVD-AWS-0158",
        patterns: [
            `{ ${anyEvent(["CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway"])} }`,
        ],
    },
    {
        id: "route-table-changes",
        title: "route table changes",
        cis: cis("4.13"),
        securityHub: "CloudWatch.13",
        prowler: "cloudwatch_changes_to_network_route_tables_alarm_configured",
        trivy: "AVD-AWS-0159",
        patterns: [
            `{ ${anyEvent(["CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"])} }`,
            `{ ($.eventSource = ec2.amazonaws.com) && (${anyEvent(["CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"])}) }`,
        ],
    },
    {
        id: "vpc-changes",
        title: "VPC changes",
        cis: cis("4.14"),
        securityHub: "CloudWatch.14",
        prowler: "cloudwatch_changes_to_vpcs_alarm_configured",
        trivy: "AVD-AWS-0160",
        patterns: [
            `{ ${anyEvent([
                "CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection",
                "RejectVpcPeeringConnection", "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink",
            ])} }`,
        ],
    },
    {
        id: "organizations-changes",
        title: "AWS Organizations changes",
        cis: cis("4.15"),
        prowler: "cloudwatch_log_metric_filter_aws_organizations_changes",
        trivy: "AVD-AWS-0174",
        patterns: [`{ ($.eventSource = organizations.amazonaws.com) && (${anyEvent(ORGANIZATIONS_EVENTS, true)}) }`],
    },
];
