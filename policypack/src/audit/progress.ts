/**
 * Progress on stderr for long audits. The work is synchronous (parsing, evaluating), so a timer
 * would never fire during it: each phase says what it starts, and only once the audit has taken
 * over a second, and only on a terminal, so CI logs and piped output stay clean.
 */
export class Progress {
    private readonly start: number;
    private shown = false;

    constructor(
        private readonly stderr: NodeJS.WritableStream & { isTTY?: boolean },
        private readonly now: () => number = Date.now,
    ) {
        this.start = now();
    }

    phase(message: string): void {
        if (this.stderr.isTTY && this.now() - this.start > 1000) {
            this.stderr.write(`\r\x1b[K${message}`);
            this.shown = true;
        }
    }

    /** Erases the progress line before the report or an error is printed. */
    clear(): void {
        if (this.shown) {
            this.stderr.write("\r\x1b[K");
            this.shown = false;
        }
    }
}
