import { CapturedResource, MockRun } from "./mock-engine";

/** The shape `pulumi stack export` prints (version 3), as far as the tools read it. */
export interface StackExport {
    readonly version: 3;
    readonly deployment: {
        readonly manifest: { readonly time: string; readonly magic: string; readonly version: string };
        readonly resources: readonly ExportedResource[];
    };
}

export interface ExportedResource {
    readonly urn: string;
    readonly custom: boolean;
    readonly id?: string;
    readonly type: string;
    readonly inputs: Record<string, unknown>;
    readonly outputs: Record<string, unknown>;
    readonly parent?: string;
    readonly dependencies?: readonly string[];
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
    readonly provider?: string;
}

export interface ExportOptions {
    readonly pulumiVersion: string;
    readonly awsVersion: string;
    readonly region: string;
    /** Fixed, so an export only changes when the program does. */
    readonly time: string;
}

/**
 * Writes a mock update as a stack export. The engine registers default providers itself, so the
 * mock run has none: the export adds the aws default provider every custom AWS resource points
 * to, as a real state file does.
 */
export function toStackExport(run: MockRun, options: ExportOptions): StackExport {
    if (run.preview) {
        throw new Error("A stack export describes deployed state: run the program in update mode, not preview.");
    }
    const stack = run.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    if (stack === undefined) {
        throw new Error("The run registered no pulumi:pulumi:Stack resource.");
    }
    const provider = defaultAwsProvider(stack.urn, options);
    const providerRef = `${provider.urn}::${provider.id}`;
    const resources: ExportedResource[] = [];
    for (const resource of run.resources) {
        resources.push(exported(resource, resource.custom && resource.type.startsWith("aws:") ? providerRef : undefined));
        if (resource === stack) {
            resources.push(provider);
        }
    }
    return {
        version: 3,
        deployment: { manifest: { time: options.time, magic: "", version: `v${options.pulumiVersion}` }, resources },
    };
}

function defaultAwsProvider(stackUrn: string, options: ExportOptions): ExportedResource {
    const prefix = stackUrn.split("::").slice(0, 2).join("::");
    const inputs = { region: options.region, version: options.awsVersion };
    return {
        urn: `${prefix}::pulumi:providers:aws::default_${options.awsVersion.replace(/\./g, "_")}`,
        custom: true,
        id: "00000000-0000-4000-8000-000000000000",
        type: "pulumi:providers:aws",
        inputs,
        outputs: inputs,
    };
}

/** Empty lists and maps are left out, as the CLI leaves them out. */
function exported(resource: CapturedResource, provider: string | undefined): ExportedResource {
    const propertyDependencies = Object.fromEntries(Object.entries(resource.propertyDependencies).filter(([, urns]) => urns.length > 0));
    return {
        urn: resource.urn,
        custom: resource.custom,
        ...(resource.custom ? { id: resource.id } : {}),
        type: resource.type,
        inputs: resource.inputs,
        outputs: resource.outputs,
        ...(resource.parent ? { parent: resource.parent } : {}),
        ...(resource.dependencies.length > 0 ? { dependencies: resource.dependencies } : {}),
        ...(Object.keys(propertyDependencies).length > 0 ? { propertyDependencies } : {}),
        ...(provider ? { provider } : {}),
    };
}
