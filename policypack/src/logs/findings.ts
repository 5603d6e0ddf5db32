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

export type StatusCounts = Record<FileStatus, number>;

/** Holds only counts and the files that are not valid, however many files the tree has. */
export interface VerificationReport {
    readonly requested: { readonly from?: Date; readonly to?: Date };
    /** The span the valid digests cover, when there is one. */
    readonly found?: { readonly from: Date; readonly to: Date };
    readonly summary: Readonly<Record<FileKind, Readonly<StatusCounts>>>;
    /** The files not valid, digests first, each kind by path. */
    readonly problems: readonly FileResult[];
    /** Every file checked, valid or not, in the same order; made afresh on each call. */
    files(): Iterable<FileResult>;
    readonly gaps: readonly ChainGap[];
}
