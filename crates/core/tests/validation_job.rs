//! Job validation cases after upstream's TestValidateJob / TestValidatePodTemplateSpec
//! (pkg/apis/batch/validation/validation_test.go, pkg/apis/core/validation/validation_test.go),
//! run through the whole create path: YAML, strict decoding, defaulting, selector generation.

use jobsim_core::validation::manifest::{admit_manifest, AdmitOptions, DocumentReport};

const NEVER: &str = "      restartPolicy: Never\n";

/// A Job named `name` with extra spec lines (indent 2), pod spec lines (indent 6) and container
/// lines (indent 8).
fn job_named(name: &str, spec: &str, pod: &str, container: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\nspec:\n{spec}  template:\n    spec:\n{pod}      containers:\n      - name: pi\n        image: perl:5.34\n{container}"
    )
}

fn job(spec: &str, pod: &str, container: &str) -> String {
    job_named("pi", spec, pod, container)
}

fn admit(text: &str) -> DocumentReport {
    let mut reports = admit_manifest(text, &AdmitOptions::default());
    assert_eq!(reports.len(), 1);
    reports.remove(0)
}

fn pairs(text: &str) -> Vec<(String, String)> {
    admit(text)
        .errors
        .iter()
        .map(|e| (e.field.clone(), e.error_type.clone()))
        .collect()
}

/// A case: its name, the manifest, and the (field, type) pairs expected.
type Case<'a> = (&'a str, String, &'a [(&'a str, &'a str)]);

fn check(cases: Vec<Case<'_>>) {
    for (name, text, want) in cases {
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(f, t)| (f.to_string(), t.to_string()))
            .collect();
        assert_eq!(pairs(&text), want, "{name}\n{text}");
    }
}

#[test]
fn job_spec_numbers_and_modes_follow_validate_job_spec() {
    check(vec![
        ("a plain Job with restartPolicy Never is valid", job("", NEVER, ""), &[]),
        ("OnFailure is valid", job("", "      restartPolicy: OnFailure\n", ""), &[]),
        ("negative parallelism", job("  parallelism: -1\n", NEVER, ""), &[("spec.parallelism", "Invalid value")]),
        ("negative completions", job("  completions: -1\n", NEVER, ""), &[("spec.completions", "Invalid value")]),
        ("zero completions is valid", job("  completions: 0\n", NEVER, ""), &[]),
        (
            "negative activeDeadlineSeconds",
            job("  activeDeadlineSeconds: -1\n", NEVER, ""),
            &[("spec.activeDeadlineSeconds", "Invalid value")],
        ),
        ("negative backoffLimit", job("  backoffLimit: -1\n", NEVER, ""), &[("spec.backoffLimit", "Invalid value")]),
        (
            "negative ttlSecondsAfterFinished",
            job("  ttlSecondsAfterFinished: -1\n", NEVER, ""),
            &[("spec.ttlSecondsAfterFinished", "Invalid value")],
        ),
        (
            "an unknown completion mode",
            job("  completionMode: indexed\n", NEVER, ""),
            &[("spec.completionMode", "Unsupported value")],
        ),
        (
            "Indexed without completions",
            job("  completionMode: Indexed\n  parallelism: 2\n", NEVER, ""),
            &[("spec.completions", "Required value")],
        ),
        (
            "Indexed with too much parallelism",
            job("  completionMode: Indexed\n  completions: 2\n  parallelism: 100001\n", NEVER, ""),
            &[("spec.parallelism", "Invalid value")],
        ),
        (
            "backoffLimitPerIndex on a NonIndexed Job",
            job("  backoffLimitPerIndex: 1\n", NEVER, ""),
            &[("spec.backoffLimitPerIndex", "Invalid value")],
        ),
        (
            "maxFailedIndexes without backoffLimitPerIndex",
            job("  completionMode: Indexed\n  completions: 4\n  maxFailedIndexes: 1\n", NEVER, ""),
            &[("spec.backoffLimitPerIndex", "Required value")],
        ),
        (
            "maxFailedIndexes above completions",
            job("  completionMode: Indexed\n  completions: 2\n  backoffLimitPerIndex: 1\n  maxFailedIndexes: 3\n", NEVER, ""),
            &[("spec.maxFailedIndexes", "Invalid value")],
        ),
        (
            "a valid Indexed Job with a per-index backoff",
            job("  completionMode: Indexed\n  completions: 4\n  backoffLimitPerIndex: 1\n  maxFailedIndexes: 2\n", NEVER, ""),
            &[],
        ),
        (
            "an Indexed Job whose last pod name is no DNS label",
            job_named(&"a".repeat(62), "  completionMode: Indexed\n  completions: 10\n", NEVER, ""),
            &[("metadata.name", "Invalid value")],
        ),
        (
            "a 64-character name makes the generated labels too long",
            job_named(&"a".repeat(64), "", NEVER, ""),
            &[("spec.template.labels", "Invalid value"), ("spec.template.labels", "Invalid value")],
        ),
        (
            "an upper-case name is no subdomain (but a fine label value)",
            job_named("Pi_Job", "", NEVER, ""),
            &[("metadata.name", "Invalid value")],
        ),
        ("an invalid managedBy", job("  managedBy: notapath\n", NEVER, ""), &[("spec.managedBy", "Invalid value")]),
        ("a valid managedBy", job("  managedBy: example.com/queue\n", NEVER, ""), &[]),
        (
            "an unknown podReplacementPolicy",
            job("  podReplacementPolicy: Sometimes\n", NEVER, ""),
            &[("spec.podReplacementPolicy", "Unsupported value")],
        ),
    ]);
}

#[test]
fn restart_policy_follows_validate_job_spec() {
    check(vec![
        ("a missing restartPolicy defaults to Always", job("", "", ""), &[("spec.template.spec.restartPolicy", "Required value")]),
        ("Always", job("", "      restartPolicy: Always\n", ""), &[("spec.template.spec.restartPolicy", "Required value")]),
        (
            "a lower-case never is refused by the pod and by the Job",
            job("", "      restartPolicy: never\n", ""),
            &[
                ("spec.template.spec.restartPolicy", "Unsupported value"),
                ("spec.template.spec.restartPolicy", "Unsupported value"),
            ],
        ),
        (
            "OnFailure with a pod failure policy",
            job(
                "  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes:\n        operator: In\n        values: [42]\n",
                "      restartPolicy: OnFailure\n",
                "",
            ),
            &[("spec.template.spec.restartPolicy", "Invalid value")],
        ),
    ]);
    let report = admit(&job("", "      restartPolicy: never\n", ""));
    assert_eq!(
        report.message,
        "The Job \"pi\" is invalid: \n\
         * spec.template.spec.restartPolicy: Unsupported value: \"never\": supported values: \"Always\", \"OnFailure\", \"Never\"\n\
         * spec.template.spec.restartPolicy: Unsupported value: \"never\": supported values: \"OnFailure\", \"Never\"\n"
    );
}

#[test]
fn selectors_follow_validate_generated_selector() {
    check(vec![
        (
            "a selector without manualSelector is not auto-generated",
            job("  selector:\n    matchLabels:\n      app: pi\n", NEVER, ""),
            &[("spec.selector", "Invalid value"), ("spec.template.metadata.labels", "Invalid value")],
        ),
        (
            "manualSelector without a selector",
            job("  manualSelector: true\n", NEVER, ""),
            &[("spec.selector", "Required value"), ("spec.template.metadata.labels", "Invalid value")],
        ),
        (
            "a manual selector that matches the template labels",
            job_with_template_labels("  manualSelector: true\n  selector:\n    matchLabels:\n      app: pi\n"),
            &[],
        ),
        (
            "a manual selector that does not match",
            job_with_template_labels("  manualSelector: true\n  selector:\n    matchLabels:\n      app: other\n"),
            &[("spec.template.metadata.labels", "Invalid value")],
        ),
        (
            "a selector expression with an unknown operator",
            job_with_template_labels(
                "  manualSelector: true\n  selector:\n    matchExpressions:\n    - key: app\n      operator: Equals\n      values: [pi]\n",
            ),
            &[("spec.selector.matchExpressions[0].operator", "Invalid value")],
        ),
        (
            "a selector value that is no label value",
            job_with_template_labels(
                "  manualSelector: true\n  selector:\n    matchExpressions:\n    - key: app\n      operator: In\n      values: [pi, 'p i']\n",
            ),
            &[("spec.selector.matchExpressions[0].values[1]", "Invalid value")],
        ),
    ]);
}

#[test]
fn pod_placement_follows_validate_affinity_and_validate_topology_spread_constraints() {
    let affinity = |kind: &str, terms: &str| {
        job(
            "",
            &format!("{NEVER}      affinity:\n        {kind}:\n{terms}"),
            "",
        )
    };
    let spread = |constraints: &str| {
        job(
            "",
            &format!("{NEVER}      topologySpreadConstraints:\n{constraints}"),
            "",
        )
    };
    let anti = "spec.template.spec.affinity.podAntiAffinity";
    let tsc = "spec.template.spec.topologySpreadConstraints";
    check(vec![
        (
            "one pod per node is valid",
            affinity("podAntiAffinity", "          requiredDuringSchedulingIgnoredDuringExecution:\n          - labelSelector: {matchLabels: {app: pi}}\n            topologyKey: kubernetes.io/hostname\n"),
            &[],
        ),
        (
            "a preferred term of weight 0 in a wrong namespace",
            affinity("podAffinity", "          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 0\n            podAffinityTerm:\n              topologyKey: zone\n              namespaces: [Batch]\n"),
            &[
                ("spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", "Invalid value"),
                ("spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespace", "Invalid value"),
            ],
        ),
        (
            "mismatch keys without a selector",
            affinity("podAntiAffinity", "          requiredDuringSchedulingIgnoredDuringExecution:\n          - topologyKey: zone\n            mismatchLabelKeys: [tenant]\n"),
            &[(&format!("{anti}.requiredDuringSchedulingIgnoredDuringExecution[0].mismatchLabelKeys"), "Forbidden")],
        ),
        (
            "even spreading over zones is valid",
            spread("      - maxSkew: 1\n        topologyKey: topology.kubernetes.io/zone\n        whenUnsatisfiable: DoNotSchedule\n        labelSelector: {matchLabels: {app: pi}}\n"),
            &[],
        ),
        (
            "a repeated constraint",
            spread("      - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}\n      - {maxSkew: 2, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}\n"),
            &[(&format!("{tsc}[0].{{topologyKey, whenUnsatisfiable}}"), "Duplicate value")],
        ),
        (
            "minDomains with ScheduleAnyway",
            spread("      - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, minDomains: 3}\n"),
            &[(&format!("{tsc}[0].minDomains"), "Invalid value")],
        ),
    ]);
    let report = admit(&spread(
        "      - maxSkew: 0\n        topologyKey: zone\n        whenUnsatisfiable: Never\n        nodeTaintsPolicy: Always\n",
    ));
    assert_eq!(
        report.message,
        format!(
            "The Job \"pi\" is invalid: \n\
             * {tsc}[0].maxSkew: Invalid value: 0: must be greater than zero\n\
             * {tsc}[0].whenUnsatisfiable: Unsupported value: \"Never\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"\n\
             * {tsc}[0].nodeTaintsPolicy: Unsupported value: \"Always\": supported values: \"Honor\", \"Ignore\"\n"
        )
    );
    let report = admit(&affinity(
        "podAntiAffinity",
        "          requiredDuringSchedulingIgnoredDuringExecution:\n          - labelSelector: {matchLabels: {app: pi}}\n            topologyKey: ''\n",
    ));
    assert_eq!(
        report.message,
        format!(
            "The Job \"pi\" is invalid: \n\
             * {anti}.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty\n\
             * {anti}.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: \"\": name part must be non-empty\n\
             * {anti}.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n"
        )
    );
    let report = admit(&spread("      - maxSkew: a\n"));
    assert_eq!(
        report.message,
        "Error from server (BadRequest): error when creating \"STDIN\": Job in version \"v1\" cannot be handled as a Job: json: cannot unmarshal string into Go struct field TopologySpreadConstraint.spec.template.spec.topologySpreadConstraints.maxSkew of type int32\n"
    );
}

fn job_with_template_labels(spec: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n{spec}  template:\n    metadata:\n      labels:\n        app: pi\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: pi\n        image: perl\n"
    )
}

fn pfp(rules: &str) -> String {
    format!("  podFailurePolicy:\n    rules:\n{rules}")
}

#[test]
fn pod_failure_policies_follow_validate_pod_failure_policy() {
    check(vec![
        (
            "a valid policy with exit codes and conditions",
            job(
                &pfp("    - action: FailJob\n      onExitCodes:\n        containerName: pi\n        operator: In\n        values: [1, 2, 42]\n    - action: Ignore\n      onPodConditions:\n      - type: DisruptionTarget\n"),
                NEVER,
                "",
            ),
            &[],
        ),
        (
            "an empty action",
            job(&pfp("    - action: ''\n      onExitCodes:\n        operator: In\n        values: [1]\n"), NEVER, ""),
            &[("spec.podFailurePolicy.rules[0].action", "Required value")],
        ),
        (
            "an unknown action",
            job(&pfp("    - action: Retry\n      onExitCodes:\n        operator: In\n        values: [1]\n"), NEVER, ""),
            &[("spec.podFailurePolicy.rules[0].action", "Unsupported value")],
        ),
        (
            "FailIndex without backoffLimitPerIndex",
            job(&pfp("    - action: FailIndex\n      onExitCodes:\n        operator: In\n        values: [1]\n"), NEVER, ""),
            &[("spec.podFailurePolicy.rules[0].action", "Invalid value")],
        ),
        (
            "exit code 0 with In, unordered and repeated values",
            job(&pfp("    - action: FailJob\n      onExitCodes:\n        operator: In\n        values: [0, 5, 3, 3]\n"), NEVER, ""),
            &[
                ("spec.podFailurePolicy.rules[0].onExitCodes.values[0]", "Invalid value"),
                ("spec.podFailurePolicy.rules[0].onExitCodes.values[3]", "Duplicate value"),
                ("spec.podFailurePolicy.rules[0].onExitCodes.values", "Invalid value"),
            ],
        ),
        (
            "no values",
            job(&pfp("    - action: FailJob\n      onExitCodes:\n        operator: NotIn\n        values: []\n"), NEVER, ""),
            &[("spec.podFailurePolicy.rules[0].onExitCodes.values", "Invalid value")],
        ),
        (
            "an unknown container",
            job(&pfp("    - action: FailJob\n      onExitCodes:\n        containerName: main\n        operator: In\n        values: [1]\n"), NEVER, ""),
            &[("spec.podFailurePolicy.rules[0].onExitCodes.containerName", "Invalid value")],
        ),
        (
            "a missing operator",
            job(&pfp("    - action: FailJob\n      onExitCodes:\n        values: [1]\n"), NEVER, ""),
            &[("spec.podFailurePolicy.rules[0].onExitCodes.operator", "Required value")],
        ),
        (
            "neither exit codes nor conditions",
            job(&pfp("    - action: Count\n"), NEVER, ""),
            &[("spec.podFailurePolicy.rules[0]", "Invalid value")],
        ),
        (
            "both exit codes and conditions",
            job(
                &pfp("    - action: Count\n      onExitCodes:\n        operator: In\n        values: [1]\n      onPodConditions:\n      - type: DisruptionTarget\n"),
                NEVER,
                "",
            ),
            &[("spec.podFailurePolicy.rules[0]", "Invalid value")],
        ),
        (
            "an unknown condition status",
            job(&pfp("    - action: Ignore\n      onPodConditions:\n      - type: DisruptionTarget\n        status: Maybe\n"), NEVER, ""),
            &[("spec.podFailurePolicy.rules[0].onPodConditions[0].status", "Unsupported value")],
        ),
        (
            "a condition type that is no qualified name",
            job(&pfp("    - action: Ignore\n      onPodConditions:\n      - type: Invalid Condition Type\n"), NEVER, ""),
            &[("spec.podFailurePolicy.rules[0].onPodConditions[0].type", "Invalid value")],
        ),
        (
            "TerminatingOrFailed with a pod failure policy",
            job(
                &format!(
                    "  podReplacementPolicy: TerminatingOrFailed\n{}",
                    pfp("    - action: FailJob\n      onExitCodes:\n        operator: In\n        values: [1]\n")
                ),
                NEVER,
                "",
            ),
            &[("spec.podReplacementPolicy", "Unsupported value")],
        ),
    ]);
}

#[test]
fn success_policies_follow_validate_success_policy() {
    let indexed = "  completionMode: Indexed\n  completions: 5\n";
    check(vec![
        (
            "a success policy on a NonIndexed Job",
            job("  successPolicy:\n    rules:\n    - succeededCount: 1\n", NEVER, ""),
            &[("spec.successPolicy", "Invalid value")],
        ),
        (
            "a valid success policy",
            job(&format!("{indexed}  successPolicy:\n    rules:\n    - succeededIndexes: 0,2-4\n      succeededCount: 2\n"), NEVER, ""),
            &[],
        ),
        (
            "no rules",
            job(&format!("{indexed}  successPolicy:\n    rules: []\n"), NEVER, ""),
            &[("spec.successPolicy.rules", "Required value")],
        ),
        (
            "an index beyond completions",
            job(&format!("{indexed}  successPolicy:\n    rules:\n    - succeededIndexes: '5'\n"), NEVER, ""),
            &[("spec.successPolicy.rules[0].succeededIndexes", "Invalid value")],
        ),
        (
            "a count above the named indexes",
            job(&format!("{indexed}  successPolicy:\n    rules:\n    - succeededIndexes: 0-1\n      succeededCount: 3\n"), NEVER, ""),
            &[("spec.successPolicy.rules[0].succeededCount", "Invalid value")],
        ),
        (
            "a rule with neither field",
            job(&format!("{indexed}  successPolicy:\n    rules:\n    - {{}}\n"), NEVER, ""),
            &[("spec.successPolicy.rules[0]", "Required value")],
        ),
    ]);
}

#[test]
fn containers_follow_validate_containers() {
    check(vec![
        (
            "a container name with capitals and an underscore",
            job("", NEVER, "").replace("name: pi\n        image", "name: Pi_Container\n        image"),
            &[("spec.template.spec.containers[0].name", "Invalid value")],
        ),
        (
            "a missing image",
            job("", NEVER, "").replace("        image: perl:5.34\n", ""),
            &[("spec.template.spec.containers[0].image", "Required value")],
        ),
        (
            "two containers with one name",
            job("", NEVER, "      - name: pi\n        image: busybox\n"),
            &[("spec.template.spec.containers[1].name", "Duplicate value")],
        ),
        (
            "an init container sharing a name with a container",
            job("", &format!("{NEVER}      initContainers:\n      - name: pi\n        image: busybox\n"), ""),
            &[("spec.template.spec.initContainers[0].name", "Duplicate value")],
        ),
        (
            "no containers",
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: []\n".to_string(),
            &[("spec.template.spec.containers", "Required value")],
        ),
        (
            "an env name with '='",
            job("", NEVER, "        env:\n        - name: A=B\n          value: x\n"),
            &[("spec.template.spec.containers[0].env[0].name", "Invalid value")],
        ),
        (
            "an env name starting with a digit is valid since 1.34",
            job("", NEVER, "        env:\n        - name: 1BAD\n          value: x\n"),
            &[],
        ),
        (
            "an empty env name",
            job("", NEVER, "        env:\n        - name: ''\n"),
            &[
                ("spec.template.spec.containers[0].env[0].name", "Required value"),
                ("spec.template.spec.containers[0].env[0].name", "Invalid value"),
            ],
        ),
        (
            "valueFrom with a value",
            job("", NEVER, "        env:\n        - name: A\n          value: x\n          valueFrom:\n            configMapKeyRef:\n              name: cm\n              key: k\n"),
            &[("spec.template.spec.containers[0].env[0].valueFrom", "Invalid value")],
        ),
        (
            "the completion index read through the downward API",
            job("", NEVER, "        env:\n        - name: INDEX\n          valueFrom:\n            fieldRef:\n              fieldPath: metadata.annotations['batch.kubernetes.io/job-completion-index']\n"),
            &[],
        ),
        (
            "a downward API path an env var may not read",
            job("", NEVER, "        env:\n        - name: PHASE\n          valueFrom:\n            fieldRef:\n              fieldPath: status.phase\n"),
            &[("spec.template.spec.containers[0].env[0].valueFrom.fieldRef.fieldPath", "Unsupported value")],
        ),
        (
            "a downward API path that does not exist",
            job("", NEVER, "        env:\n        - name: X\n          valueFrom:\n            fieldRef:\n              fieldPath: spec.name\n"),
            &[("spec.template.spec.containers[0].env[0].valueFrom.fieldRef.fieldPath", "Invalid value")],
        ),
        (
            "a port without a number and with a lower-case protocol",
            job("", NEVER, "        ports:\n        - name: http\n          protocol: tcp\n"),
            &[
                ("spec.template.spec.containers[0].ports[0].containerPort", "Required value"),
                ("spec.template.spec.containers[0].ports[0].protocol", "Unsupported value"),
            ],
        ),
        (
            "a port number out of range",
            job("", NEVER, "        ports:\n        - containerPort: 70000\n"),
            &[("spec.template.spec.containers[0].ports[0].containerPort", "Invalid value")],
        ),
        (
            "a mount of a volume that does not exist",
            job("", NEVER, "        volumeMounts:\n        - name: data\n          mountPath: /data\n"),
            &[("spec.template.spec.containers[0].volumeMounts[0].name", "Not found")],
        ),
        (
            "an unknown pull policy",
            job("", NEVER, "        imagePullPolicy: Sometimes\n"),
            &[("spec.template.spec.containers[0].imagePullPolicy", "Unsupported value")],
        ),
        (
            "a liveness probe without a handler",
            job("", NEVER, "        livenessProbe:\n          periodSeconds: 5\n"),
            &[("spec.template.spec.containers[0].livenessProbe", "Required value")],
        ),
        (
            "a container restartPolicy of Never is allowed in 1.35",
            job("", NEVER, "        restartPolicy: Never\n"),
            &[],
        ),
    ]);
}

#[test]
fn resources_follow_validate_container_resource_requirements() {
    let c = "spec.template.spec.containers[0].resources";
    check(vec![
        (
            "requests within limits",
            job("", NEVER, "        resources:\n          requests: {cpu: 500m, memory: 1Gi}\n          limits: {cpu: '1', memory: 2Gi}\n"),
            &[],
        ),
        (
            "a request above its limit",
            job("", NEVER, "        resources:\n          requests: {cpu: '2'}\n          limits: {cpu: '1'}\n"),
            &[(&format!("{c}.requests"), "Invalid value")],
        ),
        (
            "a GPU request without a limit",
            job("", NEVER, "        resources:\n          requests: {nvidia.com/gpu: 1}\n"),
            &[(&format!("{c}.limits"), "Required value")],
        ),
        (
            "a GPU request below its limit",
            job("", NEVER, "        resources:\n          requests: {nvidia.com/gpu: 1}\n          limits: {nvidia.com/gpu: 2}\n"),
            &[(&format!("{c}.requests"), "Invalid value")],
        ),
        (
            "half a GPU",
            job("", NEVER, "        resources:\n          limits: {nvidia.com/gpu: 500m}\n"),
            &[(&format!("{c}.limits[nvidia.com/gpu]"), "Invalid value")],
        ),
        (
            "a GPU limit alone is valid",
            job("", NEVER, "        resources:\n          limits: {nvidia.com/gpu: 2}\n"),
            &[],
        ),
        (
            "an unprefixed gpu is not a standard resource",
            job("", NEVER, "        resources:\n          limits: {gpu: 1}\n"),
            &[(&format!("{c}.limits[gpu]"), "Invalid value")],
        ),
        (
            "a negative memory",
            job("", NEVER, "        resources:\n          limits: {memory: -1Gi}\n"),
            &[(&format!("{c}.limits[memory]"), "Invalid value")],
        ),
        (
            "a malformed quantity cannot be decoded",
            job("", NEVER, "        resources:\n          limits: {memory: 1GB}\n"),
            &[(&format!("{c}.limits.memory"), "Invalid value")],
        ),
    ]);
    let report = admit(&job(
        "",
        NEVER,
        "        resources:\n          requests: {cpu: '2'}\n          limits: {cpu: '1'}\n",
    ));
    assert_eq!(
        report.message,
        format!("The Job \"pi\" is invalid: {c}.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1\n")
    );
}

#[test]
fn pod_spec_fields_follow_validate_pod_spec() {
    check(vec![
        (
            "a toleration without key must use Exists",
            job("", &format!("{NEVER}      tolerations:\n      - operator: Equal\n        value: x\n"), ""),
            &[("spec.template.spec.tolerations[0].operator", "Invalid value")],
        ),
        (
            "a GPU toleration is valid",
            job("", &format!("{NEVER}      tolerations:\n      - key: nvidia.com/gpu\n        operator: Exists\n        effect: NoSchedule\n"), ""),
            &[],
        ),
        (
            "required node affinity without terms",
            job("", &format!("{NEVER}      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms: []\n"), ""),
            &[("spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms", "Required value")],
        ),
        (
            "a preferred term with weight 0",
            job("", &format!("{NEVER}      affinity:\n        nodeAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 0\n            preference:\n              matchExpressions:\n              - {{key: zone, operator: In, values: [a]}}\n"), ""),
            &[("spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", "Invalid value")],
        ),
        (
            "a pod activeDeadlineSeconds of 0",
            job("", &format!("{NEVER}      activeDeadlineSeconds: 0\n"), ""),
            &[("spec.template.spec.activeDeadlineSeconds", "Invalid value")],
        ),
        (
            "a node selector value that is no label value",
            job("", &format!("{NEVER}      nodeSelector:\n        disk: fast ssd\n"), ""),
            &[("spec.template.spec.nodeSelector", "Invalid value")],
        ),
        (
            "a volume without a source gets an emptyDir",
            job("", &format!("{NEVER}      volumes:\n      - name: scratch\n"), "        volumeMounts:\n        - {name: scratch, mountPath: /scratch}\n"),
            &[],
        ),
        (
            "a configMap volume without a name",
            job("", &format!("{NEVER}      volumes:\n      - name: cfg\n        configMap: {{}}\n"), ""),
            &[("spec.template.spec.volumes[0].configMap.name", "Required value")],
        ),
        (
            "two sources in one volume",
            job("", &format!("{NEVER}      volumes:\n      - name: v\n        emptyDir: {{}}\n        hostPath: {{path: /tmp}}\n"), ""),
            &[("spec.template.spec.volumes[0].hostPath", "Forbidden")],
        ),
    ]);
}

#[test]
fn decoding_errors_name_the_field() {
    check(vec![
        (
            "a misspelt container field",
            job("", NEVER, "        comand: [perl]\n"),
            &[("spec.template.spec.containers[0].comand", "Unknown field")],
        ),
        (
            "a misspelt spec field",
            job("  backofflimit: 4\n", NEVER, ""),
            &[("spec.backofflimit", "Unknown field")],
        ),
        (
            "a quoted number",
            job("  parallelism: '2'\n", NEVER, ""),
            &[("spec.parallelism", "Invalid value")],
        ),
        (
            "yes where a string belongs",
            job("", "      restartPolicy: yes\n", ""),
            &[("spec.template.spec.restartPolicy", "Invalid value")],
        ),
    ]);
    let report = admit(&job("", NEVER, "        comand: [perl]\n"));
    assert_eq!(
        report.message,
        "Error from server (BadRequest): error when creating \"STDIN\": Job in version \"v1\" cannot be handled as a Job: strict decoding error: unknown field \"spec.template.spec.containers[0].comand\"\n"
    );
    assert_eq!(report.errors[0].pos.map(|p| p.line), Some(12));
    let report = admit(&job("  parallelism: '2'\n", NEVER, ""));
    assert_eq!(
        report.message,
        "Error from server (BadRequest): error when creating \"STDIN\": Job in version \"v1\" cannot be handled as a Job: json: cannot unmarshal string into Go struct field JobSpec.spec.parallelism of type int32\n"
    );
}

#[test]
fn documents_without_kind_or_of_other_kinds_are_refused() {
    check(vec![
        (
            "no apiVersion and no kind",
            "metadata:\n  name: pi\n".to_string(),
            &[("apiVersion", "Required value"), ("kind", "Required value")],
        ),
        (
            "a Deployment",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n".to_string(),
            &[("apiVersion", "Not found")],
        ),
        (
            "a list instead of an object",
            "- kind: Job\n".to_string(),
            &[("", "Invalid value")],
        ),
    ]);
}

#[test]
fn several_documents_are_answered_one_by_one() {
    let text = format!(
        "{}---\n{}",
        job("", NEVER, ""),
        job_named("second", "", "", "")
    );
    let reports = admit_manifest(&text, &AdmitOptions::default());
    assert_eq!(reports.len(), 2);
    assert!(reports[0].is_valid());
    assert_eq!(reports[1].name, "second");
    assert_eq!(reports[1].first_line, 13);
    assert_eq!(
        reports[1].errors[0].pos.map(|p| p.line),
        Some(19),
        "points at the second document's pod spec"
    );
}

#[test]
fn an_accepted_job_carries_the_api_servers_warnings() {
    let report = admit(&job_named(
        "pi.v2",
        "",
        NEVER,
        "        env:\n        - {name: A, value: '1'}\n        - {name: A, value: '2'}\n",
    ));
    assert!(report.is_valid());
    assert_eq!(report.warnings.len(), 2);
    assert!(
        report.warnings[0].starts_with("metadata.name: this is used in Pod names and hostnames")
    );
    assert_eq!(
        report.warnings[1],
        "spec.template.spec.containers[0].env[1]: hides previous definition of \"A\", which may be dropped when using apply"
    );
}
