import { createHash, createHmac } from "crypto";

export interface AwsCredentials {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
}

interface ListedKey {
    readonly Value: string;
    readonly ValidityStartTime?: number;
    readonly ValidityEndTime?: number;
    readonly Fingerprint?: string;
}

/**
 * CloudTrail ListPublicKeys in one region, for every key valid in [start, end], as the AWS CLI
 * prints it (base64 values, ISO times). Signed here with SigV4 because the pack depends on the S3
 * client only; the endpoint honours AWS_ENDPOINT_URL_CLOUDTRAIL and AWS_ENDPOINT_URL like the SDK.
 */
export async function listPublicKeys(region: string, credentials: AwsCredentials, start: Date, end: Date, env: NodeJS.ProcessEnv): Promise<object[]> {
    const endpoint = new URL(env.AWS_ENDPOINT_URL_CLOUDTRAIL ?? env.AWS_ENDPOINT_URL ?? `https://cloudtrail.${region}.amazonaws.com`);
    const keys: object[] = [];
    let nextToken: string | undefined;
    do {
        const body = JSON.stringify({ StartTime: Math.floor(start.getTime() / 1000), EndTime: Math.ceil(end.getTime() / 1000), ...(nextToken ? { NextToken: nextToken } : {}) });
        const headers = signRequest(endpoint, region, body, credentials, new Date());
        const response = await fetch(endpoint, { method: "POST", headers, body });
        const text = await response.text();
        if (!response.ok) {
            throw new Error(`CloudTrail ListPublicKeys in ${region} failed (HTTP ${response.status}): ${text.slice(0, 200)}`);
        }
        const page = JSON.parse(text) as { PublicKeyList?: ListedKey[]; NextToken?: string };
        for (const key of page.PublicKeyList ?? []) {
            keys.push({
                Value: key.Value,
                ...(key.ValidityStartTime === undefined ? {} : { ValidityStartTime: new Date(key.ValidityStartTime * 1000).toISOString() }),
                ...(key.ValidityEndTime === undefined ? {} : { ValidityEndTime: new Date(key.ValidityEndTime * 1000).toISOString() }),
                ...(key.Fingerprint === undefined ? {} : { Fingerprint: key.Fingerprint }),
            });
        }
        nextToken = page.NextToken;
    } while (nextToken);
    return keys;
}

/** AWS Signature Version 4 for a JSON 1.1 POST to the endpoint's root. */
export function signRequest(endpoint: URL, region: string, body: string, credentials: AwsCredentials, now: Date): Record<string, string> {
    const amzDate = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    const day = amzDate.slice(0, 8);
    const headers: Record<string, string> = {
        "content-type": "application/x-amz-json-1.1",
        host: endpoint.host,
        "x-amz-date": amzDate,
        "x-amz-target": "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.ListPublicKeys",
        ...(credentials.sessionToken ? { "x-amz-security-token": credentials.sessionToken } : {}),
    };
    const names = Object.keys(headers).sort();
    const signedHeaders = names.join(";");
    const canonicalRequest = ["POST", endpoint.pathname || "/", "", ...names.map((name) => `${name}:${headers[name]}`), "", signedHeaders, sha256Hex(body)].join("\n");
    const scope = `${day}/${region}/cloudtrail/aws4_request`;
    const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
    const signingKey = [day, region, "cloudtrail", "aws4_request"].reduce<Buffer | string>((key, part) => hmac(key, part), `AWS4${credentials.secretAccessKey}`);
    const signature = createHmac("sha256", signingKey).update(stringToSign).digest("hex");
    const { host: _host, ...sent } = headers;
    return { ...sent, authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}` };
}

function hmac(key: Buffer | string, data: string): Buffer {
    return createHmac("sha256", key).update(data).digest();
}

function sha256Hex(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}
