import { strict as assert } from "assert";
import { Writable } from "stream";
import { ExportError, snapshotsOf } from "../../policypack/src/audit/export";
import { Progress } from "../../policypack/src/audit/progress";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const URN = "urn:pulumi:prod::audit-trail::acme:cloudtrail:OrganizationTrail$aws:cloudtrail/trail:Trail::org-trail";

function exportOf(resources: unknown[]) {
    return { version: 3, deployment: { manifest: {}, resources } };
}

describe("audit: reading an export", () => {
    const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]> = [
        ["outputs win over inputs", { kmsKeyId: "arn:aws:kms:us-east-1:1:alias/trail" }, { kmsKeyId: "arn:aws:kms:us-east-1:1:key/k" }, { kmsKeyId: "arn:aws:kms:us-east-1:1:key/k" }],
        ["an input stands in for a missing or null output", { snsTopicName: "t", name: "n" }, { snsTopicName: null }, { snsTopicName: "t", name: "n" }],
        ["an input stands in for an output not known yet", { enableLogFileValidation: true }, { enableLogFileValidation: UNKNOWN }, { enableLogFileValidation: true }],
        ["an unknown input gives way to a known output", { kmsKeyId: UNKNOWN }, { kmsKeyId: "arn:k" }, { kmsKeyId: "arn:k" }],
        ["unknown on both sides stays unknown", { kmsKeyId: UNKNOWN }, { kmsKeyId: UNKNOWN }, { kmsKeyId: UNKNOWN }],
        ["an empty output string wins (the provider's unset)", { kmsKeyId: "arn:k" }, { kmsKeyId: "" }, { kmsKeyId: "" }],
        ["engine keys are dropped", { __defaults: ["name"], name: "n" }, {}, { name: "n" }],
    ];
    for (const [title, inputs, outputs, props] of cases) {
        it(title, () => {
            const [snapshot] = snapshotsOf(exportOf([{ urn: URN, type: "aws:cloudtrail/trail:Trail", inputs, outputs }])).resources;
            assert.deepEqual(snapshot.props, props);
        });
    }

    it("keeps the links between resources and shares values with the parsed document", () => {
        const selectors = [{ fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }];
        const raw = {
            urn: URN,
            type: "aws:cloudtrail/trail:Trail",
            outputs: { advancedEventSelectors: selectors },
            parent: "urn:pulumi:prod::audit-trail::acme:cloudtrail:OrganizationTrail::org-trail",
            dependencies: ["urn:pulumi:prod::audit-trail::aws:s3/bucket:Bucket::logs"],
            propertyDependencies: { s3BucketName: ["urn:pulumi:prod::audit-trail::aws:s3/bucket:Bucket::logs"] },
        };
        const exported = snapshotsOf(exportOf([raw]));
        const [snapshot] = exported.resources;
        assert.deepEqual(
            { stack: exported.stack, project: exported.project, name: snapshot.name, parent: snapshot.parent, dependencies: snapshot.dependencies, propertyDependencies: snapshot.propertyDependencies },
            { stack: "prod", project: "audit-trail", name: "org-trail", parent: raw.parent, dependencies: raw.dependencies, propertyDependencies: raw.propertyDependencies },
        );
        assert.equal(snapshot.props.advancedEventSelectors, selectors);
    });

    it("drops a provider's properties: its credentials", () => {
        const provider = { urn: "urn:pulumi:prod::p::pulumi:providers:aws::default", type: "pulumi:providers:aws", inputs: { accessKey: "AKIA", region: "us-east-1" }, outputs: { accessKey: "AKIA" } };
        assert.deepEqual(snapshotsOf(exportOf([provider])).resources[0].props, {});
    });

    const malformed: Array<[string, unknown, string]> = [
        ["a resource's dependencies", { urn: URN, type: "t", dependencies: "x" }, `has resource ${URN} whose "dependencies" is not a list of URNs`],
        ["a resource's property dependencies", { urn: URN, type: "t", propertyDependencies: { a: [1] } }, `has resource ${URN} whose "propertyDependencies.a" is not a list of URNs`],
        ["a resource's outputs", { urn: URN, type: "t", outputs: [] }, `has resource ${URN} whose "outputs" is not an object`],
        ["a resource's type", { urn: URN }, `has resource ${URN} without a "type"`],
        ["a resource's parent", { urn: URN, type: "t", parent: 3 }, `has resource ${URN} whose "parent" is not a URN`],
    ];
    for (const [title, resource, message] of malformed) {
        it(`rejects malformed ${title}`, () => {
            assert.throws(() => snapshotsOf(exportOf([resource])), (e: unknown) => e instanceof ExportError && e.message === message);
        });
    }
});

describe("audit: progress", () => {
    function progressOn(isTTY: boolean) {
        let now = 0;
        let written = "";
        const stderr = Object.assign(
            new Writable({
                write(chunk, _encoding, done) {
                    written += chunk;
                    done();
                },
            }),
            { isTTY },
        );
        const progress = new Progress(stderr, () => now);
        return { progress, tick: (ms: number) => (now += ms), written: () => written };
    }

    it("shows phases only after a second, on one line it then erases", () => {
        const p = progressOn(true);
        p.progress.phase("Reading a.json...");
        p.tick(1001);
        p.progress.phase("Checking 100000 resources of a.json...");
        p.progress.clear();
        assert.equal(p.written(), "\r\x1b[KChecking 100000 resources of a.json...\r\x1b[K");
    });

    it("stays silent when stderr is not a terminal", () => {
        const p = progressOn(false);
        p.tick(5000);
        p.progress.phase("Reading a.json...");
        p.progress.clear();
        assert.equal(p.written(), "");
    });
});
