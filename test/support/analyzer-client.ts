/**
 * Talks to a policy pack exactly as the Pulumi CLI does: spawns
 * `node <@pulumi/pulumi/cmd/run-policy-pack> <engine-address> <packDir>` with cwd = packDir, reads
 * the port from the first stdout line, and speaks the Analyzer gRPC protocol with the stubs
 * @pulumi/pulumi ships.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const PACK_DIR = path.join(REPO_ROOT, "policypack");

export type Level = "advisory" | "mandatory" | "disabled" | "remediate";
const LEVEL_CODES: Record<Level, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };
const LEVEL_NAMES = ["advisory", "mandatory", "disabled", "remediate"] as const;
const SEVERITY_NAMES = ["", "low", "medium", "high", "critical"] as const;

export interface WireResource {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    /** Properties as the engine sends them: unknowns as sentinel strings, secrets as envelopes. */
    readonly props: Record<string, unknown>;
    readonly parent?: string;
    readonly dependencies?: readonly string[];
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface Diagnostic {
    readonly policyName: string;
    readonly enforcementLevel: string;
    readonly urn: string;
    readonly message: string;
    readonly description: string;
    readonly severity: string;
}

export interface PolicyInfo {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: string;
    readonly severity: string;
    readonly framework?: { name: string; version: string; reference: string };
    readonly tags: string[];
    readonly remediationSteps: string;
    readonly url: string;
    readonly configSchema?: Record<string, unknown>;
}

export interface AnalyzerInfo {
    readonly name: string;
    readonly version: string;
    readonly policies: PolicyInfo[];
}

export interface Remediation {
    readonly policyName: string;
    readonly properties?: Record<string, unknown>;
    readonly diagnostic: string;
}

function call<Req, Res>(fn: (req: Req, meta: grpc.Metadata, opts: Partial<grpc.CallOptions>, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
        fn(req, new grpc.Metadata(), { deadline: Date.now() + 120_000 }, (err, res) => (err ? reject(err) : resolve(res)));
    });
}

function options(parent?: string): analyzerPb.AnalyzerResourceOptions {
    const opts = new analyzerPb.AnalyzerResourceOptions();
    opts.setCustomtimeouts(new analyzerPb.AnalyzerResourceOptions.CustomTimeouts());
    if (parent) {
        opts.setParent(parent);
    }
    return opts;
}

/** Analyze and Remediate take the same request: one resource, as the engine sends it. */
function analyzeRequest(resource: WireResource): analyzerPb.AnalyzeRequest {
    const req = new analyzerPb.AnalyzeRequest();
    req.setType(resource.type);
    req.setUrn(resource.urn);
    req.setName(resource.name);
    req.setProperties(Struct.fromJavaScript(resource.props as never));
    req.setOptions(options(resource.parent));
    return req;
}

function diagnosticsOf(response: analyzerPb.AnalyzeResponse): Diagnostic[] {
    return response.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()],
        urn: d.getUrn(),
        message: d.getMessage(),
        description: d.getDescription(),
        severity: SEVERITY_NAMES[d.getSeverity()] ?? "",
    }));
}

export class PackProcess {
    private constructor(
        readonly child: ChildProcess,
        readonly port: number,
        private readonly client: analyzerGrpc.AnalyzerClient,
        readonly stderr: () => string,
    ) {}

    /** Spawns the pack and resolves once its port is printed (the CLI's own start-up handshake). */
    static async start(packDir: string = PACK_DIR, env: NodeJS.ProcessEnv = {}): Promise<PackProcess> {
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
        const child = spawn(process.execPath, [runner, "127.0.0.1:0", packDir], {
            cwd: packDir,
            env: { ...process.env, PULUMI_NODEJS_PROJECT: "test", PULUMI_NODEJS_STACK: "dev", PULUMI_NODEJS_DRY_RUN: "true", ...env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr!.on("data", (chunk) => (stderr += chunk));
        const port = await new Promise<number>((resolve, reject) => {
            let stdout = "";
            const onData = (chunk: Buffer) => {
                stdout += chunk.toString();
                const newline = stdout.indexOf("\n");
                if (newline >= 0) {
                    child.stdout!.off("data", onData);
                    const first = stdout.slice(0, newline).trim();
                    const port = Number(first);
                    if (Number.isInteger(port) && port > 0) {
                        resolve(port);
                    } else {
                        reject(new Error(`pack printed "${first}" before its port; stderr: ${stderr}`));
                    }
                }
            };
            child.stdout!.on("data", onData);
            child.once("exit", (code) => reject(new Error(`pack exited with ${code} before printing its port; stderr: ${stderr}`)));
        });
        const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            // The CLI reads replies with gRPC's default 4 MiB limit: keep it, so tests see what users see.
            "grpc.max_receive_message_length": 4 * 1024 * 1024,
            "grpc.max_send_message_length": 1024 * 1024 * 1024,
        });
        return new PackProcess(child, port, client, () => stderr);
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        const info = await call<Empty, analyzerPb.AnalyzerInfo>(this.client.getAnalyzerInfo.bind(this.client), new Empty());
        return {
            name: info.getName(),
            version: info.getVersion(),
            policies: info.getPoliciesList().map((p) => {
                const framework = p.getFramework();
                return {
                    name: p.getName(),
                    description: p.getDescription(),
                    enforcementLevel: LEVEL_NAMES[p.getEnforcementlevel()],
                    severity: SEVERITY_NAMES[p.getSeverity()] ?? "",
                    framework: framework ? { name: framework.getName(), version: framework.getVersion(), reference: framework.getReference() } : undefined,
                    tags: p.getTagsList(),
                    remediationSteps: p.getRemediationSteps(),
                    url: p.getUrl(),
                    configSchema: p.getConfigschema()?.getProperties()?.toJavaScript() as Record<string, unknown> | undefined,
                };
            }),
        };
    }

    /** Configure as the engine does: every policy, with its level and its settings. */
    async configure(config: Record<string, { enforcementLevel: Level; properties?: Record<string, unknown> }>): Promise<void> {
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, c] of Object.entries(config)) {
            const pc = new analyzerPb.PolicyConfig();
            pc.setEnforcementlevel(LEVEL_CODES[c.enforcementLevel] as analyzerPb.EnforcementLevel);
            pc.setProperties(Struct.fromJavaScript((c.properties ?? {}) as never));
            map.set(name, pc);
        }
        await call(this.client.configure.bind(this.client), req);
    }

    async analyze(resource: WireResource): Promise<Diagnostic[]> {
        return diagnosticsOf(await call<analyzerPb.AnalyzeRequest, analyzerPb.AnalyzeResponse>(this.client.analyze.bind(this.client), analyzeRequest(resource)));
    }

    async analyzeStack(resources: readonly WireResource[]): Promise<Diagnostic[]> {
        const req = new analyzerPb.AnalyzeStackRequest();
        req.setResourcesList(
            resources.map((r) => {
                const ar = new analyzerPb.AnalyzerResource();
                ar.setType(r.type);
                ar.setUrn(r.urn);
                ar.setName(r.name);
                ar.setProperties(Struct.fromJavaScript(r.props as never));
                ar.setOptions(options(r.parent));
                if (r.parent) {
                    ar.setParent(r.parent);
                }
                ar.setDependenciesList([...(r.dependencies ?? [])]);
                const deps = ar.getPropertydependenciesMap();
                for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
                    const pd = new analyzerPb.AnalyzerPropertyDependencies();
                    pd.setUrnsList([...urns]);
                    deps.set(key, pd);
                }
                return ar;
            }),
        );
        return diagnosticsOf(await call<analyzerPb.AnalyzeStackRequest, analyzerPb.AnalyzeResponse>(this.client.analyzeStack.bind(this.client), req));
    }

    async remediate(resource: WireResource): Promise<Remediation[]> {
        const res = await call<analyzerPb.AnalyzeRequest, analyzerPb.RemediateResponse>(this.client.remediate.bind(this.client), analyzeRequest(resource));
        return res.getRemediationsList().map((r) => ({
            policyName: r.getPolicyname(),
            properties: r.getProperties()?.toJavaScript() as Record<string, unknown> | undefined,
            diagnostic: r.getDiagnostic(),
        }));
    }

    async stop(): Promise<void> {
        this.client.close();
        if (this.child.exitCode === null) {
            const exited = new Promise((resolve) => this.child.once("exit", resolve));
            this.child.kill("SIGTERM");
            await exited;
        }
    }
}
