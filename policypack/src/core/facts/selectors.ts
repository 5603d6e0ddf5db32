import { allTri, anyTri, Tri } from "../tri";
import {
    asBool,
    asList,
    asObject,
    asString,
    asStringList,
    at,
    elements,
    Field,
    known,
    prop,
} from "../values";

export interface DataResource {
    readonly type: Field<string>;
    readonly values: Field<readonly string[]>;
}

export interface ClassicSelector {
    readonly readWriteType: Field<string>;
    readonly includeManagementEvents: Field<boolean>;
    readonly excludeManagementEventSources: Field<readonly string[]>;
    readonly dataResources: readonly DataResource[] | "unknown";
}

export const MATCH_OPERATORS = ["equals", "notEquals", "startsWiths", "notStartsWiths", "endsWiths", "notEndsWiths"] as const;
export type MatchOperator = (typeof MATCH_OPERATORS)[number];

export interface FieldSelector {
    readonly field: Field<string>;
    readonly match: Readonly<Record<MatchOperator, Field<readonly string[]>>>;
}

export interface AdvancedSelector {
    /** "unknown" when the list of field selectors itself is not known yet. */
    readonly fieldSelectors: readonly FieldSelector[] | "unknown";
}

/**
 * Parses a list property element by element. A malformed element makes the whole property
 * invalid with the path of the first problem, because a rule cannot reason about half a list.
 */
function parseList<T>(name: string, raw: unknown, parseOne: (element: unknown, path: string) => Field<T>): Field<readonly T[]> {
    const list = at(name, asList(raw));
    if (list.state !== "known") {
        return list;
    }
    const out: T[] = [];
    const items = elements(list.value);
    for (let i = 0; i < items.length; i++) {
        const parsed = parseOne(items[i], `${name}[${i}]`);
        if (parsed.state === "absent") {
            // A null element is not "no selector": the list is malformed.
            return { state: "invalid", expected: "an object", got: "null", path: `${name}[${i}]` };
        }
        if (parsed.state !== "known") {
            return parsed;
        }
        out.push(parsed.value);
    }
    return known(out);
}

function firstInvalid(path: string, fields: Record<string, Field<unknown>>): Field<never> | undefined {
    for (const [key, field] of Object.entries(fields)) {
        if (field.state === "invalid") {
            return at(`${path}.${key}`, field) as Field<never>;
        }
    }
    return undefined;
}

export function parseClassicSelectors(raw: unknown): Field<readonly ClassicSelector[]> {
    return parseList("eventSelectors", raw, parseClassicSelector);
}

function parseClassicSelector(raw: unknown, path: string): Field<ClassicSelector> {
    const bag = at(path, asObject(raw));
    if (bag.state !== "known") {
        return bag;
    }
    const readWriteType = asString(prop(bag.value, "readWriteType"));
    const includeManagementEvents = asBool(prop(bag.value, "includeManagementEvents"));
    const excludeManagementEventSources = asStringList(prop(bag.value, "excludeManagementEventSources"));
    const problem = firstInvalid(path, { readWriteType, includeManagementEvents, excludeManagementEventSources });
    if (problem) {
        return problem;
    }
    const dataResources = parseList(`${path}.dataResources`, prop(bag.value, "dataResources"), parseDataResource);
    if (dataResources.state === "invalid") {
        return dataResources;
    }
    return known({
        readWriteType,
        includeManagementEvents,
        excludeManagementEventSources,
        dataResources: dataResources.state === "unknown" ? "unknown" : dataResources.state === "known" ? dataResources.value : [],
    });
}

function parseDataResource(raw: unknown, path: string): Field<DataResource> {
    const bag = at(path, asObject(raw));
    if (bag.state !== "known") {
        return bag.state === "unknown" ? known({ type: bag, values: bag }) : bag;
    }
    const type = asString(prop(bag.value, "type"));
    const values = asStringList(prop(bag.value, "values"));
    return firstInvalid(path, { type, values }) ?? known({ type, values });
}

export function parseAdvancedSelectors(raw: unknown): Field<readonly AdvancedSelector[]> {
    return parseList("advancedEventSelectors", raw, parseAdvancedSelector);
}

function parseAdvancedSelector(raw: unknown, path: string): Field<AdvancedSelector> {
    const bag = at(path, asObject(raw));
    if (bag.state !== "known") {
        return bag.state === "unknown" ? known({ fieldSelectors: "unknown" }) : bag;
    }
    const fieldSelectors = parseList(`${path}.fieldSelectors`, prop(bag.value, "fieldSelectors"), parseFieldSelector);
    if (fieldSelectors.state === "invalid") {
        return fieldSelectors;
    }
    return known({
        fieldSelectors: fieldSelectors.state === "unknown" ? "unknown" : fieldSelectors.state === "known" ? fieldSelectors.value : [],
    });
}

function parseFieldSelector(raw: unknown, path: string): Field<FieldSelector> {
    const bag = at(path, asObject(raw));
    if (bag.state !== "known") {
        return bag.state === "unknown" ? known({ field: bag, match: unknownMatch() }) : bag;
    }
    const field = asString(prop(bag.value, "field"));
    const match = {} as Record<MatchOperator, Field<readonly string[]>>;
    for (const operator of MATCH_OPERATORS) {
        match[operator] = asStringList(prop(bag.value, operator));
    }
    return firstInvalid(path, { field, ...match }) ?? known({ field, match });
}

function unknownMatch(): Record<MatchOperator, Field<readonly string[]>> {
    const match = {} as Record<MatchOperator, Field<readonly string[]>>;
    for (const operator of MATCH_OPERATORS) {
        match[operator] = { state: "unknown" };
    }
    return match;
}

/** Which halves of an event stream a set of selectors records. */
export interface Coverage {
    readonly reads: Tri;
    readonly writes: Tri;
}

const NONE: Coverage = { reads: false, writes: false };

function union(coverages: Coverage[]): Coverage {
    return { reads: anyTri(coverages.map((c) => c.reads)), writes: anyTri(coverages.map((c) => c.writes)) };
}

/** Which of reads/writes a classic readWriteType lets through (absent means All). */
function classicDirection(readWriteType: Field<string>): Coverage {
    switch (readWriteType.state) {
        case "absent":
            return { reads: true, writes: true };
        case "known":
            return {
                reads: readWriteType.value === "All" || readWriteType.value === "ReadOnly",
                writes: readWriteType.value === "All" || readWriteType.value === "WriteOnly",
            };
        default:
            return { reads: "unknown", writes: "unknown" };
    }
}

function isTrue(field: Field<boolean>, whenAbsent: boolean): Tri {
    switch (field.state) {
        case "absent":
            return whenAbsent;
        case "known":
            return field.value;
        default:
            return "unknown";
    }
}

function isEmptyList(field: Field<readonly string[]>): Tri {
    switch (field.state) {
        case "absent":
            return true;
        case "known":
            return field.value.length === 0;
        default:
            return "unknown";
    }
}

/**
 * Management events recorded by classic selectors, counting only selectors that exclude no
 * event source (an exclusion drops part of the stream: not "all management events").
 */
export function classicManagementCoverage(selectors: readonly ClassicSelector[]): Coverage {
    return union(
        selectors.map((s) => {
            const recordsAll = allTri([isTrue(s.includeManagementEvents, true), isEmptyList(s.excludeManagementEventSources)]);
            if (recordsAll === false) {
                return NONE;
            }
            const direction = classicDirection(s.readWriteType);
            return { reads: allTri([recordsAll, direction.reads]), writes: allTri([recordsAll, direction.writes]) };
        }),
    );
}

function fieldNamed(selector: FieldSelector, name: string): Tri {
    switch (selector.field.state) {
        case "known":
            return selector.field.value === name;
        case "unknown":
            return "unknown";
        default:
            return false;
    }
}

function listValue(field: Field<readonly string[]>): readonly string[] | "unknown" {
    if (field.state === "unknown") {
        return "unknown";
    }
    return field.state === "known" ? field.value : [];
}

/** Whether a field selector's conditions let `value` through (for fields with few values: eventCategory, readOnly, resources.type). */
function admits(selector: FieldSelector, value: string): Tri {
    const results: Tri[] = [];
    for (const operator of MATCH_OPERATORS) {
        const values = listValue(selector.match[operator]);
        if (values === "unknown") {
            results.push("unknown");
            continue;
        }
        if (values.length === 0) {
            continue;
        }
        switch (operator) {
            case "equals":
                results.push(values.includes(value));
                break;
            case "notEquals":
                results.push(!values.includes(value));
                break;
            case "startsWiths":
                results.push(values.some((v) => value.startsWith(v)));
                break;
            case "notStartsWiths":
                results.push(!values.some((v) => value.startsWith(v)));
                break;
            case "endsWiths":
                results.push(values.some((v) => value.endsWith(v)));
                break;
            case "notEndsWiths":
                results.push(!values.some((v) => value.endsWith(v)));
                break;
        }
    }
    return allTri(results);
}

/**
 * For one advanced selector: does every field selector on `name` let `value` through?
 * A selector with no condition on the field lets everything through.
 */
function selectorAdmits(selectors: readonly FieldSelector[], name: string, value: string): Tri {
    return allTri(
        selectors.map((s) => {
            const named = fieldNamed(s, name);
            if (named === false) {
                return true;
            }
            const admitted = admits(s, value);
            if (named === true) {
                return admitted;
            }
            return admitted === true ? true : "unknown";
        }),
    );
}

/** Whether the selector restricts `name` at all (any field selector on it). */
function restricts(selectors: readonly FieldSelector[], name: string): Tri {
    return anyTri(selectors.map((s) => fieldNamed(s, name)));
}

/**
 * Management events recorded by advanced selectors: a selector counts when it admits the
 * Management category and filters on no event source; readOnly filters decide the halves.
 */
export function advancedManagementCoverage(selectors: readonly AdvancedSelector[]): Coverage {
    return union(
        selectors.map((s) => {
            if (s.fieldSelectors === "unknown") {
                return { reads: "unknown", writes: "unknown" };
            }
            const base = allTri([
                selectorAdmits(s.fieldSelectors, "eventCategory", "Management"),
                notRestricted(s.fieldSelectors, "eventSource"),
            ]);
            return {
                reads: allTri([base, selectorAdmits(s.fieldSelectors, "readOnly", "true")]),
                writes: allTri([base, selectorAdmits(s.fieldSelectors, "readOnly", "false")]),
            };
        }),
    );
}

function notRestricted(selectors: readonly FieldSelector[], name: string): Tri {
    const r = restricts(selectors, name);
    return r === "unknown" ? "unknown" : !r;
}

const S3_ALL_BUCKETS = /^arn:aws(-[a-z]+)*:s3(:::)?$/;

/**
 * S3 object data events for every bucket. Classic: a data resource of type AWS::S3::Object whose
 * values include the all-buckets ARN. Advanced: Data category, resources.type AWS::S3::Object,
 * no filter on resources.ARN.
 */
export function s3DataCoverage(classic: Field<readonly ClassicSelector[]>, advanced: Field<readonly AdvancedSelector[]>): Coverage {
    const parts: Coverage[] = [];
    if (classic.state === "unknown" || advanced.state === "unknown") {
        parts.push({ reads: "unknown", writes: "unknown" });
    }
    if (classic.state === "known") {
        for (const s of classic.value) {
            const direction = classicDirection(s.readWriteType);
            const logsAllBuckets: Tri =
                s.dataResources === "unknown"
                    ? "unknown"
                    : anyTri(
                          s.dataResources.map((d) =>
                              allTri([stringIs(d.type, "AWS::S3::Object"), listHas(d.values, (v) => S3_ALL_BUCKETS.test(v))]),
                          ),
                      );
            parts.push({ reads: allTri([logsAllBuckets, direction.reads]), writes: allTri([logsAllBuckets, direction.writes]) });
        }
    }
    if (advanced.state === "known") {
        for (const s of advanced.value) {
            if (s.fieldSelectors === "unknown") {
                parts.push({ reads: "unknown", writes: "unknown" });
                continue;
            }
            const base = allTri([
                selectorAdmits(s.fieldSelectors, "eventCategory", "Data"),
                restrictsTo(s.fieldSelectors, "resources.type", "AWS::S3::Object"),
                notRestricted(s.fieldSelectors, "resources.ARN"),
            ]);
            parts.push({
                reads: allTri([base, selectorAdmits(s.fieldSelectors, "readOnly", "true")]),
                writes: allTri([base, selectorAdmits(s.fieldSelectors, "readOnly", "false")]),
            });
        }
    }
    return parts.length === 0 ? NONE : union(parts);
}

/** The selector names `name` and lets `value` through (advanced data selectors must name a resource type). */
function restrictsTo(selectors: readonly FieldSelector[], name: string, value: string): Tri {
    return allTri([restricts(selectors, name), selectorAdmits(selectors, name, value)]);
}

function stringIs(field: Field<string>, value: string): Tri {
    if (field.state === "unknown") {
        return "unknown";
    }
    return field.state === "known" && field.value === value;
}

function listHas(field: Field<readonly string[]>, test: (value: string) => boolean): Tri {
    if (field.state === "unknown") {
        return "unknown";
    }
    return field.state === "known" && field.value.some(test);
}
