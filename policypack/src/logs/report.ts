import { FileKind, FileResult, FileStatus, VerificationReport } from "./findings";
import { displayTime } from "./layout";

export type ReportFormat = "text" | "json";

export type StatusCounts = Record<FileStatus, number>;

export function countStatuses(report: VerificationReport, kind: FileKind): StatusCounts {
    const counts: StatusCounts = { valid: 0, invalid: 0, missing: 0, uncovered: 0 };
    for (const file of report.files) {
        if (file.kind === kind) {
            counts[file.status] += 1;
        }
    }
    return counts;
}

export function isAllValid(report: VerificationReport): boolean {
    return report.files.every((file) => file.status === "valid");
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
        ...report.files.filter((file) => file.status !== "valid").map(problemLine),
        ...report.gaps.map((gap) => `No log files were delivered by CloudTrail between ${displayTime(gap.from)} and ${displayTime(gap.to)}`),
    ];
    if (lines[lines.length - 1] !== "") {
        lines.push("");
    }
    for (const kind of ["digest", "log"] as const) {
        const counts = countStatuses(report, kind);
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

export function formatJson(report: VerificationReport): string {
    const time = (value: Date | undefined): string | null => (value ? displayTime(value) : null);
    const document = {
        requested: { from: time(report.requested.from), to: time(report.requested.to) },
        found: report.found ? { from: time(report.found.from), to: time(report.found.to) } : null,
        summary: { digest: countStatuses(report, "digest"), log: countStatuses(report, "log") },
        files: report.files,
        gaps: report.gaps.map((gap) => ({ from: time(gap.from), to: time(gap.to), digest: gap.digest })),
    };
    return `${JSON.stringify(document, null, 2)}\n`;
}
