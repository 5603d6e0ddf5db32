import { ResourceSnapshot } from "../resource";
import { asBool, asString, Field, prop } from "../values";

/** What the rules know about an aws:kms/key:Key. */
export interface KeyFacts {
    readonly urn: string;
    readonly name: string;
    readonly enableKeyRotation: Field<boolean>;
}

export function keyFacts(key: ResourceSnapshot): KeyFacts {
    return { urn: key.urn, name: key.name, enableKeyRotation: asBool(prop(key.props, "enableKeyRotation")) };
}

/**
 * The ways a trail's kmsKeyId can name a key: a key ARN, a key id, an alias ARN or an alias name.
 * Only the shape is read here; the linker looks the parts up.
 */
export type KeyReference =
    | { readonly by: "keyArn"; readonly arn: string; readonly keyId: string }
    | { readonly by: "keyId"; readonly keyId: string }
    | { readonly by: "aliasArn"; readonly arn: string; readonly aliasName: string }
    | { readonly by: "aliasName"; readonly aliasName: string };

export function parseKeyReference(value: string): KeyReference {
    const arn = /^arn:[^:]+:kms:[^:]*:[^:]*:(key|alias)\/(.+)$/.exec(value);
    if (arn) {
        return arn[1] === "key" ? { by: "keyArn", arn: value, keyId: arn[2] } : { by: "aliasArn", arn: value, aliasName: `alias/${arn[2]}` };
    }
    return value.startsWith("alias/") ? { by: "aliasName", aliasName: value } : { by: "keyId", keyId: value };
}

/** The names under which the linker indexes a key: its id and its ARN, as far as they are known. */
export function keyIdentifiers(key: ResourceSnapshot): string[] {
    return [asString(prop(key.props, "keyId")), asString(prop(key.props, "arn"))].flatMap((f) => (f.state === "known" ? [f.value] : []));
}
