import { strict as assert } from "assert";
import * as fs from "fs";
import { REFERENCE_PATH, renderPolicyReference } from "../../scripts/policy-reference";
import { RULES } from "../../policypack/src/core/rules";

describe("docs/policies.md", () => {
    it("is what the rules' metadata renders (run `npm run docs` after changing a rule)", () => {
        assert.equal(fs.readFileSync(REFERENCE_PATH, "utf8"), renderPolicyReference());
    });

    it("documents every policy with a section", () => {
        const text = renderPolicyReference();
        for (const rule of RULES) {
            assert.ok(text.includes(`\n## ${rule.name}\n`), rule.name);
        }
    });
});
