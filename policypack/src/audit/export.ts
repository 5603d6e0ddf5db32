import { promises as fs } from "fs";
import * as path from "path";
import { ResourceSnapshot, logicalNameOf } from "../core/resource";
import { isUnknownSentinel, RawBag } from "../core/values";

/**
 * Reading `pulumi stack export` output (deployment version 3) into the snapshots every front end
 * hands to the rules. Nothing here ever puts a property value into a message: exports hold
 * secrets (as envelopes) and providers' credentials.
 */

/** Why an export cannot be audited, without the file's name (the command adds it). */
export class ExportError extends Error {}

export interface StackExport {
    /** From the resources' URNs (`urn:pulumi:<stack>::<project>::...`); undefined for an empty stack. */
    readonly stack?: string;
    readonly project?: string;
    readonly resources: readonly ResourceSnapshot[];
}

export const STDIN = "-";
/** How reports and errors name stdin. */
export const STDIN_LABEL = "<stdin>";

/**
 * Reads a file (or stdin for "-") and decodes it. The bytes stay local to this function, so they
 * can be collected while the text is parsed: a 50 MB export is never held as bytes, text and tree
 * at once.
 */
export async function readExportText(source: string, cwd: string, stdin: NodeJS.ReadableStream): Promise<string> {
    let bytes: Buffer;
    try {
        bytes = source === STDIN ? await readAll(stdin) : await fs.readFile(path.resolve(cwd, source));
    } catch (error) {
        throw new ExportError(readProblem(error));
    }
    // `pulumi stack export > file` in Windows PowerShell writes a byte order mark.
    const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return bytes.toString("utf8", start);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
        chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    }
    return Buffer.concat(chunks);
}

function readProblem(error: unknown): string {
    switch ((error as NodeJS.ErrnoException).code) {
        case "ENOENT":
            return "cannot read it: no such file";
        case "EISDIR":
            return "is a directory, not a stack export file";
        case "EACCES":
        case "EPERM":
            return "cannot read it: permission denied";
        default:
            return `cannot read it (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`;
    }
}

/** JSON.parse's own message can quote the input (a secret, maybe): report only where it failed. */
export function parseJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch (error) {
        throw new ExportError(jsonProblem(text, error instanceof Error ? error.message : ""));
    }
}

function jsonProblem(text: string, message: string): string {
    if (text.trim() === "") {
        return "is empty, not a stack export";
    }
    if (message.startsWith("Unexpected end")) {
        return "is not valid JSON (it ends too early: cut off?)";
    }
    const position = /at position (\d+)/.exec(message);
    if (!position) {
        return "is not valid JSON";
    }
    const offset = Number(position[1]);
    const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
    let line = 1;
    for (let i = text.indexOf("\n"); i >= 0 && i < lineStart; i = text.indexOf("\n", i + 1)) {
        line++;
    }
    return `is not valid JSON (line ${line}, column ${offset - lineStart + 1})`;
}

/** Validates a parsed export and builds one snapshot per resource, sharing the parsed values. */
export function snapshotsOf(document: unknown): StackExport {
    if (!isObject(document)) {
        throw new ExportError('is not a stack export: expected a JSON object with "version" and "deployment" (the output of "pulumi stack export")');
    }
    if (document.version !== 3) {
        const got = document.version === undefined ? "no \"version\"" : `"version": ${JSON.stringify(document.version)}`;
        throw new ExportError(`has ${got}; only version 3 stack exports (what "pulumi stack export" prints) can be audited`);
    }
    const deployment = document.deployment;
    if (!isObject(deployment)) {
        throw new ExportError('has no "deployment" object, so it is not the output of "pulumi stack export"');
    }
    const raw = deployment.resources;
    if (raw === undefined || raw === null) {
        // An empty stack's export omits "resources" altogether.
        return { resources: [] };
    }
    if (!Array.isArray(raw)) {
        throw new ExportError('has "deployment.resources" that is not a list');
    }
    const resources = raw.map(snapshotOf);
    const [, stack, project] = resources.length > 0 ? (/^urn:pulumi:(.*?)::(.*?)::/.exec(resources[0].urn) ?? []) : [];
    return { stack, project, resources };
}

function snapshotOf(raw: unknown, index: number): ResourceSnapshot {
    const where = `deployment.resources[${index}]`;
    if (!isObject(raw)) {
        throw new ExportError(`has ${where} that is not an object`);
    }
    const { urn, type } = raw;
    if (typeof urn !== "string" || !urn.startsWith("urn:pulumi:")) {
        throw new ExportError(`has ${where} without a "urn" of the form urn:pulumi:<stack>::<project>::<type>::<name>`);
    }
    if (typeof type !== "string" || type === "") {
        throw new ExportError(`has resource ${urn} without a "type"`);
    }
    const parent = raw.parent;
    if (parent !== undefined && parent !== null && typeof parent !== "string") {
        throw new ExportError(`has resource ${urn} whose "parent" is not a URN`);
    }
    return {
        urn,
        type,
        name: logicalNameOf(urn),
        // A provider's inputs and outputs are its credentials and settings: no rule reads them.
        props: type.startsWith("pulumi:providers:") ? {} : propsOf(urn, raw.inputs, raw.outputs),
        parent: parent ?? undefined,
        dependencies: urnList(urn, "dependencies", raw.dependencies),
        propertyDependencies: propertyDependenciesOf(urn, raw.propertyDependencies),
    };
}

/**
 * What the resource is, property by property: its output, or its input where the output is
 * missing, null, or not known yet while the input is (the value the program asked for). Top-level
 * `__` keys are dropped, as the engine drops them before a pack sees the inputs. Values are shared
 * with the parsed document, never copied.
 */
export function propsOf(urn: string, inputs: unknown, outputs: unknown): RawBag {
    const props: Record<string, unknown> = {};
    for (const [name, bag] of [["inputs", inputs], ["outputs", outputs]] as const) {
        if (bag === undefined || bag === null) {
            continue;
        }
        if (!isObject(bag)) {
            throw new ExportError(`has resource ${urn} whose "${name}" is not an object`);
        }
        for (const key of Object.keys(bag)) {
            const value = bag[key];
            if (key.startsWith("__") || value === null || value === undefined) {
                continue;
            }
            if (isUnknownSentinel(value) && props[key] !== undefined && !isUnknownSentinel(props[key])) {
                continue;
            }
            props[key] = value;
        }
    }
    return props;
}

function urnList(urn: string, name: string, value: unknown): readonly string[] {
    if (value === undefined || value === null) {
        return [];
    }
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
        throw new ExportError(`has resource ${urn} whose "${name}" is not a list of URNs`);
    }
    return value;
}

function propertyDependenciesOf(urn: string, value: unknown): Readonly<Record<string, readonly string[]>> {
    if (value === undefined || value === null) {
        return {};
    }
    if (!isObject(value)) {
        throw new ExportError(`has resource ${urn} whose "propertyDependencies" is not an object`);
    }
    for (const [key, urns] of Object.entries(value)) {
        urnList(urn, `propertyDependencies.${key}`, urns);
    }
    return value as Record<string, readonly string[]>;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
