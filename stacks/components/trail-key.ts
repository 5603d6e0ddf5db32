import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "../policies/document";

export interface CustomerKey {
    readonly key: aws.kms.Key;
    readonly alias: aws.kms.Alias;
}

/** A customer managed key with yearly rotation, its policy and an alias that names it in the console. */
export function customerKey(
    name: string,
    args: { description: string; policy: pulumi.Output<PolicyDocument>; aliasName: pulumi.Input<string> },
    opts: pulumi.CustomResourceOptions,
): CustomerKey {
    const key = new aws.kms.Key(
        name,
        {
            description: args.description,
            enableKeyRotation: true,
            // The longest window: a scheduled deletion of a log key must be noticed (CIS alarm) and cancelled in time.
            deletionWindowInDays: 30,
            policy: args.policy.apply((document) => JSON.stringify(document)),
        },
        opts,
    );
    const alias = new aws.kms.Alias(`${name}-alias`, { name: args.aliasName, targetKeyId: key.keyId }, opts);
    return { key, alias };
}
