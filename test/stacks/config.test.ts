import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CONFIG_KEYS, parseConfig, ReferenceConfig, ReferenceConfigError } from "../../stacks/config";

const DEFAULT_CONFIG: ReferenceConfig = {
    namePrefix: "org-trail",
    retentionDays: 365,
    lockMode: "GOVERNANCE",
    expireAfterDays: undefined,
    logRetentionDays: 365,
    dataEvents: { s3: false, lambda: false },
    insights: false,
    alarmEmail: undefined,
    alarmTopicArn: undefined,
    readerPrincipals: [],
    organizationTrail: true,
};

describe("reference stack config", () => {
    const valid: [string, Record<string, string>, Partial<ReferenceConfig>][] = [
        ["nothing set: the defaults", {}, {}],
        [
            "every key set",
            {
                namePrefix: "audit-1",
                retentionDays: "2557",
                lockMode: "COMPLIANCE",
                expireAfterDays: "3650",
                logRetentionDays: "3653",
                dataEvents: '{"s3":true,"lambda":true}',
                insights: "true",
                alarmEmail: "security@example.com",
                readerPrincipals: '["arn:aws:iam::123456789012:role/security-audit","arn:aws:iam::123456789012:root"]',
                organizationTrail: "false",
            },
            {
                namePrefix: "audit-1",
                retentionDays: 2557,
                lockMode: "COMPLIANCE",
                expireAfterDays: 3650,
                logRetentionDays: 3653,
                dataEvents: { s3: true, lambda: true },
                insights: true,
                alarmEmail: "security@example.com",
                readerPrincipals: ["arn:aws:iam::123456789012:role/security-audit", "arn:aws:iam::123456789012:root"],
                organizationTrail: false,
            },
        ],
        ["expiration equal to retention", { retentionDays: "400", expireAfterDays: "400" }, { retentionDays: 400, expireAfterDays: 400 }],
        ["an existing alarm topic", { alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:alarms" }, { alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:alarms" }],
        ["one data event source", { dataEvents: '{"lambda":true}' }, { dataEvents: { s3: false, lambda: true } }],
    ];
    for (const [title, raw, expected] of valid) {
        it(`accepts ${title}`, () => {
            assert.deepStrictEqual(parseConfig(raw), { ...DEFAULT_CONFIG, ...expected });
        });
    }

    const invalid: [string, Record<string, string>, string][] = [
        ["an unknown key", { retention: "30" }, `cloudtrail-reference:retention is not a setting of this stack (known keys: ${CONFIG_KEYS.join(", ")}).`],
        ["an upper-case prefix", { namePrefix: "Org" }, 'cloudtrail-reference:namePrefix must be 1-20 lowercase letters, digits or hyphens, starting and ending with a letter or digit (it becomes part of S3 bucket names), got "Org".'],
        ["a prefix too long for bucket names", { namePrefix: "a".repeat(21) }, `cloudtrail-reference:namePrefix must be 1-20 lowercase letters, digits or hyphens, starting and ending with a letter or digit (it becomes part of S3 bucket names), got "${"a".repeat(21)}".`],
        ["retention that is not a number", { retentionDays: "a year" }, 'cloudtrail-reference:retentionDays must be a whole number of days between 1 and 36500, got "a year".'],
        ["zero retention", { retentionDays: "0" }, "cloudtrail-reference:retentionDays must be between 1 and 36500 days, got 0."],
        ["a lower-case lock mode", { lockMode: "governance" }, 'cloudtrail-reference:lockMode must be GOVERNANCE (privileged users may shorten retention) or COMPLIANCE (nobody can, not even root), got "governance".'],
        ["expiration before retention", { retentionDays: "365", expireAfterDays: "90" }, "cloudtrail-reference:expireAfterDays (90) would expire logs that Object Lock still retains: set it to at least retentionDays (365) or remove it."],
        ["a log retention CloudWatch rejects", { logRetentionDays: "730" }, "cloudtrail-reference:logRetentionDays must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 730."],
        ["data events as a list", { dataEvents: '["s3"]' }, "cloudtrail-reference:dataEvents must be a map like {s3: true, lambda: false}."],
        ["an unknown data event source", { dataEvents: '{"dynamodb":true}' }, "cloudtrail-reference:dataEvents.dynamodb is not a data event source (known: s3, lambda)."],
        ["a data event flag that is not a boolean", { dataEvents: '{"s3":"yes"}' }, "cloudtrail-reference:dataEvents.s3 must be true or false."],
        ["insights as yes", { insights: "yes" }, 'cloudtrail-reference:insights must be true or false, got "yes".'],
        ["an invalid email", { alarmEmail: "security" }, "cloudtrail-reference:alarmEmail must be an email address such as security@example.com."],
        ["a topic name instead of an ARN", { alarmTopicArn: "alarms" }, 'cloudtrail-reference:alarmTopicArn must be an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:security-alarms, got "alarms".'],
        [
            "both an email and a topic",
            { alarmEmail: "security@example.com", alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:alarms" },
            "cloudtrail-reference:alarmEmail cannot be combined with alarmTopicArn: subscribe the email to that topic yourself, or remove alarmTopicArn to let the stack create the topic.",
        ],
        ["a reader that is not a list", { readerPrincipals: '"arn:aws:iam::123456789012:root"' }, "cloudtrail-reference:readerPrincipals must be a list of IAM role, user or account-root ARNs, e.g. [arn:aws:iam::123456789012:role/security-audit]."],
        ["a wildcard reader", { readerPrincipals: '["*"]' }, "cloudtrail-reference:readerPrincipals[0] must be an IAM role, user or account-root ARN such as arn:aws:iam::123456789012:role/security-audit."],
        ["organizationTrail as 1", { organizationTrail: "1" }, 'cloudtrail-reference:organizationTrail must be true or false, got "1".'],
    ];
    for (const [title, raw, message] of invalid) {
        it(`rejects ${title}`, () => {
            assert.throws(() => parseConfig(raw), (error: unknown) => error instanceof ReferenceConfigError && error.message === message);
        });
    }

    it("documents exactly the known keys in Pulumi.example.yaml", () => {
        const example = fs.readFileSync(path.join(__dirname, "..", "..", "stacks", "Pulumi.example.yaml"), "utf8");
        const documented = [...example.matchAll(/^ {2}# cloudtrail-reference:(\w+):/gm)].map((m) => m[1]);
        assert.deepStrictEqual([...new Set(documented)].sort(), [...CONFIG_KEYS].sort());
    });
});
