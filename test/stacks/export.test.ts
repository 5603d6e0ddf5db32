import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { referenceExport } from "../../stacks/testing/reference-export";
import { ExportedResource, StackExport } from "../../stacks/testing/stack-export";
import { runReference } from "./support";

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "reference-stack.export.json");

describe("reference stack export", function () {
    this.timeout(30_000);
    let generated: StackExport;
    before(async () => {
        generated = referenceExport(await runReference({}, false));
    });

    it("examples/reference-stack.export.json is up to date (npm run reference:export -- --out examples/reference-stack.export.json)", () => {
        assert.deepStrictEqual(JSON.parse(fs.readFileSync(EXAMPLE, "utf8")), JSON.parse(JSON.stringify(generated)));
    });

    it("has the shape of pulumi stack export, version 3", () => {
        assert.strictEqual(generated.version, 3);
        const resources = generated.deployment.resources;
        assert.strictEqual(resources[0].type, "pulumi:pulumi:Stack");
        assert.strictEqual(resources[1].type, "pulumi:providers:aws");
        const provider = `${resources[1].urn}::${resources[1].id}`;
        const seen = new Set<string>();
        for (const r of resources) {
            // A state file lists every resource after its parent and everything it depends on.
            const referenced = [r.parent, ...(r.dependencies ?? []), ...Object.values(r.propertyDependencies ?? {}).flat()].filter((u): u is string => u !== undefined);
            assert.deepStrictEqual(referenced.filter((u) => !seen.has(u)), [], `${r.urn} refers to a later or unknown resource`);
            seen.add(r.urn);
            assert.strictEqual(r.provider, r.custom && r.type.startsWith("aws:") ? provider : undefined, r.urn);
            assert.strictEqual(typeof r.id === "string" && r.id !== "", r.custom, `${r.urn} id`);
        }
    });

    it("carries the outputs AWS reports, with the links the tools follow", () => {
        const byType = (type: string): ExportedResource[] => generated.deployment.resources.filter((r) => r.type === type);
        const [trail] = byType("aws:cloudtrail/trail:Trail");
        const [logGroup] = byType("aws:cloudwatch/logGroup:LogGroup");
        const key = byType("aws:kms/key:Key").find((k) => k.urn.endsWith("::org-trail-key"))!;
        assert.strictEqual(logGroup.outputs.arn, "arn:aws:logs:us-east-1:111122223333:log-group:/aws/cloudtrail/org-trail");
        assert.strictEqual(trail.outputs.cloudWatchLogsGroupArn, `${logGroup.outputs.arn}:*`);
        assert.strictEqual(trail.outputs.kmsKeyId, key.outputs.arn);
        assert.strictEqual(trail.inputs.kmsKeyId, "arn:aws:kms:us-east-1:111122223333:alias/org-trail-trail");
        assert.deepStrictEqual(trail.propertyDependencies?.cloudWatchLogsGroupArn, [logGroup.urn]);
        assert.strictEqual(byType("aws:s3/bucket:Bucket").find((b) => b.urn.endsWith("::org-trail-logs"))!.outputs.arn, "arn:aws:s3:::org-trail-logs-111122223333-us-east-1");
    });
});
