export type FileKind = "digest" | "log";

/** `uncovered`: a log file present in the tree that no valid digest lists. */
export type FileStatus = "valid" | "invalid" | "missing" | "uncovered";

export interface FileResult {
    readonly kind: FileKind;
    /** Relative to the tree for files found; the object key a digest names for files missing. */
    readonly path: string;
    readonly status: FileStatus;
    readonly reason?: string;
}

/** A digest chain that starts again: CloudTrail delivered no logs, or logging or validation was off. */
export interface ChainGap {
    readonly from: Date;
    readonly to: Date;
    /** The digest whose previous digest is null. */
    readonly digest: string;
}

export interface VerificationReport {
    readonly requested: { readonly from?: Date; readonly to?: Date };
    /** The span the valid digests cover, when there is one. */
    readonly found?: { readonly from: Date; readonly to: Date };
    readonly files: readonly FileResult[];
    readonly gaps: readonly ChainGap[];
}
