/**
 * A one-line progress bar for runs long enough to wonder about. Drawn only on a terminal and
 * only after a delay, so short runs and piped output stay clean.
 */
export class ProgressBar {
    private readonly startedAt = Date.now();
    private drawnAt = 0;
    private drawn = false;

    constructor(
        private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
        private readonly label: string,
        private readonly delayMs = 1000,
    ) {}

    update(done: number, total: number): void {
        const now = Date.now();
        if (!this.stream.isTTY || now - this.startedAt < this.delayMs || (now - this.drawnAt < 100 && done < total)) {
            return;
        }
        this.drawnAt = now;
        this.drawn = true;
        const width = 30;
        const filled = total === 0 ? width : Math.round((done / total) * width);
        this.stream.write(`\r${this.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
    }

    finish(): void {
        if (this.drawn) {
            this.stream.write("\r\x1b[K");
        }
    }
}
