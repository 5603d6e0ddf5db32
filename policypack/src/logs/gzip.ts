import { closeSync, fstatSync, openSync, readSync } from "fs";
import { pipeline } from "stream/promises";
import * as zlib from "zlib";

/** The file is not exactly one well-formed gzip member. */
export class GzipFormatError extends Error {}

const READ_CHUNK = 256 * 1024;
const MAX_INFLATED_AT_ONCE = 16 * 1024 * 1024;
const TRAILER_LENGTH = 8;
const FLAG_HEADER_CRC = 2;
const FLAG_EXTRA = 4;
const FLAG_NAME = 8;
const FLAG_COMMENT = 16;

/** RFC 1952 §2.3: the header is variable-length, so its end has to be found before raw inflating. */
export function gzipHeaderLength(bytes: Buffer): number {
    if (bytes.length < 10 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
        throw new GzipFormatError("not a gzip file");
    }
    if (bytes[2] !== 8) {
        throw new GzipFormatError("unsupported gzip compression method");
    }
    const flags = bytes[3];
    let offset = 10;
    if (flags & FLAG_EXTRA) {
        offset = offset + 2 > bytes.length ? Infinity : offset + 2 + bytes.readUInt16LE(offset);
    }
    for (const flag of [FLAG_NAME, FLAG_COMMENT]) {
        if (flags & flag && offset < bytes.length) {
            const end = bytes.indexOf(0, offset);
            offset = end < 0 ? Infinity : end + 1;
        }
    }
    if (flags & FLAG_HEADER_CRC) {
        offset += 2;
    }
    if (offset > bytes.length) {
        throw new GzipFormatError("truncated gzip header");
    }
    return offset;
}

/**
 * Streams the inflated bytes of a gzip file to `onChunk`, holding one read chunk at a time.
 * CloudTrail hashes the inflated content of a single gzip member, so anything after that member
 * (another member, padding) makes the file invalid rather than being silently inflated or skipped.
 */
export async function inflateGzipFile(path: string, onChunk: (chunk: Buffer) => void): Promise<void> {
    const fd = openSync(path, "r");
    try {
        const { size } = fstatSync(fd);
        const first = readAt(fd, 0, Math.min(size, READ_CHUNK));
        const headerLength = gzipHeaderLength(first);
        const bodyEnd = size - TRAILER_LENGTH;
        if (bodyEnd < headerLength) {
            throw new GzipFormatError("truncated gzip file");
        }
        const whole = size <= READ_CHUNK ? inflateAtOnce(first.subarray(headerLength, bodyEnd), first.readUInt32LE(bodyEnd + 4)) : undefined;
        if (whole) {
            if (whole.consumed !== bodyEnd - headerLength) {
                throw new GzipFormatError("data after the end of the gzip stream");
            }
            checkTrailer(first.subarray(bodyEnd), zlib.crc32(whole.inflated), whole.inflated.length);
            onChunk(whole.inflated);
            return;
        }
        const inflater = zlib.createInflateRaw();
        let crc = 0;
        let inflatedLength = 0;
        try {
            await pipeline(readRange(fd, first, headerLength, bodyEnd), inflater, async (inflated: AsyncIterable<Buffer>) => {
                for await (const chunk of inflated) {
                    crc = zlib.crc32(chunk, crc);
                    inflatedLength += chunk.length;
                    onChunk(chunk);
                }
            });
        } catch (error) {
            throw new GzipFormatError(`corrupt gzip data (${(error as Error).message})`);
        }
        if (inflater.bytesWritten !== bodyEnd - headerLength) {
            throw new GzipFormatError("data after the end of the gzip stream");
        }
        checkTrailer(readAt(fd, bodyEnd, TRAILER_LENGTH), crc, inflatedLength);
    } finally {
        closeSync(fd);
    }
}

/**
 * Most logs fit one read: inflating them in a single call skips the stream machinery, which costs
 * more than the inflating itself for small files. The output cap keeps memory bounded; a file
 * that would exceed it is streamed instead. The output buffer is sized from the trailer's length
 * (one byte over, so zlib sees the end without another call): with the default 16 KB chunks a log
 * inflates in several calls and is then copied into one buffer, about a seventh of the work. The
 * trailer is only a hint here; a wrong one costs extra chunks, and is caught by checkTrailer.
 */
function inflateAtOnce(body: Buffer, trailerLength: number): { inflated: Buffer; consumed: number } | undefined {
    const chunkSize = Math.max(zlib.constants.Z_MIN_CHUNK, Math.min(trailerLength + 1, MAX_INFLATED_AT_ONCE));
    try {
        const { buffer, engine } = zlib.inflateRawSync(body, { info: true, maxOutputLength: MAX_INFLATED_AT_ONCE, chunkSize } as zlib.ZlibOptions) as unknown as {
            buffer: Buffer;
            engine: zlib.InflateRaw;
        };
        return { inflated: buffer, consumed: engine.bytesWritten };
    } catch (error) {
        if (error instanceof RangeError) {
            return undefined;
        }
        throw new GzipFormatError(`corrupt gzip data (${(error as Error).message})`);
    }
}

function checkTrailer(trailer: Buffer, crc: number, inflatedLength: number): void {
    if (trailer.readUInt32LE(0) !== crc >>> 0 || trailer.readUInt32LE(4) !== inflatedLength % 2 ** 32) {
        throw new GzipFormatError("gzip checksum mismatch");
    }
}

/** A finding's reason for a file that could not be inflated. */
export function describeInflateError(error: Error): string {
    if (error instanceof GzipFormatError) {
        return `invalid format: ${error.message}`;
    }
    return `unreadable (${(error as NodeJS.ErrnoException).code ?? error.message})`;
}

function* readRange(fd: number, first: Buffer, start: number, end: number): Generator<Buffer> {
    if (start < Math.min(first.length, end)) {
        yield first.subarray(start, Math.min(first.length, end));
    }
    for (let offset = first.length; offset < end; offset += READ_CHUNK) {
        yield readAt(fd, offset, Math.min(READ_CHUNK, end - offset));
    }
}

/**
 * Blocking reads: files are hashed on worker threads, where a thread-pool round trip per read
 * costs more than the read, and digests are few and small.
 */
function readAt(fd: number, position: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
        const bytesRead = readSync(fd, buffer, filled, length - filled, position + filled);
        if (bytesRead === 0) {
            throw new GzipFormatError("file shrank while being read");
        }
        filled += bytesRead;
    }
    return buffer;
}
