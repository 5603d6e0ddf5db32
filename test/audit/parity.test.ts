import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseJson, snapshotsOf } from "../../policypack/src/audit/export";
import { Diagnostic, PackProcess, WireResource } from "../support/analyzer-client";
import { cli, fixture, REPO_ROOT } from "./support";

/**
 * The audit and the pack must say the same thing about the same stack. The pack runs as the
 * Pulumi CLI runs it (spawned, over gRPC), every policy at its default level; each resource is
 * analyzed, then the whole stack, with the properties the audit reads (outputs falling back to
 * inputs). Both sides read the rule list at run time, so rules added later are compared too.
 *
 * Not compared: secrets.export.json. The SDK hands a pack secrets in plaintext, while the audit
 * only ever sees ciphertext and treats a secret a rule needs as unknown, by design.
 */
const EXPORTS = [
    fixture("compliant-v7.export.json"),
    fixture("compliant-v6.export.json"),
    fixture("one-violation-each.export.json"),
    fixture("preview-unknowns.export.json"),
    fixture("empty-stack.export.json"),
    ...fs
        .readdirSync(path.join(REPO_ROOT, "examples"))
        .filter((n) => n.endsWith(".export.json"))
        .map((n) => `examples/${n}`),
];

/** policy | urn | level | message: a stack-level finding has no URN. */
type Key = string;

function keyOf(policy: string, urn: string | null, level: string, message: string): Key {
    return [policy, urn ?? "", level, message].join(" | ");
}

async function packFindings(pack: PackProcess, file: string, descriptions: ReadonlyMap<string, string>): Promise<Key[]> {
    const { resources } = snapshotsOf(parseJson(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")));
    const wire: WireResource[] = resources.map((r) => ({ ...r, props: r.props as Record<string, unknown> }));
    const keys: Key[] = [];
    // The CLI shows "<description>\n<message>" for the pack's object-form findings: compare the message alone.
    const add = (d: Diagnostic, analyzed?: string) => {
        const prefix = `${descriptions.get(d.policyName)}\n`;
        const message = d.message.startsWith(prefix) ? d.message.slice(prefix.length) : d.message;
        keys.push(keyOf(d.policyName, d.urn || analyzed || null, d.enforcementLevel, message));
    };
    for (const resource of wire) {
        (await pack.analyze(resource)).forEach((d) => add(d, resource.urn));
    }
    (await pack.analyzeStack(wire)).forEach((d) => add(d));
    return keys.sort();
}

async function auditFindings(file: string): Promise<Key[]> {
    const run = await cli(["audit", file, "--format", "json"]);
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    const report: { violations: Array<{ policy: string; urn: string | null; enforcementLevel: string; message: string }> } = JSON.parse(run.stdout);
    return report.violations.map((v) => keyOf(v.policy, v.urn, v.enforcementLevel, v.message)).sort();
}

describe("audit and pack parity (the pack over gRPC)", function () {
    this.timeout(120_000);
    let pack: PackProcess;
    let descriptions: Map<string, string>;

    before(async () => {
        pack = await PackProcess.start();
        const info = await pack.getAnalyzerInfo();
        descriptions = new Map(info.policies.map((p) => [p.name, p.description]));
        await pack.configure(Object.fromEntries(info.policies.map((p) => [p.name, { enforcementLevel: p.enforcementLevel as "advisory" | "mandatory" }])));
    });
    after(async () => pack?.stop());

    for (const file of EXPORTS) {
        it(file, async () => {
            const [fromPack, fromAudit] = [await packFindings(pack, file, descriptions), await auditFindings(file)];
            assert.deepEqual(fromAudit, fromPack);
        });
    }

    it("compares findings at all", async () => {
        assert.ok((await auditFindings(fixture("one-violation-each.export.json"))).length >= 12);
    });
});
