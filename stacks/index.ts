import * as pulumi from "@pulumi/pulumi";
import { parseConfig, PROJECT } from "./config";
import { referenceStack } from "./program";

/** This project's config keys without their namespace, so parseConfig can reject unknown keys. */
function projectConfig(): Record<string, string> {
    const raw: Record<string, string> = {};
    for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (key.startsWith(`${PROJECT}:`)) {
            raw[key.slice(PROJECT.length + 1)] = value;
        }
    }
    return raw;
}

export = referenceStack(parseConfig(projectConfig()));
