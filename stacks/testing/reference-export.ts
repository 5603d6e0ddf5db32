import { MockRun, MOCK_ENVIRONMENT } from "./mock-engine";
import { StackExport, toStackExport } from "./stack-export";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const PULUMI_VERSION: string = require("@pulumi/pulumi/package.json").version;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AWS_VERSION: string = require("@pulumi/aws/package.json").version;

/** The export the script writes and the test compares with examples/reference-stack.export.json. */
export function referenceExport(run: MockRun): StackExport {
    return toStackExport(run, { pulumiVersion: PULUMI_VERSION, awsVersion: AWS_VERSION, region: MOCK_ENVIRONMENT.region, time: "2025-01-01T00:00:00.000Z" });
}
