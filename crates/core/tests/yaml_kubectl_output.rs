//! What `kubectl get -o yaml` prints is read strictly into the typed objects and written back
//! byte for byte: every field it prints is known, and the writer keeps its order and quoting.

use jobsim_core::api::cronjob::CronJob;
use jobsim_core::api::decode::decode_strict;
use jobsim_core::api::job::Job;
use jobsim_core::yaml::{parse_documents, to_json, to_yaml};
use serde::de::DeserializeOwned;
use serde::Serialize;

const JOB: &str = r#"apiVersion: batch/v1
kind: Job
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"batch/v1","kind":"Job","metadata":{"annotations":{},"name":"pi","namespace":"default"}}
  creationTimestamp: "2026-01-01T00:00:00Z"
  generation: 1
  labels:
    batch.kubernetes.io/controller-uid: 5d1c3ac4-1f4e-4b9c-a0a3-0a4b5e8f1c2d
    batch.kubernetes.io/job-name: pi
    controller-uid: 5d1c3ac4-1f4e-4b9c-a0a3-0a4b5e8f1c2d
    job-name: pi
  name: pi
  namespace: default
  resourceVersion: "1234"
  uid: 5d1c3ac4-1f4e-4b9c-a0a3-0a4b5e8f1c2d
spec:
  backoffLimit: 4
  completionMode: NonIndexed
  completions: 1
  manualSelector: false
  parallelism: 1
  podReplacementPolicy: TerminatingOrFailed
  selector:
    matchLabels:
      batch.kubernetes.io/controller-uid: 5d1c3ac4-1f4e-4b9c-a0a3-0a4b5e8f1c2d
  suspend: false
  template:
    metadata:
      labels:
        batch.kubernetes.io/controller-uid: 5d1c3ac4-1f4e-4b9c-a0a3-0a4b5e8f1c2d
        batch.kubernetes.io/job-name: pi
        controller-uid: 5d1c3ac4-1f4e-4b9c-a0a3-0a4b5e8f1c2d
        job-name: pi
    spec:
      containers:
      - command:
        - perl
        - -Mbignum=bpi
        - -wle
        - print bpi(2000)
        image: perl:5.34.0
        imagePullPolicy: IfNotPresent
        name: pi
        resources:
          limits:
            cpu: 500m
            memory: 128Mi
            nvidia.com/gpu: "1"
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Never
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
status:
  completionTime: "2026-01-01T00:01:40Z"
  conditions:
  - lastProbeTime: "2026-01-01T00:01:40Z"
    lastTransitionTime: "2026-01-01T00:01:40Z"
    message: Reached expected number of succeeded pods
    reason: CompletionsReached
    status: "True"
    type: SuccessCriteriaMet
  - lastProbeTime: "2026-01-01T00:01:40Z"
    lastTransitionTime: "2026-01-01T00:01:40Z"
    message: Reached expected number of succeeded pods
    reason: CompletionsReached
    status: "True"
    type: Complete
  ready: 0
  startTime: "2026-01-01T00:00:00Z"
  succeeded: 1
  terminating: 0
  uncountedTerminatedPods: {}
"#;

const CRONJOB: &str = r#"apiVersion: batch/v1
kind: CronJob
metadata:
  creationTimestamp: "2026-01-01T00:00:00Z"
  generation: 1
  name: hello
  namespace: default
  resourceVersion: "42"
  uid: 0b7f8e2a-3c1d-4e5f-9a8b-7c6d5e4f3a2b
spec:
  concurrencyPolicy: Allow
  failedJobsHistoryLimit: 1
  jobTemplate:
    metadata: {}
    spec:
      template:
        spec:
          containers:
          - command:
            - /bin/sh
            - -c
            - date; echo Hello from the Kubernetes cluster
            image: busybox:1.28
            imagePullPolicy: IfNotPresent
            name: hello
            resources: {}
            terminationMessagePath: /dev/termination-log
            terminationMessagePolicy: File
          dnsPolicy: ClusterFirst
          restartPolicy: OnFailure
          schedulerName: default-scheduler
          securityContext: {}
          terminationGracePeriodSeconds: 30
  schedule: '* * * * *'
  successfulJobsHistoryLimit: 3
  suspend: false
  timeZone: Asia/Shanghai
status:
  active:
  - apiVersion: batch/v1
    kind: Job
    name: hello-29454361
    namespace: default
    resourceVersion: "43"
    uid: 1a2b3c4d-0000-4000-8000-000000000001
  lastScheduleTime: "2026-01-01T10:01:00Z"
  lastSuccessfulTime: "2026-01-01T10:00:07Z"
"#;

fn round_trip<T: DeserializeOwned + Serialize>(text: &str, kind: &str) -> String {
    let node = parse_documents(text)
        .into_iter()
        .next()
        .and_then(|d| d.content.ok())
        .expect("valid YAML");
    let (value, _) = to_json(&node).expect("JSON");
    let object: T = decode_strict(&value, kind).unwrap_or_else(|e| panic!("{}", e.message()));
    to_yaml(&serde_json::to_value(&object).expect("serializable"))
}

#[test]
fn kubectls_job_output_reads_strictly_and_writes_back_unchanged() {
    assert_eq!(round_trip::<Job>(JOB, "Job"), JOB);
}

#[test]
fn kubectls_cronjob_output_reads_strictly_and_writes_back_unchanged() {
    assert_eq!(round_trip::<CronJob>(CRONJOB, "CronJob"), CRONJOB);
}
