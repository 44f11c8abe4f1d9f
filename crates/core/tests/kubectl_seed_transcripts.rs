//! The kubectl sessions of the Job courses (`shared/seeds/`) replayed on a world, each answer
//! checked line by line. The seeds printed by kubectl 1.30+ (seeds/002) are matched byte for
//! byte in `kubectl_commands.rs`; the older ones (seeds/003 from kubectl 1.3–1.12, seeds/004)
//! are checked here in today's layout: `get jobs` prints STATUS/COMPLETIONS/DURATION where
//! they printed DESIRED/SUCCESSFUL, `create` says `job.batch/NAME created` where they said
//! `job "NAME" created`, and a CronJob's Job is named after the minute of its schedule
//! (`hello-29453761`) where they used a hash.

use jobsim_core::kubectl::command::run;
use jobsim_core::sim::scenario::{load, Overrides};
use jobsim_core::sim::time::SimTime;
use jobsim_core::sim::world::World;

/// One node with fixed latencies and no objects: the sessions create them with kubectl.
const CLUSTER: &str = "kind: Simulation
spec:
  seed: 11
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{ name: node-1 }, { name: node-2 }]
  timing: { controllerDelay: 0s, schedule: 0s, imagePull: 1s, containerStart: 0s, termination: 1s, defaultRun: 2s }
";

fn cluster() -> World {
    let (scenario, rng) = load(CLUSTER, Overrides::default()).expect("scenario");
    World::new(scenario, rng).expect("world")
}

fn at(world: &mut World, secs: u64) {
    world
        .advance_to(SimTime::from_millis(secs * 1000), u64::MAX)
        .expect("advance");
}

/// `$ kubectl …` with `file` as the file the command names; what it prints on stdout.
fn kubectl(world: &mut World, line: &str, file: Option<&str>) -> String {
    let out = run(world, line, file);
    assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
    out.stdout
}

/// The STATUS column of each row of a `get pods` table, by pod name.
fn statuses(table: &str) -> Vec<(String, String)> {
    table
        .lines()
        .skip(1)
        .map(|row| {
            let cells: Vec<&str> = row.split_whitespace().collect();
            (cells[0].to_string(), cells[2].to_string())
        })
        .collect()
}

/// seeds/003: the pi Job with `restartPolicy: Never` whose container fails — "the Job
/// Controller keeps creating new Pods": the failed pod stays as Error, a new one is created
/// (ContainerCreating) 10 s after, and describe counts them.
#[test]
fn seed_003_a_failing_pi_job_under_never_creates_new_pods() {
    let pi = "apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  backoffLimit: 4
  template:
    metadata:
      annotations: { jobsim.dev/exit-code: \"1\", jobsim.dev/run-seconds: \"1\" }
    spec:
      containers: [{name: pi, image: resouer/ubuntu-bc, command: [sh, -c, \"echo 'scale=10000; 4*a(1)' | bc -l \"]}]
      restartPolicy: Never
";
    let mut w = cluster();
    assert_eq!(
        kubectl(&mut w, "kubectl create -f job.yaml", Some(pi)),
        "job.batch/pi created\n"
    );
    // Pull 1 s, run 1 s, exit 1 at 2 s; the backoff of 10 s gives the next pod at 12 s.
    at(&mut w, 12);
    let pods = kubectl(&mut w, "kubectl get pods", None);
    let mut seen: Vec<String> = statuses(&pods).into_iter().map(|(_, s)| s).collect();
    seen.sort();
    assert_eq!(seen, ["ContainerCreating", "Error"], "{pods}");
    assert!(pods.starts_with("NAME       READY   STATUS              RESTARTS   AGE\n"));
    let described = kubectl(&mut w, "kubectl describe jobs/pi", None);
    assert!(
        described.contains("Pods Statuses:    1 Active (0 Ready) / 0 Succeeded / 1 Failed\n"),
        "{described}"
    );
}

/// seeds/003: the pi Job runs, is described — its selector and labels carry the controller's
/// uid, as the seed explains (a Job created without labels gets its template's, as in the
/// describe output of kubernetes.io's Job page) — completes, and its log holds the digits.
#[test]
fn seed_003_the_pi_job_runs_completes_and_logs_pi() {
    let pi = "apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  template:
    spec:
      containers: [{name: pi, image: resouer/ubuntu-bc, command: [sh, -c, \"echo 'scale=30; 4*a(1)' | bc -l \"]}]
      restartPolicy: Never
  backoffLimit: 4
";
    let mut w = cluster();
    kubectl(&mut w, "kubectl create -f job.yaml", Some(pi));
    at(&mut w, 1);
    let described = kubectl(&mut w, "kubectl describe jobs/pi", None);
    for line in [
        "Name:             pi\n",
        "Namespace:        default\n",
        "Parallelism:      1\n",
        "Completions:      1\n",
        "Pods Statuses:    1 Active (0 Ready) / 0 Succeeded / 0 Failed\n",
        "  Normal  SuccessfulCreate  1s    job-controller  Created pod: ",
    ] {
        assert!(described.contains(line), "{line:?} in\n{described}");
    }
    let uid = kubectl(
        &mut w,
        "kubectl get job pi -o jsonpath={.metadata.uid}",
        None,
    );
    assert!(
        described.contains(&format!(
            "Selector:         batch.kubernetes.io/controller-uid={uid}\n\
         Labels:           batch.kubernetes.io/controller-uid={uid}\n\
         \x20                 batch.kubernetes.io/job-name=pi\n\
         \x20                 controller-uid={uid}\n\
         \x20                 job-name=pi\n"
        )),
        "{described}"
    );
    at(&mut w, 300);
    let pods = kubectl(&mut w, "kubectl get pods", None);
    let [(name, status)] = &statuses(&pods)[..] else {
        panic!("one pod: {pods}")
    };
    assert_eq!(status, "Completed");
    assert!(kubectl(&mut w, "kubectl describe jobs/pi", None)
        .contains("Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed\n"));
    assert_eq!(
        kubectl(&mut w, &format!("kubectl logs {name}"), None),
        "3.141592653589793238462643383276\n"
    );
}

/// seeds/003: one Job per item from a template, all with the label `jobgroup=jobexample`, then
/// listed by that label.
#[test]
fn seed_003_template_expansion_lists_the_pods_by_their_shared_label() {
    let jobs: String = ["apple", "banana", "cherry"]
        .iter()
        .map(|item| {
            format!(
                "apiVersion: batch/v1
kind: Job
metadata:
  name: process-item-{item}
  labels: {{ jobgroup: jobexample }}
spec:
  template:
    metadata:
      name: jobexample
      labels: {{ jobgroup: jobexample }}
    spec:
      containers:
      - name: c
        image: busybox
        command: [sh, -c, \"echo Processing item {item} && sleep 5\"]
      restartPolicy: Never
---
"
            )
        })
        .collect();
    let mut w = cluster();
    assert_eq!(
        kubectl(&mut w, "kubectl create -f ./jobs", Some(&jobs)),
        "job.batch/process-item-apple created\n\
         job.batch/process-item-banana created\n\
         job.batch/process-item-cherry created\n"
    );
    at(&mut w, 240);
    let pods = kubectl(&mut w, "kubectl get pods -l jobgroup=jobexample", None);
    let listed = statuses(&pods);
    assert_eq!(listed.len(), 3, "{pods}");
    for ((name, status), item) in listed.iter().zip(["apple", "banana", "cherry"]) {
        assert!(name.starts_with(&format!("process-item-{item}-")), "{pods}");
        assert_eq!(status, "Completed");
    }
    for row in pods.lines().skip(1) {
        assert!(
            row.ends_with("   0/1     Completed   0          4m"),
            "{row:?}"
        );
    }
}

/// seeds/003: a CronJob every minute; a minute later its first Job has run (created at 1:00,
/// pulled 1 s, ran 2 s), and the CronJob shows its last schedule.
#[test]
fn seed_003_a_cronjob_every_minute_records_its_last_schedule() {
    let hello = "apiVersion: batch/v1
kind: CronJob
metadata: {name: hello}
spec:
  schedule: \"*/1 * * * *\"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox
            args: [/bin/sh, -c, date; echo Hello from the Kubernetes cluster]
          restartPolicy: OnFailure
";
    let mut w = cluster();
    assert_eq!(
        kubectl(&mut w, "kubectl create -f ./cronjob.yaml", Some(hello)),
        "cronjob.batch/hello created\n"
    );
    at(&mut w, 65);
    assert_eq!(
        kubectl(&mut w, "kubectl get jobs", None),
        "NAME             STATUS     COMPLETIONS   DURATION   AGE\n\
         hello-29453761   Complete   1/1           2s         5s\n"
    );
    assert_eq!(
        kubectl(&mut w, "kubectl get cronjob hello", None),
        "NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\n\
         hello   */1 * * * *   <none>     False     0        5s              65s\n"
    );
}

/// seeds/000: job-multi runs five completions one at a time; scaled to three, three pods run.
#[test]
fn seed_000_scaling_job_multi_runs_three_pods_at_once() {
    let multi = "apiVersion: batch/v1
kind: Job
metadata: {name: job-multi}
spec:
  completions: 5
  parallelism: 1
  template:
    spec:
      containers: [{name: myjob, image: alpine, command: [/bin/sh, -c, sleep 120]}]
      restartPolicy: Never
";
    let mut w = cluster();
    kubectl(&mut w, "kubectl apply -f job-example.yaml", Some(multi));
    at(&mut w, 10);
    let out = run(&mut w, "kubectl scale jobs job-multi --replicas=3", None);
    assert_eq!(out.stdout, "job.batch/job-multi scaled\n");
    at(&mut w, 20);
    let pods = kubectl(&mut w, "kubectl get pods -l job-name=job-multi", None);
    let running: Vec<_> = statuses(&pods)
        .into_iter()
        .filter(|(_, s)| s == "Running")
        .collect();
    assert_eq!(running.len(), 3, "{pods}");
}

/// seeds/004: create the pi Job, see it listed, delete it.
#[test]
fn seed_004_create_list_and_delete_a_job() {
    let pi = "apiVersion: batch/v1
kind: Job
metadata: {name: job}
spec:
  template:
    spec:
      containers: [{name: pi, image: perl, command: [perl, -Mbignum=bpi, -wle, print bpi(200)]}]
      restartPolicy: Never
  backoffLimit: 4
";
    let mut w = cluster();
    assert_eq!(
        kubectl(&mut w, "kubectl create -f pi.yaml", Some(pi)),
        "job.batch/job created\n"
    );
    at(&mut w, 60);
    let jobs = kubectl(&mut w, "kubectl get job", None);
    assert!(jobs.starts_with("NAME   STATUS"), "{jobs}");
    assert!(jobs.contains("job    Complete   1/1 "), "{jobs}");
    assert_eq!(
        kubectl(&mut w, "kubectl delete job job", None),
        "job.batch \"job\" deleted\n"
    );
}

/// `kubectl get events` lists events in the API server's order — by the event's name, the
/// object's name then the time first seen — so a Job's pods (`pi-xxxxx`) come before the Job
/// (`pi`): `-` sorts before `.`. kubectl does not re-sort them (kubernetes/kubernetes#29838).
#[test]
fn get_events_lists_in_the_api_servers_order() {
    let pi = "apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: 2
  template:
    spec:
      containers: [{name: pi, image: perl, command: [sleep, \"3\"]}]
      restartPolicy: Never
";
    let mut w = cluster();
    kubectl(&mut w, "kubectl create -f pi.yaml", Some(pi));
    at(&mut w, 30);
    let events = kubectl(&mut w, "kubectl get events", None);
    let objects: Vec<&str> = events
        .lines()
        .skip(1)
        .map(|row| row.split_whitespace().nth(3).unwrap_or(""))
        .collect();
    let first_job_row = objects
        .iter()
        .position(|o| *o == "job/pi")
        .expect("job rows");
    assert!(
        objects[..first_job_row]
            .iter()
            .all(|o| o.starts_with("pod/pi-")),
        "{events}"
    );
    assert!(
        objects[first_job_row..].iter().all(|o| *o == "job/pi"),
        "{events}"
    );
    let mut pods: Vec<&str> = objects[..first_job_row].to_vec();
    pods.dedup();
    let mut sorted = pods.clone();
    sorted.sort();
    assert_eq!(
        pods, sorted,
        "each pod's events together, pods by name: {events}"
    );
    assert!(
        events.starts_with("LAST SEEN   TYPE     REASON             OBJECT"),
        "{events}"
    );
}
