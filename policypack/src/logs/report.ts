import { FileKind, FileResult, FileStatus, VerificationReport } from "./findings";
import { displayTime } from "./layout";

export type ReportFormat = "text" | "json";

export function isAllValid(report: VerificationReport): boolean {
    return report.problems.length === 0;
}

const LABEL: Record<FileKind, string> = { digest: "Digest file", log: "Log file" };
const STATUS_WORD: Record<Exclude<FileStatus, "valid">, string> = { invalid: "INVALID", missing: "MISSING", uncovered: "NOT COVERED" };

/** The AWS CLI's validate-logs summary, with missing files counted apart from invalid ones. */
export function formatText(report: VerificationReport): string {
    const { requested, found } = report;
    const lines = [
        `Results requested for ${requested.from ? displayTime(requested.from) : "the earliest file"} to ${requested.to ? displayTime(requested.to) : "the latest file"}`,
        found ? `Results found for ${displayTime(found.from)} to ${displayTime(found.to)}:` : "No valid digests found",
        "",
        ...report.problems.map(problemLine),
        ...report.gaps.map((gap) => `No log files were delivered by CloudTrail between ${displayTime(gap.from)} and ${displayTime(gap.to)}`),
    ];
    if (lines[lines.length - 1] !== "") {
        lines.push("");
    }
    for (const kind of ["digest", "log"] as const) {
        const counts = report.summary[kind];
        const total = counts.valid + counts.invalid + counts.missing;
        if (total > 0) {
            const parts = [`${counts.valid}/${total} ${kind} files valid`];
            if (counts.invalid > 0) parts.push(`${counts.invalid}/${total} ${kind} files INVALID`);
            if (counts.missing > 0) parts.push(`${counts.missing}/${total} ${kind} files missing`);
            lines.push(parts.join(", "));
        }
        if (counts.uncovered > 0) {
            lines.push(`${counts.uncovered} log file${counts.uncovered === 1 ? "" : "s"} not covered by any valid digest`);
        }
    }
    return `${lines.join("\n")}\n`;
}

function problemLine(file: FileResult): string {
    return `${LABEL[file.kind]}\t${file.path}\t${STATUS_WORD[file.status as Exclude<FileStatus, "valid">]}: ${file.reason}`;
}

/**
 * Small: the piece being built is alive at every scavenge while the report is written, and V8
 * grows the young generation by what outlives them; 64 KB pieces made that 170 KB a scavenge.
 */
const JSON_PIECE = 16 * 1024;

/**
 * The report as JSON.stringify(document, null, 2) would print it, in pieces of about 64 KB: the
 * files array has an entry per valid file too, and is written out without being held whole.
 */
export function* formatJson(report: VerificationReport): Generator<string> {
    const time = (value: Date | undefined): string | null => (value ? displayTime(value) : null);
    const head = {
        requested: { from: time(report.requested.from), to: time(report.requested.to) },
        found: report.found ? { from: time(report.found.from), to: time(report.found.to) } : null,
        summary: report.summary,
    };
    const gaps = report.gaps.map((gap) => ({ from: time(gap.from), to: time(gap.to), digest: gap.digest }));
    let piece = `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "files": [`;
    let listed = 0;
    for (const file of report.files()) {
        piece += (listed++ === 0 ? "\n    " : ",\n    ") + fileJson(file);
        if (piece.length >= JSON_PIECE) {
            yield piece;
            piece = "";
        }
    }
    yield `${piece}${listed === 0 ? "]" : "\n  ]"},\n  "gaps": ${indent(JSON.stringify(gaps, null, 2))}\n}\n`;
}

/** JSON.stringify(file, null, 2) at the depth of the files array, without a stringify per file. */
function fileJson(file: FileResult): string {
    const reason = file.reason === undefined ? "" : `,\n      "reason": ${JSON.stringify(file.reason)}`;
    return `{\n      "kind": "${file.kind}",\n      "path": ${JSON.stringify(file.path)},\n      "status": "${file.status}"${reason}\n    }`;
}

function indent(json: string): string {
    return json.replace(/\n/g, "\n  ");
}
