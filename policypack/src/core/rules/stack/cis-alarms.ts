import { coversPattern, parseFilterPattern, PatternMeaning } from "../../facts/filter-pattern";
import { Finding } from "../../finding";
import { StackModel } from "../../model";
import { ResourceSnapshot } from "../../resource";
import { StackRule } from "../../rule";
import { METRIC_ALARM } from "../../tokens";
import { allTri, anyTri, Tri } from "../../tri";
import { asBool, asList, asObject, asString, elements, Field, prop } from "../../values";
import { judgeLinked } from "../linked";
import { subject, undecidable, violation } from "../support";
import { CIS_METRIC_FILTERS, CisMetricFilter } from "./cis-patterns";

const NAME = "cloudtrail-cis-alarms";

const REQUIRED: readonly { readonly control: CisMetricFilter; readonly meanings: readonly PatternMeaning[] }[] = CIS_METRIC_FILTERS.map((control) => ({
    control,
    meanings: control.patterns.map((p) => parseFilterPattern(p) as PatternMeaning),
}));

interface Filter {
    readonly meaning: PatternMeaning | "unknown" | undefined;
    /** `<namespace>\0<metric name>`; undefined without a metric transformation. */
    readonly metric: string | "unknown" | undefined;
}

function metricKey(namespace: Field<string>, name: Field<string>): string | "unknown" | undefined {
    if (namespace.state === "unknown" || name.state === "unknown") {
        return "unknown";
    }
    return namespace.state === "known" && name.state === "known" ? `${namespace.value}\0${name.value}` : undefined;
}

function filterOf(r: ResourceSnapshot): Filter {
    const pattern = asString(prop(r.props, "pattern"));
    const transformation = asObject(prop(r.props, "metricTransformation"));
    const metric =
        transformation.state === "known"
            ? metricKey(asString(prop(transformation.value, "namespace")), asString(prop(transformation.value, "name")))
            : transformation.state === "unknown"
              ? "unknown"
              : undefined;
    return {
        meaning: pattern.state === "known" ? parseFilterPattern(pattern.value) : pattern.state === "unknown" ? "unknown" : undefined,
        metric,
    };
}

/** Metrics watched by an alarm that notifies someone; built once per run. */
interface Alarms {
    readonly watched: ReadonlySet<string>;
    /** Some alarm's metric or actions are not known yet. */
    readonly pending: boolean;
}

/** The metrics an alarm watches: its own metricName/namespace, or each metric of its metricQueries (metric math). */
function metricsOf(alarm: ResourceSnapshot): (string | "unknown")[] {
    const own = metricKey(asString(prop(alarm.props, "namespace")), asString(prop(alarm.props, "metricName")));
    const queries = asList(prop(alarm.props, "metricQueries"));
    if (queries.state === "unknown") {
        return ["unknown"];
    }
    const queried = (queries.state === "known" ? elements(queries.value) : []).map((element) => {
        const query = asObject(element);
        const metric = query.state === "known" ? asObject(prop(query.value, "metric")) : query;
        return metric.state === "known" ? metricKey(asString(prop(metric.value, "namespace")), asString(prop(metric.value, "metricName"))) : metric.state === "unknown" ? "unknown" : undefined;
    });
    return [own, ...queried].filter((k): k is string => k !== undefined);
}

function alarmsOf(model: StackModel): Alarms {
    const watched = new Set<string>();
    let pending = false;
    for (const alarm of model.ofType(METRIC_ALARM)) {
        const metrics = metricsOf(alarm);
        const actions = asList(prop(alarm.props, "alarmActions"));
        // actionsEnabled false keeps the alarm silent whatever alarmActions lists.
        const enabled = asBool(prop(alarm.props, "actionsEnabled"));
        if (metrics.includes("unknown") || actions.state === "unknown" || enabled.state === "unknown") {
            pending = true;
        } else if (actions.state === "known" && actions.value.length > 0 && !(enabled.state === "known" && !enabled.value)) {
            metrics.forEach((m) => watched.add(m));
        }
    }
    return { watched, pending };
}

/** Whether one control has a filter on the group with an alarm on its metric. */
function controlMet(meanings: readonly PatternMeaning[], filters: readonly Filter[], alarms: Alarms): Tri {
    return anyTri(
        filters.map((f): Tri => {
            if (f.meaning === undefined) {
                return false;
            }
            const meaning = f.meaning;
            const matches: Tri = meaning === "unknown" ? "unknown" : meanings.some((m) => coversPattern(meaning, m));
            const alarmed: Tri = f.metric === "unknown" ? "unknown" : f.metric !== undefined && alarms.watched.has(f.metric) ? true : alarms.pending ? "unknown" : false;
            return allTri([matches, alarmed]);
        }),
    );
}

/** Short enough to list all fifteen in one finding (replies should stay small); the titles are in the docs. */
function label(control: CisMetricFilter): string {
    return control.cis["3.0"] ?? control.id;
}

export const cisAlarms: StackRule = {
    subject: "stack",
    needsTrail: true,
    name: NAME,
    description:
        "A trail's CloudWatch Logs group should have every CIS metric filter (unauthorized API calls, root usage, IAM/CloudTrail/KMS/S3/Config/network/Organizations changes, console sign-in issues), each with an alarm that notifies someone.",
    enforcementLevel: "advisory",
    severity: "medium",
    cis: { "1.4": "4.1–4.15", "3.0": "4.1–4.15", "4.0": "4.1–4.15", "5.0": "4.1–4.15" },
    securityHub: "CloudWatch.1–14",
    equivalents: { trivy: CIS_METRIC_FILTERS.map((c) => c.trivy), prowler: CIS_METRIC_FILTERS.map((c) => c.prowler) },
    remediationSteps:
        "For each missing control add an aws.cloudwatch.LogMetricFilter on the trail's log group with the benchmark's pattern and a metricTransformation {name, namespace, value: \"1\"}, " +
        "and an aws.cloudwatch.MetricAlarm on that metric name and namespace (threshold 1, Sum) whose alarmActions notify an SNS topic someone subscribes to.",
    url: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html",
    tags: ["cloudtrail", "cloudwatch", "monitoring", "cis"],
    check(model) {
        let alarms: Alarms | undefined;
        return judgeLinked(model, "logGroup", NAME, (urn): Finding[] => {
            alarms ??= alarmsOf(model);
            const filters = model.links.metricFiltersOf(urn).map(filterOf);
            const group = subject("log group", model.links.logGroup(urn).name);
            const results = REQUIRED.map(({ control, meanings }) => ({ control, met: controlMet(meanings, filters, alarms as Alarms) }));
            const missing = results.filter((r) => r.met === false);
            const undecided = results.some((r) => r.met === "unknown");
            const findings: Finding[] = [];
            if (missing.length > 0 && !model.links.unresolvedMetricFilters) {
                findings.push(
                    violation(NAME, undefined, `Trail ${group} lacks a metric filter with an alarm for CIS ${missing.map((r) => label(r.control)).join(", ")} (${missing[0].control.title}${missing.length > 1 ? ", ..." : ""}). Add the benchmark's metric filters on this log group, each with an alarm on its metric.`),
                );
            }
            if (undecided || (missing.length > 0 && model.links.unresolvedMetricFilters)) {
                findings.push(
                    undecidable(NAME, undefined, `Cannot check the CIS metric filters and alarms of ${group} yet: some filter patterns, metric names or log groups are not known until the update runs.`),
                );
            }
            return findings;
        });
    },
};
