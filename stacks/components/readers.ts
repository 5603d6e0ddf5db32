import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TrailNames } from "../names";
import { CLOUDTRAIL_READ_ONLY_POLICY, readerPolicy, readerTrust } from "../policies/role-policies";
import { tamperDenyScp } from "../policies/tamper-deny-scp";

/** The log-reader role: AWSCloudTrail_ReadOnlyAccess plus reading and decrypting the log files. */
export function logReader(name: string, names: pulumi.Output<TrailNames>, keyArn: pulumi.Output<string>, opts: pulumi.CustomResourceOptions): aws.iam.Role {
    const role = new aws.iam.Role(`${name}-log-reader`, { name: names.readerRoleName, assumeRolePolicy: names.apply((n) => JSON.stringify(readerTrust(n))) }, opts);
    new aws.iam.RolePolicyAttachment(
        `${name}-log-reader-cloudtrail-read-only`,
        { role: role.name, policyArn: names.apply((n) => `arn:${n.env.partition}:iam::aws:policy/${CLOUDTRAIL_READ_ONLY_POLICY}`) },
        opts,
    );
    const policy = new aws.iam.Policy(
        `${name}-log-reader-files`,
        {
            name: names.apply((n) => `${n.readerRoleName}-files`),
            description: "Read and decrypt the organization trail's log files; nothing that writes.",
            policy: pulumi.all([names, keyArn]).apply(([n, arn]) => JSON.stringify(readerPolicy(n, arn))),
        },
        opts,
    );
    new aws.iam.RolePolicyAttachment(`${name}-log-reader-files`, { role: role.name, policyArn: policy.arn }, opts);
    return role;
}

/** The tamper-deny SCP, attached to the organization root so it binds every member account. */
export function tamperDenyPolicy(
    name: string,
    names: pulumi.Output<TrailNames>,
    keyArn: pulumi.Output<string>,
    rootId: pulumi.Output<string>,
    opts: pulumi.CustomResourceOptions,
): aws.organizations.Policy {
    const policy = new aws.organizations.Policy(
        `${name}-tamper-deny`,
        {
            name: names.apply((n) => `${n.trailName}-tamper-deny`),
            description: "Member accounts may not stop, change or delete the organization trail, its bucket's protections or its key. Does not bind the management account.",
            type: "SERVICE_CONTROL_POLICY",
            content: pulumi.all([names, keyArn]).apply(([n, arn]) => JSON.stringify(tamperDenyScp(n, arn))),
        },
        opts,
    );
    new aws.organizations.PolicyAttachment(`${name}-tamper-deny-root`, { policyId: policy.id, targetId: rootId }, opts);
    return policy;
}
