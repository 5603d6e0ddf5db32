import { PackConfig } from "../core/pack-config";
import { ExportError, parseJson, readExportText, snapshotsOf, STDIN, STDIN_LABEL } from "./export";
import { Progress } from "./progress";
import { auditExport, FileAudit } from "./report";

export interface Unusable {
    readonly file: string;
    readonly problem: string;
}

/**
 * Audits each export in turn: one unusable file does not hide the findings of the others. Only one
 * export is in memory at a time; each is parsed straight from its text and its snapshots share the
 * parsed values.
 */
export async function auditSources(
    sources: readonly string[],
    config: PackConfig,
    io: { cwd: string; stdin: NodeJS.ReadableStream },
    progress: Progress,
): Promise<{ audits: FileAudit[]; unusable: Unusable[] }> {
    const audits: FileAudit[] = [];
    const unusable: Unusable[] = [];
    for (const source of sources) {
        const file = source === STDIN ? STDIN_LABEL : source;
        try {
            progress.phase(`Reading ${file}...`);
            const exported = snapshotsOf(parseJson(await readExportText(source, io.cwd, io.stdin)));
            progress.phase(`Checking ${exported.resources.length} resources of ${file}...`);
            audits.push(auditExport(file, exported, config));
        } catch (error) {
            if (!(error instanceof ExportError)) {
                throw error;
            }
            unusable.push({ file, problem: error.message });
        }
    }
    return { audits, unusable };
}
