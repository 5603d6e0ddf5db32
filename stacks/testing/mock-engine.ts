import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { PROJECT } from "../config";
import { Environment } from "../names";

/**
 * Runs a Pulumi program under `pulumi.runtime.setMocks` and records every resource it registers
 * the way the engine would see it: the raw wire values of the inputs (unknowns still sentinels),
 * the mocks' outputs, parent, dependencies and propertyDependencies. The pack, the audit command
 * and the export script all read the reference stack through this, with no CLI and no AWS.
 */

export interface CapturedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    /** Absent at preview for new resources: AWS assigns it. */
    readonly id?: string;
    readonly parent?: string;
    readonly inputs: Record<string, unknown>;
    readonly outputs: Record<string, unknown>;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export interface MockRun {
    readonly preview: boolean;
    /** In registration order, which puts every resource after the ones it depends on. */
    readonly resources: readonly CapturedResource[];
}

export const MOCK_ENVIRONMENT: Required<Environment> = {
    partition: "aws",
    region: "us-east-1",
    accountId: "111122223333",
    organizationId: "o-a1b2c3d4e5",
};
export const MOCK_ROOT_ID = "r-a1b2";
export const MOCK_STACK = "dev";

/** The sentinel the engine sends for a value not known until the update. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Runs `program` (which registers resources and returns the stack outputs) in a fresh mock
 * runtime. Runs are sequential: the runtime's state is process-global.
 */
export async function runUnderMocks(program: () => Record<string, unknown>, options: { preview: boolean; env?: Required<Environment> }): Promise<MockRun> {
    const env = options.env ?? MOCK_ENVIRONMENT;
    const awsMocks = new AwsMocks(env, options.preview);
    await pulumi.runtime.setMocks(awsMocks, PROJECT, MOCK_STACK, options.preview);
    const monitor = pulumi.runtime.getMonitor() as unknown as WrappableMonitor;
    nameLikeTheEngine(monitor);
    const recorder = new Recorder();
    recorder.wrap(monitor);
    await pulumi.runtime.runInPulumiStack(async () => program());
    await recorder.settled();
    return { preview: options.preview, resources: recorder.resources() };
}

/**
 * The engine leaves the root stack out of its children's URNs (`OrganizationTrail::name`, not
 * `pulumi:pulumi:Stack$OrganizationTrail::name`); the mock monitor does not. Exports and findings
 * should carry the URNs a real deployment has.
 */
function nameLikeTheEngine(monitor: WrappableMonitor): void {
    const newUrn = monitor.newUrn.bind(monitor);
    monitor.newUrn = (parent, type, name) => (parent.split("::")[2] === "pulumi:pulumi:Stack" ? newUrn("", type, name) : newUrn(parent, type, name));
}

/** The parts of the mock monitor the recorder intercepts. */
interface WrappableMonitor {
    newUrn(parent: string, type: string, name: string): string;
    registerResource(req: RegisterRequest, callback: (err: unknown, res?: RegisterResponse) => void): void;
    registerResourceOutputs(req: OutputsRequest, callback: (err: unknown, res?: unknown) => void): void;
}
interface StructLike {
    toJavaScript(): Record<string, unknown>;
}
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): StructLike | undefined;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void };
}
interface RegisterResponse {
    getUrn(): string;
    getId(): string;
    getObject(): StructLike | undefined;
}
interface OutputsRequest {
    getUrn(): string;
    getOutputs(): StructLike | undefined;
}

interface Entry {
    request: Omit<CapturedResource, "urn" | "id" | "outputs">;
    urn?: string;
    id?: string;
    outputs: Record<string, unknown>;
}

class Recorder {
    private readonly entries: Entry[] = [];
    private readonly pending = new Set<Promise<void>>();

    wrap(monitor: WrappableMonitor): void {
        const registerResource = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req, callback) => {
            const entry: Entry = { request: describeRequest(req), outputs: {} };
            this.entries.push(entry);
            this.track((done) =>
                registerResource(req, (err, res) => {
                    if (res) {
                        entry.urn = res.getUrn();
                        entry.id = res.getId() === "" ? undefined : res.getId();
                        entry.outputs = res.getObject()?.toJavaScript() ?? {};
                    }
                    done();
                    callback(err, res);
                }),
            );
        };
        const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
        monitor.registerResourceOutputs = (req, callback) => {
            const entry = this.entries.find((e) => e.urn === req.getUrn());
            if (entry) {
                entry.outputs = req.getOutputs()?.toJavaScript() ?? {};
            }
            registerResourceOutputs(req, callback);
        };
    }

    private track(start: (done: () => void) => void): void {
        const promise = new Promise<void>((resolve) => start(resolve)).then(() => {
            this.pending.delete(promise);
        });
        this.pending.add(promise);
    }

    /** Waits until no registration is in flight, including ones started from apply callbacks. */
    async settled(): Promise<void> {
        for (;;) {
            await Promise.all([...this.pending]);
            await new Promise((resolve) => setImmediate(resolve));
            if (this.pending.size === 0) {
                return;
            }
        }
    }

    resources(): CapturedResource[] {
        return this.entries.map((entry) => {
            if (entry.urn === undefined) {
                throw new Error(`The mock engine did not register ${entry.request.type} "${entry.request.name}"`);
            }
            return { ...entry.request, urn: entry.urn, id: entry.id, outputs: entry.outputs };
        });
    }
}

function describeRequest(req: RegisterRequest): Entry["request"] {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((value, key) => {
        propertyDependencies[key] = value.getUrnsList();
    });
    return {
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent() === "" ? undefined : req.getParent(),
        inputs: req.getObject()?.toJavaScript() ?? {},
        dependencies: req.getDependenciesList(),
        propertyDependencies,
    };
}

/** Stable fake ids, so the example export only changes when the program does. */
function fakeId(seed: string, length: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** AWS as the provider reports it after an update; at preview only the inputs come back. */
class AwsMocks implements pulumi.runtime.Mocks {
    /** Key ARNs by key id, so aliases and the trail report the ARN CloudTrail returns. */
    private readonly keyArns = new Map<string, string>();
    private readonly aliasTargets = new Map<string, string>();

    constructor(
        private readonly env: Required<Environment>,
        private readonly preview: boolean,
    ) {}

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const { partition, region, accountId, organizationId } = this.env;
        switch (args.token) {
            case "aws:index/getPartition:getPartition":
                return { id: partition, partition, dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
            case "aws:index/getRegion:getRegion":
                return { id: region, region, name: region, endpoint: `ec2.${region}.amazonaws.com`, description: "US East (N. Virginia)" };
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { id: accountId, accountId, arn: `arn:${partition}:iam::${accountId}:role/deployer`, userId: "AROAEXAMPLEDEPLOYER:deployer" };
            case "aws:organizations/getOrganization:getOrganization":
                return {
                    id: organizationId,
                    arn: `arn:${partition}:organizations::${accountId}:organization/${organizationId}`,
                    featureSet: "ALL",
                    masterAccountId: accountId,
                    masterAccountArn: `arn:${partition}:organizations::${accountId}:account/${organizationId}/${accountId}`,
                    awsServiceAccessPrincipals: ["cloudtrail.amazonaws.com"],
                    enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"],
                    roots: [{ id: MOCK_ROOT_ID, name: "Root", arn: `arn:${partition}:organizations::${accountId}:root/${organizationId}/${MOCK_ROOT_ID}`, policyTypes: [{ type: "SERVICE_CONTROL_POLICY", status: "ENABLED" }] }],
                };
            default:
                throw new Error(`No mock for invoke ${args.token}`);
        }
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        if (this.preview || !args.custom) {
            // A new resource at preview: the engine knows its inputs, nothing AWS computes.
            // Components have neither an id nor outputs of their own until they register them.
            return { id: undefined, state: args.inputs };
        }
        const computed = this.computed(args.type, args.name, args.inputs);
        return { id: computed.id, state: { ...args.inputs, ...computed.state } };
    }

    private computed(type: string, logicalName: string, inputs: Record<string, unknown>): { id: string; state: Record<string, unknown> } {
        const { partition, region, accountId, organizationId } = this.env;
        const regional = (service: string, resource: string) => `arn:${partition}:${service}:${region}:${accountId}:${resource}`;
        const name = typeof inputs.name === "string" ? inputs.name : logicalName;
        const inRegion = { region };
        if (type.startsWith("aws:s3/") && type !== "aws:s3/bucket:Bucket") {
            return { id: String(inputs.bucket), state: inRegion };
        }
        switch (type) {
            case "aws:s3/bucket:Bucket": {
                const bucket = String(inputs.bucket);
                return {
                    id: bucket,
                    state: {
                        ...inRegion,
                        arn: `arn:${partition}:s3:::${bucket}`,
                        bucketDomainName: `${bucket}.s3.amazonaws.com`,
                        bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
                        hostedZoneId: "Z3AQBSTGFYJSTF",
                    },
                };
            }
            case "aws:kms/key:Key": {
                const keyId = uuidFrom(logicalName);
                const arn = regional("kms", `key/${keyId}`);
                this.keyArns.set(keyId, arn);
                return {
                    id: keyId,
                    state: { ...inRegion, keyId, arn, isEnabled: true, keyUsage: "ENCRYPT_DECRYPT", customerMasterKeySpec: "SYMMETRIC_DEFAULT", rotationPeriodInDays: 365, multiRegion: false },
                };
            }
            case "aws:kms/alias:Alias": {
                const arn = regional("kms", name);
                const targetKeyArn = this.keyArns.get(String(inputs.targetKeyId)) ?? "";
                this.aliasTargets.set(arn, targetKeyArn);
                return { id: name, state: { ...inRegion, arn, targetKeyArn } };
            }
            case "aws:cloudtrail/trail:Trail": {
                const arn = regional("cloudtrail", `trail/${name}`);
                // CloudTrail stores the key ARN even when it was given an alias ARN.
                const kmsKeyId = this.aliasTargets.get(String(inputs.kmsKeyId)) ?? inputs.kmsKeyId;
                return { id: arn, state: { ...inRegion, arn, homeRegion: region, kmsKeyId } };
            }
            case "aws:cloudwatch/logGroup:LogGroup":
                return { id: name, state: { ...inRegion, arn: regional("logs", `log-group:${name}`), logGroupClass: "STANDARD" } };
            case "aws:cloudwatch/logMetricFilter:LogMetricFilter":
                return { id: name, state: inRegion };
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
                return { id: name, state: { ...inRegion, arn: regional("cloudwatch", `alarm:${name}`) } };
            case "aws:sns/topic:Topic": {
                const arn = regional("sns", name);
                return { id: arn, state: { ...inRegion, arn, owner: accountId } };
            }
            case "aws:sns/topicPolicy:TopicPolicy":
                return { id: String(inputs.arn), state: { ...inRegion, owner: accountId } };
            case "aws:sns/topicSubscription:TopicSubscription": {
                const arn = `${String(inputs.topic)}:${uuidFrom(logicalName)}`;
                return { id: arn, state: { ...inRegion, arn, ownerId: accountId } };
            }
            case "aws:iam/role:Role":
                return { id: name, state: { arn: `arn:${partition}:iam::${accountId}:role/${name}`, uniqueId: `AROA${fakeId(logicalName, 17).toUpperCase()}` } };
            case "aws:iam/rolePolicy:RolePolicy":
                return { id: `${String(inputs.role)}:${name}`, state: {} };
            case "aws:iam/policy:Policy": {
                const arn = `arn:${partition}:iam::${accountId}:policy/${name}`;
                return { id: arn, state: { arn, policyId: `ANPA${fakeId(logicalName, 17).toUpperCase()}` } };
            }
            case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
                return { id: `${String(inputs.role)}-${fakeId(logicalName, 20)}`, state: {} };
            case "aws:organizations/policy:Policy": {
                const policyId = `p-${fakeId(logicalName, 8)}`;
                return { id: policyId, state: { arn: `arn:${partition}:organizations::${accountId}:policy/${organizationId}/service_control_policy/${policyId}` } };
            }
            case "aws:organizations/policyAttachment:PolicyAttachment":
                return { id: `${String(inputs.targetId)}:${String(inputs.policyId)}`, state: {} };
            default:
                return { id: `${logicalName}-${fakeId(logicalName, 8)}`, state: {} };
        }
    }
}

function uuidFrom(seed: string): string {
    const hex = fakeId(seed, 32);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
