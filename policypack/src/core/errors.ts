/** The error's class and where it was thrown; never its message, which could quote a property value. */
export function describeError(error: unknown): string {
    if (!(error instanceof Error)) {
        return "a non-Error value was thrown";
    }
    const frame = error.stack?.split("\n").find((line) => line.trim().startsWith("at "));
    return frame ? `${error.name} ${frame.trim()}` : error.name;
}
