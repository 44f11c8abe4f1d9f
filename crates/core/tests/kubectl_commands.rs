//! The kubectl command language on a running world: layouts checked against the real outputs
//! of the seeds (`kubectl get jobs`/`get pods` of seeds/002, `kubectl logs` of the pi Job of
//! seeds/003), the verbs that change the cluster, and kubectl's errors.

use jobsim_core::kubectl::command::run;
use jobsim_core::sim::scenario::{load, Overrides};
use jobsim_core::sim::time::SimTime;
use jobsim_core::sim::world::World;

/// seeds/002's job-echo (two pods, `echo "Hello, Job"`), on a cluster with fixed latencies:
/// `busybox:latest` is pulled for each pod, one pull after the other, 500 ms each — the
/// seed's DURATION of 2s.
const ECHO: &str = "kind: Simulation
spec:
  seed: 3
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{ name: node-1 }]
  timing: { controllerDelay: 0s, schedule: 0s, imagePull: 500ms, containerStart: 0s, termination: 1s, defaultRun: 2s }
---
apiVersion: batch/v1
kind: Job
metadata: {name: job-echo}
spec:
  parallelism: 2
  completions: 2
  template:
    spec:
      containers: [{name: echo, image: busybox:latest, command: [echo, \"Hello, Job\"]}]
      restartPolicy: Never
";

fn world(text: &str, at_secs: u64) -> World {
    let (scenario, rng) = load(text, Overrides::default()).expect("scenario");
    let mut world = World::new(scenario, rng).expect("world");
    world
        .advance_to(SimTime::from_millis(at_secs * 1000), u64::MAX)
        .expect("advance");
    world
}

fn ok(world: &mut World, line: &str) -> String {
    let out = run(world, line, None);
    assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
    out.stdout
}

fn err(world: &mut World, line: &str) -> String {
    let out = run(world, line, None);
    assert_eq!(out.exit_code, 1, "{line}: {}", out.stdout);
    out.stderr
}

/// seeds/003's pi Job (`perl -Mbignum=bpi -wle 'print bpi(2000)'`).
const PI: &str = "kind: Simulation
spec:
  seed: 5
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{ name: node-1 }]
  timing: { controllerDelay: 0s, schedule: 0s, imagePull: 1s, containerStart: 0s, termination: 1s }
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  backoffLimit: 4
  template:
    spec:
      containers: [{name: pi, image: perl:5.34.0, command: [perl, -Mbignum=bpi, -wle, print bpi(20)]}]
      restartPolicy: Never
";

#[test]
fn get_jobs_and_pods_print_the_seeds_layout() {
    // seeds/002: `kubectl get pods` after job-echo completed (29s), and `get jobs` with the
    // STATUS column kubectl 1.30+ adds.
    let mut w = world(ECHO, 29);
    assert_eq!(
        ok(&mut w, "kubectl get pods"),
        "NAME             READY   STATUS      RESTARTS   AGE\n\
         job-echo-btsrq   0/1     Completed   0          29s\n\
         job-echo-t29pj   0/1     Completed   0          29s\n"
    );
    assert_eq!(
        ok(&mut w, "kubectl get jobs"),
        "NAME       STATUS     COMPLETIONS   DURATION   AGE\n\
         job-echo   Complete   2/2           2s         29s\n"
    );
    assert_eq!(
        ok(&mut w, "get all"),
        "NAME                 READY   STATUS      RESTARTS   AGE\n\
         pod/job-echo-btsrq   0/1     Completed   0          29s\n\
         pod/job-echo-t29pj   0/1     Completed   0          29s\n\
         \n\
         NAME                 STATUS     COMPLETIONS   DURATION   AGE\n\
         job.batch/job-echo   Complete   2/2           2s         29s\n"
    );
    assert_eq!(
        ok(&mut w, "get jobs -A --no-headers"),
        "default   job-echo   Complete   2/2   2s    29s\n"
    );
    assert_eq!(
        ok(&mut w, "get pods -o name"),
        "pod/job-echo-btsrq\npod/job-echo-t29pj\n"
    );
}

#[test]
fn an_empty_listing_says_no_resources_found() {
    let mut w = world(ECHO, 29);
    let out = run(&mut w, "kubectl get pods -n team", None);
    assert_eq!((out.stdout.as_str(), out.exit_code), ("", 0));
    assert_eq!(out.stderr, "No resources found in team namespace.\n");
    let out = run(&mut w, "kubectl get jobs -l app=none", None);
    assert_eq!(out.stderr, "No resources found in default namespace.\n");
}

#[test]
fn selectors_and_structured_output() {
    let mut w = world(ECHO, 29);
    assert_eq!(
        ok(
            &mut w,
            "get pods -l job-name=job-echo --field-selector status.phase=Succeeded -o name"
        ),
        "pod/job-echo-btsrq\npod/job-echo-t29pj\n"
    );
    assert_eq!(
        ok(&mut w, "get job job-echo -o jsonpath='{.status.succeeded}'"),
        "2"
    );
    assert_eq!(
        ok(&mut w, "get pods -o jsonpath='{range .items[*]}{.metadata.name} {.status.phase}{\"\\n\"}{end}'"),
        "job-echo-btsrq Succeeded\njob-echo-t29pj Succeeded\n"
    );
    let yaml = ok(&mut w, "get job job-echo -o yaml");
    assert!(
        yaml.starts_with("apiVersion: batch/v1\nkind: Job\nmetadata:\n"),
        "{yaml}"
    );
    assert!(yaml.contains("\n  succeeded: 2\n"), "{yaml}");
    let json = ok(&mut w, "get jobs -o json");
    assert!(
        json.starts_with("{\n    \"apiVersion\": \"v1\",\n    \"items\": ["),
        "{json}"
    );
    assert!(json.ends_with("    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n"), "{json}");
    let e = err(&mut w, "get pods --field-selector spec.foo=1");
    assert!(e.contains("field label not supported: spec.foo"), "{e}");
}

#[test]
fn logs_show_what_the_container_wrote_so_far() {
    // seeds/003: `kubectl logs pi-rq5r1` prints the digits.
    let mut w = world(PI, 0);
    let pod = ok(&mut w, "get pods -o name")
        .trim()
        .trim_start_matches("pod/")
        .to_string();
    assert_eq!(
        err(&mut w, &format!("logs {pod}")),
        format!("Error from server (BadRequest): container \"pi\" in pod \"{pod}\" is waiting to start: ContainerCreating\n")
    );
    let mut w = world(PI, 60);
    assert_eq!(
        ok(&mut w, &format!("logs {pod}")),
        "3.1415926535897932385\n"
    );
    assert_eq!(ok(&mut w, "logs job/pi -c pi"), "3.1415926535897932385\n");
    assert_eq!(
        err(&mut w, &format!("logs {pod} --previous")),
        format!("Error from server (BadRequest): previous terminated container \"pi\" in pod \"{pod}\" not found\n")
    );
    assert_eq!(
        err(&mut w, "logs nope"),
        "Error from server (NotFound): pods \"nope\" not found\n"
    );
}

#[test]
fn bad_commands_get_kubectls_errors() {
    let mut w = world(ECHO, 1);
    let cases = [
        ("kubectl frobnicate", "error: unknown command \"frobnicate\" for \"kubectl\"\n"),
        ("kubectl gett pods", "error: unknown command \"gett\" for \"kubectl\"\n\nDid you mean this?\n\tget\n"),
        ("get jobs nope", "Error from server (NotFound): jobs.batch \"nope\" not found\n"),
        ("get foos", "error: the server doesn't have a resource type \"foos\"\n"),
        ("get pods --bogus", "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n"),
        ("delete job nope", "Error from server (NotFound): jobs.batch \"nope\" not found\n"),
        ("delete job job-echo --cascade=sideways", "error: invalid cascade value (sideways). Must be \"background\", \"foreground\", or \"orphan\".\n"),
        ("scale job job-echo", "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n"),
        ("patch job job-echo -p '{' ", "error: unable to parse \"{\": "),
        ("get pods -o table", "error: unable to match a printer suitable for the output format \"table\""),
        ("get pods 'unclosed", "error: unexpected EOF while looking for matching `''\n"),
        ("explain job.spec.nope", "error: field \"nope\" does not exist\n"),
    ];
    for (line, want) in cases {
        let got = err(&mut w, line);
        assert!(got.starts_with(want), "{line}:\n{got}");
    }
    assert!(err(&mut w, "get").starts_with("You must specify the type of resource to get."));
}

#[test]
fn suspend_scale_and_patch_change_the_job() {
    let mut w = world(ECHO, 0);
    assert_eq!(
        ok(
            &mut w,
            "patch job job-echo -p '{\"spec\":{\"suspend\":true}}'"
        ),
        "job.batch/job-echo patched\n"
    );
    assert_eq!(
        ok(
            &mut w,
            "patch job job-echo --type=merge -p '{\"spec\":{\"suspend\":true}}'"
        ),
        "job.batch/job-echo patched (no change)\n"
    );
    let out = run(&mut w, "scale job job-echo --replicas=1", None);
    assert_eq!(out.stdout, "job.batch/job-echo scaled\n");
    assert_eq!(
        out.stderr,
        "kubectl scale job is DEPRECATED and will be removed in a future version.\n"
    );
    assert_eq!(
        ok(
            &mut w,
            "get job job-echo -o jsonpath={.spec.parallelism},{.spec.suspend}"
        ),
        "1,true"
    );
    assert_eq!(
        ok(&mut w, "patch job job-echo --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/suspend\",\"value\":false}]'"),
        "job.batch/job-echo patched\n"
    );
    let e = err(
        &mut w,
        "patch job job-echo -p '{\"spec\":{\"completions\":5}}'",
    );
    assert_eq!(
        e,
        "The Job \"job-echo\" is invalid: spec.completions: Invalid value: 5: field is immutable\n"
    );
    w.advance_to(SimTime::from_millis(30_000), u64::MAX)
        .unwrap();
    assert!(ok(&mut w, "get jobs").contains("Complete   2/2"));
}

#[test]
fn apply_creates_configures_and_refuses_immutable_changes() {
    let mut w = world(ECHO, 0);
    let job = |parallelism: i32, image: &str| {
        format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata: {{name: other}}\nspec:\n  parallelism: {parallelism}\n  suspend: true\n  template:\n    spec:\n      containers: [{{name: c, image: {image}}}]\n      restartPolicy: Never\n"
        )
    };
    let apply = |w: &mut World, text: &str| run(w, "kubectl apply -f job.yaml", Some(text));
    assert_eq!(
        apply(&mut w, &job(1, "busybox")).stdout,
        "job.batch/other created\n"
    );
    assert_eq!(
        apply(&mut w, &job(1, "busybox")).stdout,
        "job.batch/other unchanged\n"
    );
    assert_eq!(
        apply(&mut w, &job(3, "busybox")).stdout,
        "job.batch/other configured\n"
    );
    let refused = apply(&mut w, &job(3, "alpine"));
    assert_eq!(refused.exit_code, 1);
    assert!(
        refused
            .stderr
            .starts_with("The Job \"other\" is invalid: spec.template: Invalid value:"),
        "{}",
        refused.stderr
    );
    let again = run(&mut w, "create -f job.yaml", Some(&job(3, "busybox")));
    assert_eq!(
        again.stderr,
        "Error from server (AlreadyExists): error when creating \"STDIN\": jobs.batch \"other\" already exists\n"
    );
    assert_eq!(
        w.apply(&job(3, "busybox")),
        Ok(vec!["job.batch/other unchanged".to_string()])
    );
}

#[test]
fn delete_cascades_as_asked() {
    let mut w = world(ECHO, 29);
    assert_eq!(
        ok(&mut w, "delete job job-echo --cascade=orphan"),
        "job.batch \"job-echo\" deleted\n"
    );
    w.advance_to(SimTime::from_millis(40_000), u64::MAX)
        .unwrap();
    assert_eq!(ok(&mut w, "get pods -o name").lines().count(), 2);
    assert_eq!(
        ok(&mut w, "delete pods -l job-name=nobody"),
        "",
        "a selector that matches nothing deletes nothing"
    );
    assert_eq!(
        ok(&mut w, "delete pods -l job-name=job-echo"),
        "pod \"job-echo-btsrq\" deleted\npod \"job-echo-t29pj\" deleted\n"
    );
    assert_eq!(ok(&mut w, "delete pods --all"), "");
}

#[test]
fn force_deletion_is_immediate_and_says_so_and_grace_zero_alone_means_one_second() {
    let mut w = world(NETWORK, 2);
    let pods: Vec<String> = ok(&mut w, "get pods -o name")
        .lines()
        .map(|p| p.trim_start_matches("pod/").to_string())
        .collect();
    let out = run(&mut w, &format!("delete pod {} --force", pods[0]), None);
    assert_eq!(out.stdout, format!("pod \"{}\" force deleted\n", pods[0]));
    assert_eq!(
        out.stderr,
        "Warning: Immediate deletion does not wait for confirmation that the running resource \
         has been terminated. The resource may continue to run on the cluster indefinitely.\n"
    );
    let grace = |w: &mut World, pod: &str| {
        ok(
            w,
            &format!("get pod {pod} -o jsonpath={{.metadata.deletionGracePeriodSeconds}}"),
        )
    };
    assert_eq!(grace(&mut w, &pods[0]), "0");
    // Without --force, kubectl turns --grace-period=0 into 1 (no accidental data loss).
    let out = run(
        &mut w,
        &format!("delete pod {} --grace-period=0", pods[1]),
        None,
    );
    assert_eq!(out.stdout, format!("pod \"{}\" deleted\n", pods[1]));
    assert_eq!(out.stderr, "");
    assert_eq!(grace(&mut w, &pods[1]), "1");
}

#[test]
fn wait_runs_the_world_until_the_condition_holds() {
    let mut w = world(PI, 0);
    assert_eq!(
        ok(
            &mut w,
            "wait --for=condition=complete job/pi --timeout=120s"
        ),
        "job.batch/pi condition met\n"
    );
    assert!(ok(&mut w, "get jobs").contains("Complete"));
    assert_eq!(
        err(&mut w, "wait --for=condition=failed job/pi --timeout=5s"),
        "error: timed out waiting for the condition on jobs/pi\n"
    );
}

#[test]
fn label_annotate_and_explain() {
    let mut w = world(ECHO, 1);
    assert_eq!(
        ok(&mut w, "label job job-echo tier=batch"),
        "job.batch/job-echo labeled\n"
    );
    assert_eq!(
        err(&mut w, "label job job-echo tier=web"),
        "error: 'tier' already has a value (batch), and --overwrite is false\n"
    );
    assert_eq!(
        ok(&mut w, "get jobs -l tier=batch -o name"),
        "job.batch/job-echo\n"
    );
    assert_eq!(
        ok(&mut w, "label job job-echo tier-"),
        "job.batch/job-echo labeled\n"
    );
    assert_eq!(ok(&mut w, "annotate pods --all note=hi").lines().count(), 2);
    let doc = ok(&mut w, "explain job.spec.parallelism");
    assert!(doc.starts_with("GROUP:      batch\nKIND:       Job\nVERSION:    v1\n\nFIELD: parallelism <integer>\n\n\nDESCRIPTION:\n    Specifies the maximum desired number of pods"), "{doc}");
}

#[test]
fn nodes_cordon_uncordon_and_drain() {
    let mut w = world(ECHO, 1);
    let nodes = ok(&mut w, "get nodes");
    assert!(
        nodes.starts_with(
            "NAME     STATUS   ROLES    AGE   VERSION\nnode-1   Ready    <none>   1s    v1.35.0\n"
        ),
        "{nodes}"
    );
    assert_eq!(ok(&mut w, "cordon node-1"), "node/node-1 cordoned\n");
    assert_eq!(
        ok(&mut w, "cordon node/node-1"),
        "node/node-1 already cordoned\n"
    );
    assert!(ok(&mut w, "get nodes").contains("Ready,SchedulingDisabled"));
    assert_eq!(ok(&mut w, "uncordon node-1"), "node/node-1 uncordoned\n");
    let out = run(&mut w, "drain node-1 --ignore-daemonsets", None);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("node/node-1 cordoned\npod/job-echo-"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.ends_with(" evicted\nnode/node-1 drained\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.starts_with("evicting pod default/job-echo-"),
        "{}",
        out.stderr
    );
    assert_eq!(
        err(&mut w, "cordon nope"),
        "Error from server (NotFound): nodes \"nope\" not found\n"
    );
    assert_eq!(
        ok(&mut w, "label node node-1 disktype=ssd"),
        "node/node-1 labeled\n"
    );
    assert_eq!(
        ok(&mut w, "get nodes -l disktype=ssd -o name"),
        "node/node-1\n"
    );
}

#[test]
fn cronjobs_are_applied_listed_and_instantiated_by_hand() {
    let mut w = world(ECHO, 1);
    let hello = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: hello}\nspec:\n  schedule: \"*/5 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: c, image: busybox, command: [echo, hi]}]\n          restartPolicy: OnFailure\n";
    assert_eq!(
        run(&mut w, "apply -f hello.yaml", Some(hello)).stdout,
        "cronjob.batch/hello created\n"
    );
    assert_eq!(
        run(&mut w, "apply -f hello.yaml", Some(hello)).stdout,
        "cronjob.batch/hello unchanged\n"
    );
    assert_eq!(
        ok(&mut w, "get cronjobs"),
        "NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\n\
         hello   */5 * * * *   <none>     False     0        <none>          0s\n"
    );
    assert_eq!(
        ok(
            &mut w,
            "patch cronjob hello -p '{\"spec\":{\"suspend\":true}}'"
        ),
        "cronjob.batch/hello patched\n"
    );
    assert_eq!(
        ok(&mut w, "create job manual --from=cronjob/hello"),
        "job.batch/manual created\n"
    );
    assert_eq!(
        ok(&mut w, "get job manual -o jsonpath={.metadata.annotations}"),
        "{\"cronjob.kubernetes.io/instantiate\":\"manual\"}"
    );
    assert_eq!(
        err(&mut w, "create job x --from=cronjob/nope"),
        "Error from server (NotFound): cronjobs.batch \"nope\" not found\n"
    );
}

#[test]
fn create_job_with_an_image_runs_the_command_after_the_dash() {
    let mut w = world(ECHO, 0);
    assert_eq!(
        ok(&mut w, "create job hello --image=busybox -- echo hi there"),
        "job.batch/hello created\n"
    );
    // One container named after the Job, the words after `--` its command, never restarted.
    assert_eq!(
        ok(
            &mut w,
            "get job hello -o jsonpath='{.spec.template.spec.containers[0].name} \
             {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].command} \
             {.spec.template.spec.restartPolicy}'"
        ),
        "hello busybox [\"echo\",\"hi\",\"there\"] Never"
    );
    w.advance_to(SimTime::from_millis(30_000), u64::MAX)
        .expect("advance");
    assert_eq!(ok(&mut w, "logs job/hello"), "hi there\n");
    assert_eq!(
        ok(&mut w, "create job plain --image busybox -n kube-system"),
        "job.batch/plain created\n"
    );
    assert_eq!(
        ok(
            &mut w,
            "get job plain -n kube-system -o jsonpath={.spec.template.spec.containers[0].command}"
        ),
        ""
    );
    let usage = "See 'kubectl create job x -h' for help and examples";
    for line in [
        "create job x",
        "create job x --image=busybox --from=cronjob/hello",
    ] {
        assert_eq!(
            err(&mut w, line),
            format!("error: either --image or --from must be specified\n{usage}\n"),
            "{line}"
        );
    }
    assert_eq!(
        err(&mut w, "create job x --from=cronjob/hello -- echo"),
        "error: cannot specify --from and command\n"
    );
    assert_eq!(
        err(&mut w, "create job hello --image=busybox"),
        "error: failed to create job: jobs.batch \"hello\" already exists\n"
    );
    assert!(err(&mut w, "create job Hello --image=busybox")
        .starts_with("error: failed to create job: The Job \"Hello\" is invalid: "));
}

/// Two nodes on kind's networks, and a Job whose container prints its pod's and its node's IPs
/// from the downward API and then fails once under OnFailure.
const NETWORK: &str = "kind: Simulation
spec:
  seed: 3
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{ name: node-a, cpu: \"1\" }, { name: node-b, cpu: \"1\" }]
  timing: { controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s, termination: 1s }
---
apiVersion: batch/v1
kind: Job
metadata: {name: ips}
spec:
  parallelism: 3
  completions: 3
  template:
    spec:
      containers:
        - name: c
          image: busybox
          resources: { requests: { cpu: 400m } }
          command: [sh, -c, 'echo $POD_IP $NODE_IP; sleep 5; exit 1']
          env:
            - { name: POD_IP, valueFrom: { fieldRef: { fieldPath: status.podIP } } }
            - { name: NODE_IP, valueFrom: { fieldRef: { fieldPath: status.hostIP } } }
      restartPolicy: OnFailure
";

#[test]
fn pods_get_ips_from_their_nodes_pod_cidr_and_keep_them_across_restarts() {
    let mut w = world(NETWORK, 1);
    // Each node: its InternalIP, then its Hostname; the i-th /24 of 10.244.0.0/16.
    assert_eq!(
        ok(
            &mut w,
            "get nodes -o jsonpath='{range .items[*]}{.metadata.name} {.spec.podCIDR} \
             {.status.addresses[*].address}{\"\\n\"}{end}'"
        ),
        "node-a 10.244.0.0/24 172.18.0.2 node-a\nnode-b 10.244.1.0/24 172.18.0.3 node-b\n"
    );
    // Memory as the kubelet reports it, in powers of 1024.
    assert_eq!(
        ok(&mut w, "get node node-a -o jsonpath={.status.capacity}"),
        "{\"cpu\":\"1\",\"memory\":\"8Gi\",\"pods\":\"110\"}"
    );
    let wide = ok(&mut w, "get nodes -o wide");
    assert!(wide.contains("   172.18.0.2    <none>   "), "{wide}");
    // host-local hands out .2, .3, … on each node. Two pods fit on a node: one node runs two
    // pods, the other one (which is drawn, as the nodes tie for the first pod and the third).
    let ips = "get pods -o jsonpath='{range .items[*]}{.spec.nodeName} {.status.podIP} \
               {.status.hostIP} {.status.podIPs[*].ip}{\"\\n\"}{end}'";
    let mut rows: Vec<String> = ok(&mut w, ips).lines().map(str::to_string).collect();
    rows.sort();
    let networks = [
        ("node-a", "10.244.0", "172.18.0.2"),
        ("node-b", "10.244.1", "172.18.0.3"),
    ];
    let on = |node: &str| {
        rows.iter()
            .filter(|r| r.starts_with(&format!("{node} ")))
            .count()
    };
    let (shared, alone) = if on("node-a") == 2 {
        (networks[0], networks[1])
    } else {
        (networks[1], networks[0])
    };
    let row = |(node, cidr, host): (&str, &str, &str), n: u8| {
        format!("{node} {cidr}.{n} {host} {cidr}.{n}")
    };
    let mut expected = vec![row(shared, 2), row(shared, 3), row(alone, 2)];
    expected.sort();
    assert_eq!(rows, expected);
    let (alone_node, cidr, host) = alone;
    let pod = ok(
        &mut w,
        &format!("get pods -o wide --field-selector spec.nodeName={alone_node} -o name"),
    );
    let pod = pod.trim().trim_start_matches("pod/").to_string();
    assert_eq!(
        ok(&mut w, &format!("logs {pod}")),
        format!("{cidr}.2 {host}\n")
    );
    // The runtime reports the image it resolved; the spec keeps what was written.
    assert_eq!(
        ok(
            &mut w,
            &format!(
                "get pod {pod} -o jsonpath='{{.spec.containers[0].image}} \
                 {{.status.containerStatuses[0].image}}'"
            )
        ),
        "busybox docker.io/library/busybox:latest"
    );
    // The container fails and restarts in place: the sandbox and its IP stay.
    w.advance_to(SimTime::from_millis(7_000), u64::MAX)
        .expect("advance");
    let restarted = ok(
        &mut w,
        &format!("get pod {pod} -o jsonpath='{{.status.podIP}} {{.status.containerStatuses[0].restartCount}}'"),
    );
    assert!(restarted.starts_with(&format!("{cidr}.2 ")), "{restarted}");
    assert_ne!(restarted, format!("{cidr}.2 0"));
    assert!(ok(&mut w, "get pods -o wide").contains(&format!("{cidr}.2")));
}

/// The runtime names each container it creates: a restart in place is a new container, and the
/// one that ended is the last state's; the image keeps its ID.
#[test]
fn a_restarted_container_has_a_new_id_and_its_last_state_the_old_one() {
    let mut w = world(NETWORK, 1);
    let pod = ok(&mut w, "get pods -o name");
    let pod = pod.lines().next().unwrap_or_default().to_string();
    let ids = "-o jsonpath='{.status.containerStatuses[0].containerID} \
               {.status.containerStatuses[0].imageID} \
               {.status.containerStatuses[0].lastState.terminated.containerID}'";
    let first = ok(&mut w, &format!("get {pod} {ids}"));
    let first: Vec<&str> = first.split(' ').collect();
    assert!(first[0].starts_with("containerd://"), "{first:?}");
    assert!(
        first[1].starts_with("docker.io/library/busybox@sha256:"),
        "{first:?}"
    );
    assert_eq!(first[2], "", "no container has ended yet");
    w.advance_to(SimTime::from_millis(7_000), u64::MAX)
        .expect("advance");
    let restarted = ok(&mut w, &format!("get {pod} {ids}"));
    let restarted: Vec<&str> = restarted.split(' ').collect();
    assert_ne!(restarted[0], first[0], "a new container");
    assert_eq!(restarted[1], first[1], "the same image");
    assert_eq!(
        restarted[2], first[0],
        "the ended container is the last state's"
    );
}

#[test]
fn describe_pod_shows_the_container_state_and_the_pods_events() {
    let mut w = world(PI, 60);
    let pod = ok(&mut w, "get pods -o name")
        .trim()
        .trim_start_matches("pod/")
        .to_string();
    let text = ok(&mut w, &format!("describe pod {pod}"));
    // The ServiceAccount admission's token volume, mounted read-only, named for this pod.
    let mount =
        "    Mounts:\n      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-";
    let at = text.find(mount).map(|i| i + mount.len());
    let token = at.and_then(|i| text.get(i..i + 5)).unwrap_or_default();
    assert!(
        token.bytes().all(|b| b.is_ascii_alphanumeric()) && token.len() == 5,
        "{text}"
    );
    let expected = [
        format!("kube-api-access-{token} (ro)\nConditions:\n"),
        format!("Name:             {pod}\nNamespace:        default\nPriority:         0\n"),
        // The node's InternalIP; the pod's IP from its node's pod CIDR (kind's networks).
        "Service Account:  default\nNode:             node-1/172.18.0.2\n".to_string(),
        "Status:           Succeeded\n".to_string(),
        // The IPs list ends the tabwriter block, so Controlled By starts a narrower one.
        "IP:               10.244.0.2\nIPs:\n  IP:           10.244.0.2\nControlled By:  Job/pi\n\
         Containers:\n  pi:\n    Container ID:  containerd://"
            .to_string(),
        // The runtime's container ID, then the image as written and as the runtime resolved
        // it: the repository at a digest.
        "\n    Image:         perl:5.34.0\n    Image ID:      docker.io/library/perl@sha256:".to_string(),
        "    State:          Terminated\n      Reason:       Completed\n      Exit Code:    0\n"
            .to_string(),
        "    Ready:          False\n    Restart Count:  0\n".to_string(),
        // The kubelet's five conditions of a finished pod (kubelet status generate.go).
        "Conditions:\n  Type                        Status\n  PodReadyToStartContainers   False \n  \
         Initialized                 True \n  Ready                       False \n  \
         ContainersReady             False \n  PodScheduled                True \n"
            .to_string(),
        format!(
            "Volumes:\n  kube-api-access-{token}:\n    \
             Type:                    Projected (a volume that contains injected data from multiple sources)\n    \
             TokenExpirationSeconds:  3607\n    \
             ConfigMapName:           kube-root-ca.crt\n    \
             ConfigMapOptional:       <nil>\n    \
             DownwardAPI:             true\n\
             QoS Class:                   BestEffort\n"
        ),
        // The DefaultTolerationSeconds admission plugin's tolerations.
        "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n                             \
         node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
            .to_string(),
        format!("  Normal  Scheduled  60s   default-scheduler  Successfully assigned default/{pod} to node-1\n"),
    ];
    for part in expected {
        assert!(text.contains(&part), "missing {part:?} in\n{text}");
    }
}

/// Each pod is served with the token volume the ServiceAccount admission gave it: a name of
/// its own, mounted read-only in each container, the same in every run of the seed.
#[test]
fn each_pod_is_served_with_a_token_volume_of_its_own() {
    let names = "-o jsonpath='{range .items[*]}{.spec.volumes[0].name} \
                 {.spec.containers[0].volumeMounts[0].name} \
                 {.spec.containers[0].volumeMounts[0].readOnly}{\"\\n\"}{end}'";
    let served = |w: &mut World| ok(w, &format!("get pods {names}"));
    let mut w = world(ECHO, 5);
    let lines = served(&mut w);
    let rows: Vec<Vec<&str>> = lines.lines().map(|l| l.split(' ').collect()).collect();
    assert_eq!(rows.len(), 2, "{lines}");
    for row in &rows {
        assert!(
            row[0].starts_with("kube-api-access-") && row[0].len() == 21,
            "{lines}"
        );
        assert_eq!(row[1], row[0], "the container mounts the pod's volume");
        assert_eq!(row[2], "true");
    }
    assert_ne!(rows[0][0], rows[1][0], "each pod's name is its own");
    assert_eq!(served(&mut world(ECHO, 5)), lines, "the same in every run");
    let yaml = ok(&mut w, "get pods -o yaml");
    let source = "      projected:\n        defaultMode: 420\n        sources:\n\
                  \x20       - serviceAccountToken:\n            expirationSeconds: 3607\n\
                  \x20           path: token\n";
    assert!(yaml.contains(source), "{yaml}");
    assert!(yaml.contains("mountPath: /var/run/secrets/kubernetes.io/serviceaccount"));
    // A patch is checked against the pod as served: its spec, token volume included, is unchanged.
    let pod = ok(&mut w, "get pods -o name");
    let pod = pod.lines().next().unwrap_or_default();
    ok(
        &mut w,
        &format!("patch {pod} -p '{{\"metadata\":{{\"labels\":{{\"a\":\"b\"}}}}}}'"),
    );
    let after = ok(
        &mut w,
        &format!("get {pod} -o jsonpath='{{.spec.volumes[*].name}}'"),
    );
    assert_eq!(after, rows[0][0], "{yaml}");
}

/// A pod's volumes are described with their sources, as a template's are, without the
/// template's indent (describe.go describeVolumes with space ""). The pod opts out of the
/// ServiceAccount admission's token, so they are only its own.
#[test]
fn describe_pod_shows_each_volume_and_its_source() {
    let job = "kind: Simulation
spec:
  seed: 5
  nodes: [{ name: node-1 }]
---
apiVersion: batch/v1
kind: Job
metadata: {name: vols}
spec:
  template:
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      containers:
        - name: work
          image: busybox
          volumeMounts: [{name: scratch, mountPath: /scratch}, {name: token, mountPath: /t, readOnly: true}]
      volumes:
        - {name: scratch, emptyDir: {}}
        - name: token
          projected:
            sources:
              - serviceAccountToken: {expirationSeconds: 3607, path: token}
              - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
              - secret: {name: creds, optional: true}
              - downwardAPI: {items: [{path: namespace, fieldRef: {fieldPath: metadata.namespace}}]}
";
    let mut w = world(job, 30);
    let text = ok(&mut w, "describe pod -l job-name=vols");
    // A line without a tab (a volume's name) ends a tabwriter block: each volume aligns on
    // its own, and the last one with what follows.
    let volumes = "Volumes:\n  scratch:\n    \
        Type:       EmptyDir (a temporary directory that shares a pod's lifetime)\n    \
        Medium:     \n    \
        SizeLimit:  <unset>\n  \
        token:\n    \
        Type:                    Projected (a volume that contains injected data from multiple sources)\n    \
        TokenExpirationSeconds:  3607\n    \
        ConfigMapName:           kube-root-ca.crt\n    \
        ConfigMapOptional:       <nil>\n    \
        SecretName:              creds\n    \
        SecretOptionalName:      true\n    \
        DownwardAPI:             true\n\
        QoS Class:                   BestEffort\n";
    assert!(text.contains(volumes), "missing {volumes:?} in\n{text}");
    assert!(
        text.contains("      /scratch from scratch (rw)\n      /t from token (ro)\n"),
        "{text}"
    );
}

/// The second pod's image pull waits for the first (pulls are serialized on a node), so it
/// runs half a second later.
#[test]
fn get_pods_watch_streams_each_change_on_its_own_line() {
    let mut w = world(ECHO, 0);
    assert_eq!(
        ok(&mut w, "get pods -w"),
        "NAME             READY   STATUS              RESTARTS   AGE\n\
         job-echo-btsrq   0/1     ContainerCreating   0          0s\n\
         job-echo-t29pj   0/1     ContainerCreating   0          0s\n\
         job-echo-btsrq   1/1   Running   0     0s\n\
         job-echo-btsrq   0/1   Completed   0     0s\n\
         job-echo-t29pj   1/1   Running   0     1s\n\
         job-echo-t29pj   0/1   Completed   0     1s\n"
    );
    assert!(w.finished());
}

/// A container that fails at once under OnFailure, restarted in place until the Job gives up.
const FLAKY: &str = "kind: Simulation
spec:
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{ name: node-1 }]
  timing: { controllerDelay: 0s, schedule: 0s, imagePull: 0s, containerStart: 0s }
---
apiVersion: batch/v1
kind: Job
metadata: {name: flaky}
spec:
  backoffLimit: 3
  template:
    spec:
      containers: [{name: c, image: busybox, command: [sh, -c, \"echo try; exit 1\"]}]
      restartPolicy: OnFailure
";

/// `get events -w`: the events so far, then a line per write of an event — a new one, and the
/// kubelet's folded BackOff each time it is counted again — each aligned on its own.
#[test]
fn get_events_watch_prints_each_write_of_an_event() {
    let mut w = world(FLAKY, 0);
    let out = ok(&mut w, "get events -w");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    );
    let reasons: Vec<&str> = lines
        .iter()
        .skip(1)
        .filter_map(|l| l.split_whitespace().nth(2))
        .collect();
    assert!(reasons.contains(&"SuccessfulCreate"), "{out}");
    assert_eq!(reasons.last(), Some(&"BackoffLimitExceeded"), "{out}");
    let back_offs = reasons.iter().filter(|r| **r == "BackOff").count();
    assert!(
        back_offs >= 2,
        "the folded BackOff is printed at each write:\n{out}"
    );
    // Each line of the watch is laid out alone: three spaces after each cell.
    let created = lines
        .iter()
        .rfind(|l| l.contains("Created container: c"))
        .copied();
    assert!(
        created.is_some_and(|l| l.starts_with("0s    Normal   Created   pod/flaky-")),
        "{out}"
    );
    assert!(w.finished());
}

/// A watch in the page's console prints, poll after poll, what one watch from the start to the
/// end prints: no write twice, none left out.
#[test]
fn a_live_watch_of_events_prints_each_write_once_across_polls() {
    use jobsim_core::kubectl::command::{parse, tokenize, LiveWatch};
    let words = tokenize("get events -w").expect("words");
    let start = |w: &World| LiveWatch::start(w, parse(&words).expect("a command"));
    let mut whole = world(FLAKY, 0);
    let (_, live) = start(&whole);
    let mut live = live.expect("events are watched");
    whole.run().expect("the run ends");
    let at_once = live.poll(&whole);
    let mut w = world(FLAKY, 0);
    let (_, live) = start(&w);
    let mut live = live.expect("events are watched");
    let mut in_steps = String::new();
    let mut polls_with_lines = 0;
    for step in 1..=400 {
        w.advance_to(SimTime::from_millis(step * 50), u64::MAX)
            .expect("advance");
        let lines = live.poll(&w);
        polls_with_lines += usize::from(!lines.is_empty());
        in_steps.push_str(&lines);
    }
    assert!(w.finished());
    assert!(polls_with_lines > 1, "the writes come over several polls");
    assert_eq!(in_steps, at_once);
}

#[test]
fn logs_previous_shows_the_run_before_a_restart() {
    // After two failures (the first restart is at once), before the Job gives up.
    let mut w = world(FLAKY, 5);
    let pod = ok(&mut w, "get pods -o name")
        .trim()
        .trim_start_matches("pod/")
        .to_string();
    let restarts = ok(
        &mut w,
        &format!("get pod {pod} -o jsonpath={{.status.containerStatuses[0].restartCount}}"),
    );
    assert_ne!(restarts, "0");
    assert_eq!(ok(&mut w, &format!("logs {pod} --previous")), "try\n");
    assert_eq!(ok(&mut w, &format!("logs {pod} -p -c c --tail=5")), "try\n");
}

#[test]
fn wait_for_every_job_of_a_selector() {
    let mut w = world(ECHO, 0);
    assert_eq!(
        ok(&mut w, "wait --for=condition=Complete jobs --all"),
        "job.batch/job-echo condition met\n"
    );
    assert_eq!(
        err(&mut w, "wait --for=condition=Complete jobs -l app=none"),
        "error: no matching resources found\n"
    );
}

#[test]
fn apply_into_a_namespace() {
    let mut w = world(ECHO, 0);
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: t}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: busybox}]\n      restartPolicy: Never\n";
    ok(&mut w, "create namespace team");
    assert_eq!(
        run(&mut w, "apply -n team -f t.yaml", Some(job)).stdout,
        "job.batch/t created\n"
    );
    assert_eq!(ok(&mut w, "get jobs -n team -o name"), "job.batch/t\n");
    let other = job.replace("{name: t}", "{name: t, namespace: dev}");
    assert_eq!(
        run(&mut w, "apply -n team -f t.yaml", Some(&other)).stderr,
        "error: the namespace from the provided object \"dev\" does not match the namespace \"team\". You must pass '--namespace=dev' to perform this operation.\n"
    );
}

#[test]
fn namespaces_are_the_clusters_own_the_scenarios_and_those_created() {
    let text = format!("{ECHO}---\napiVersion: v1\nkind: Namespace\nmetadata: {{name: team}}\n");
    let mut w = world(&text, 60);
    let job = "apiVersion: v1\nkind: Namespace\nmetadata: {name: lab}\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: other, namespace: lab}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: busybox, command: [echo]}]\n      restartPolicy: Never\n";
    let out = run(&mut w, "apply -f job.yaml", Some(job));
    assert_eq!(
        out.stdout,
        "namespace/lab created\njob.batch/other created\n"
    );
    assert_eq!(
        ok(&mut w, "get namespaces"),
        "NAME              STATUS   AGE\n\
         default           Active   60s\n\
         kube-node-lease   Active   60s\n\
         kube-public       Active   60s\n\
         kube-system       Active   60s\n\
         lab               Active   0s\n\
         team              Active   60s\n"
    );
    // Cluster-scoped: no NAMESPACE column with -A.
    assert!(ok(&mut w, "get ns -A").starts_with("NAME              STATUS   AGE\n"));
    assert!(ok(&mut w, "get nodes -A").starts_with("NAME     STATUS   ROLES"));
    assert_eq!(
        ok(&mut w, "get ns team -o jsonpath={.metadata.labels}"),
        "{\"kubernetes.io/metadata.name\":\"team\"}"
    );
    assert_eq!(
        err(&mut w, "get ns nope"),
        "Error from server (NotFound): namespaces \"nope\" not found\n"
    );
    let doc = |name: &str| format!("apiVersion: v1\nkind: Namespace\nmetadata: {{name: {name}}}\n");
    let out = run(&mut w, "apply -f ns.yaml", Some(&doc("qa")));
    assert_eq!(out.stdout, "namespace/qa created\n");
    let out = run(&mut w, "apply -f ns.yaml", Some(&doc("qa")));
    assert_eq!(out.stdout, "namespace/qa unchanged\n");
    let out = run(&mut w, "create -f ns.yaml", Some(&doc("qa")));
    assert_eq!(
        out.stderr,
        "Error from server (AlreadyExists): error when creating \"STDIN\": namespaces \"qa\" already exists\n"
    );
    assert_eq!(
        ok(&mut w, "create namespace dev"),
        "namespace/dev created\n"
    );
    assert_eq!(
        err(&mut w, "create ns dev"),
        "Error from server (AlreadyExists): namespaces \"dev\" already exists\n"
    );
    let out = run(&mut w, "apply -f ns.yaml", Some(&doc("Q_A")));
    assert!(
        out.stderr.starts_with(
            "The Namespace \"Q_A\" is invalid: metadata.name: Invalid value: \"Q_A\": a lowercase RFC 1123 label"
        ),
        "{}",
        out.stderr
    );
    // The whole metadata is validated, as for any object: here a label key.
    let labelled =
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: qa2, labels: {\"bad key\": x}}\n";
    let out = run(&mut w, "apply -f ns.yaml", Some(labelled));
    assert!(
        out.stderr.starts_with(
            "The Namespace \"qa2\" is invalid: metadata.labels: Invalid value: \"bad key\": name part must consist of"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(
        err(&mut w, "get ns qa2"),
        "Error from server (NotFound): namespaces \"qa2\" not found\n"
    );
}

/// A Job in namespace `team-a`, as `kubectl apply -f` reads it.
const TEAM_A_JOB: &str = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: x, namespace: team-a}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: busybox, command: [echo]}]\n      restartPolicy: Never\n";

#[test]
fn an_object_in_a_namespace_that_does_not_exist_is_refused_until_it_is_created() {
    let mut w = world(ECHO, 0);
    let refused = "Error from server (NotFound): error when creating \"STDIN\": \
                   namespaces \"team-a\" not found\n";
    let out = run(&mut w, "apply -f f.yaml", Some(TEAM_A_JOB));
    assert_eq!((out.stdout.as_str(), out.stderr.as_str()), ("", refused));
    assert_eq!(out.exit_code, 1);
    let out = run(&mut w, "create -f f.yaml", Some(TEAM_A_JOB));
    assert_eq!(out.stderr, refused);
    let unnamed = TEAM_A_JOB.replace(", namespace: team-a", "");
    let out = run(&mut w, "apply -n team-a -f f.yaml", Some(&unnamed));
    assert_eq!(out.stderr, refused);
    let cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c, namespace: team-a}\nspec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: c, image: busybox}]\n          restartPolicy: Never\n";
    let out = run(&mut w, "apply -f c.yaml", Some(cron));
    assert_eq!(out.stderr, refused);
    assert_eq!(
        err(&mut w, "get ns team-a"),
        "Error from server (NotFound): namespaces \"team-a\" not found\n"
    );
    assert_eq!(
        ok(&mut w, "create namespace team-a"),
        "namespace/team-a created\n"
    );
    let out = run(&mut w, "apply -f f.yaml", Some(TEAM_A_JOB));
    assert_eq!(
        (out.stdout.as_str(), out.exit_code),
        ("job.batch/x created\n", 0)
    );
    let out = run(&mut w, "apply -f c.yaml", Some(cron));
    assert_eq!(out.stdout, "cronjob.batch/c created\n");
}

#[test]
fn the_namespace_is_checked_before_the_object_is_validated() {
    let mut w = world(ECHO, 0);
    let invalid = TEAM_A_JOB.replace("restartPolicy: Never", "restartPolicy: Always");
    assert_eq!(
        run(&mut w, "apply -f f.yaml", Some(&invalid)).stderr,
        "Error from server (NotFound): error when creating \"STDIN\": namespaces \"team-a\" not found\n"
    );
}

#[test]
fn a_manifest_is_applied_in_order_so_its_namespace_must_come_first() {
    let mut w = world(ECHO, 0);
    let namespace = "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n";
    let late = format!("{TEAM_A_JOB}---\n{namespace}");
    let out = run(&mut w, "apply -f f.yaml", Some(&late));
    assert_eq!(out.stdout, "namespace/team-a created\n");
    assert_eq!(
        out.stderr,
        "Error from server (NotFound): error when creating \"STDIN\": namespaces \"team-a\" not found\n"
    );
    let out = run(&mut w, "apply -f f.yaml", Some(&late));
    assert_eq!(
        out.stdout,
        "job.batch/x created\nnamespace/team-a unchanged\n"
    );
}

#[test]
fn create_job_from_a_cronjob_says_why_the_job_was_not_created() {
    let mut w = world(ECHO, 0);
    let hello = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: hello}\nspec:\n  schedule: \"*/5 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: c, image: busybox}]\n          restartPolicy: OnFailure\n";
    run(&mut w, "apply -f hello.yaml", Some(hello));
    assert_eq!(
        ok(&mut w, "create job manual --from=cronjob/hello"),
        "job.batch/manual created\n"
    );
    assert_eq!(
        err(&mut w, "create job manual --from=cronjob/hello"),
        "error: failed to create job: jobs.batch \"manual\" already exists\n"
    );
    assert_eq!(
        err(&mut w, "create job manual --from=cronjob/hello -n team-a"),
        "Error from server (NotFound): cronjobs.batch \"hello\" not found\n"
    );
}

/// A pod's conditions through its life, as the kubelet writes them: not ready while its
/// sandbox and container are being made, ready while it runs, not ready once it completed.
// Upstream: pkg/kubelet/status/generate.go; status_manager.go mergePodStatus
#[test]
fn a_pods_conditions_follow_its_life_as_the_kubelet_writes_them() {
    const SLEEP: &str = "kind: Simulation
spec:
  seed: 3
  start: \"2026-01-01T00:00:00Z\"
  nodes: [{ name: node-1 }]
  timing: { controllerDelay: 0s, schedule: 0s, imagePull: 2s, containerStart: 0s }
---
apiVersion: batch/v1
kind: Job
metadata: {name: nap}
spec:
  template:
    spec:
      containers: [{name: nap, image: busybox, command: [sleep, \"10\"]}]
      restartPolicy: Never
";
    let conditions = "get pods -o jsonpath='{range .items[0].status.conditions[*]}{.type}={.status}:{.reason} {end}'";
    let mut w = world(SLEEP, 1);
    assert_eq!(
        ok(&mut w, conditions),
        "PodReadyToStartContainers=False: Initialized=True: Ready=False:ContainersNotReady \
         ContainersReady=False:ContainersNotReady PodScheduled=True: "
    );
    w.advance_to(SimTime::from_millis(5_000), u64::MAX)
        .expect("advance");
    assert_eq!(
        ok(&mut w, conditions),
        "PodReadyToStartContainers=True: Initialized=True: Ready=True: ContainersReady=True: \
         PodScheduled=True: "
    );
    // Kubernetes 1.35 (KEP-5067 GA): a pod is made at generation 1, and its status and each
    // condition say which generation they were written at.
    let generations = "get pods -o jsonpath='{.items[0].metadata.generation} \
         {.items[0].status.observedGeneration} {.items[0].status.conditions[*].observedGeneration}'";
    assert_eq!(ok(&mut w, generations), "1 1 1 1 1 1 1");
    // An unset metav1.Time is written as null (Go's encoder keeps zero structs).
    let yaml = ok(&mut w, "get pods -o yaml");
    assert_eq!(yaml.matches("- lastProbeTime: null\n").count(), 5, "{yaml}");
    w.advance_to(SimTime::from_millis(20_000), u64::MAX)
        .expect("advance");
    assert_eq!(
        ok(&mut w, conditions),
        "PodReadyToStartContainers=False: Initialized=True:PodCompleted Ready=False:PodCompleted \
         ContainersReady=False:PodCompleted PodScheduled=True: "
    );
    // The Job controller removed its tracking finalizer: the list is left out (omitempty),
    // not printed empty.
    let yaml = ok(&mut w, "get pods -o yaml");
    assert!(!yaml.contains("finalizers"), "{yaml}");
}

#[test]
fn events_are_gone_an_hour_after_they_were_last_written() {
    // The Job ran in its first seconds; its events were last written then.
    let mut w = world(ECHO, 3_590);
    assert!(ok(&mut w, "get events").contains("SuccessfulCreate"));
    assert!(ok(&mut w, "describe job job-echo").contains("Normal  Completed"));
    let mut w = world(ECHO, 3_700);
    let out = run(&mut w, "kubectl get events", None);
    assert_eq!(
        (out.exit_code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "", "No resources found in default namespace.\n")
    );
    assert!(ok(&mut w, "describe job job-echo").ends_with("Events:            <none>\n"));
    // The run's own record keeps them.
    assert!(w.events.iter().any(|e| &*e.reason == "SuccessfulCreate"));
}

#[test]
fn wait_for_a_jsonpath_value_or_a_condition_status() {
    let mut w = world(ECHO, 0);
    assert_eq!(
        ok(
            &mut w,
            "wait --for=jsonpath='{.status.succeeded}'=2 job/job-echo"
        ),
        "job.batch/job-echo condition met\n"
    );
    assert!(ok(&mut w, "get jobs").contains("Complete"));
    // Without a value, anything the template finds will do; braces may be left out.
    assert_eq!(
        ok(
            &mut w,
            "wait --for=jsonpath=.status.completionTime job/job-echo"
        ),
        "job.batch/job-echo condition met\n"
    );
    // A condition's status, in any case: the Job is Complete, not Complete=False.
    assert_eq!(
        ok(&mut w, "wait --for=condition=Complete=TRUE job/job-echo"),
        "job.batch/job-echo condition met\n"
    );
    assert_eq!(
        err(
            &mut w,
            "wait --for=condition=complete=false job/job-echo --timeout=5s"
        ),
        "error: timed out waiting for the condition on jobs/job-echo\n"
    );
    assert!(err(&mut w, "wait --for=jsonpath='{.status' job/job-echo")
        .starts_with("error: jsonpath wait format must be"));
    assert!(err(
        &mut w,
        "wait --for=jsonpath='{.status.succeeded}'= job/job-echo"
    )
    .starts_with("error: jsonpath wait format must be"));
}

#[test]
fn sort_by_and_custom_columns() {
    let mut w = world(ECHO, 30);
    let by_start = ok(
        &mut w,
        "get pods --sort-by=.status.startTime -o custom-columns=NAME:.metadata.name,PHASE:.status.phase,IP:.status.podIPs[*].ip,NODE:.spec.nodeName,NONE:.status.nothing",
    );
    let lines: Vec<&str> = by_start.lines().collect();
    assert_eq!(lines.len(), 3, "{by_start}");
    assert!(
        lines[0].starts_with("NAME ") && lines[0].ends_with("NODE     NONE"),
        "{by_start}"
    );
    for line in &lines[1..] {
        assert!(line.starts_with("job-echo-"), "{line}");
        assert!(line.contains("   Succeeded   10.244.0."), "{line}");
        assert!(line.ends_with("node-1   <none>"), "{line}");
    }
    assert_eq!(
        ok(
            &mut w,
            "get jobs --no-headers -o custom-columns=JOB:{.metadata.name},DONE:.status.succeeded"
        ),
        "job-echo   2\n"
    );
    // Ascending, as kubectl sorts.
    let by_name = ok(&mut w, "get pods --sort-by=.metadata.name -o name");
    let mut names: Vec<&str> = by_name.lines().collect();
    let sorted = {
        let mut s = names.clone();
        s.sort_unstable();
        s
    };
    assert_eq!(names, sorted);
    names.dedup();
    assert_eq!(names.len(), 2);
    // Events by when they were last seen: the oldest first.
    let events = ok(&mut w, "get events --sort-by=.lastTimestamp");
    let ages: Vec<u64> = events
        .lines()
        .skip(1)
        .filter_map(|l| {
            l.split_whitespace()
                .next()?
                .trim_end_matches('s')
                .parse()
                .ok()
        })
        .collect();
    assert!(
        ages.len() > 3 && ages.windows(2).all(|a| a[0] >= a[1]),
        "{events}"
    );
    assert_eq!(
        err(&mut w, "get pods --sort-by=.status.nothing"),
        "error: couldn't find any field with path \"{.status.nothing}\" in the list of objects\n"
    );
    assert_eq!(
        err(&mut w, "get pods -o custom-columns=NAME"),
        "error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n"
    );
    assert_eq!(
        err(&mut w, "top pods"),
        "error: Metrics API not available\n"
    );
}

#[test]
fn logs_of_the_pods_a_selector_picks() {
    let mut w = world(ECHO, 30);
    assert_eq!(
        ok(&mut w, "logs -l job-name=job-echo"),
        "Hello, Job\nHello, Job\n"
    );
    let prefixed = ok(&mut w, "logs -l job-name=job-echo --prefix");
    assert!(
        prefixed
            .lines()
            .all(|l| l.starts_with("[pod/job-echo-") && l.ends_with("/echo] Hello, Job")),
        "{prefixed}"
    );
    assert_eq!(ok(&mut w, "logs -l job-name=job-echo --tail=0"), "");
    let none = run(&mut w, "kubectl logs -l job-name=none", None);
    assert_eq!(
        (none.exit_code, none.stdout.as_str(), none.stderr.as_str()),
        (0, "", "No resources found in default namespace.\n")
    );
    assert!(err(&mut w, "logs job/job-echo -l job-name=job-echo")
        .starts_with("error: only a selector (-l) or a POD name is allowed"));
}

#[test]
fn create_cronjob_makes_one_that_fires() {
    let mut w = world(ECHO, 10);
    assert_eq!(
        ok(
            &mut w,
            "create cronjob tick --image=busybox --schedule='* * * * *' -- date"
        ),
        "cronjob.batch/tick created\n"
    );
    let yaml = ok(&mut w, "get cronjob tick -o yaml");
    for line in [
        "  schedule: '* * * * *'\n",
        "          restartPolicy: OnFailure\n",
        "            - date\n",
        "            name: tick\n",
    ] {
        assert!(yaml.contains(line), "{line:?} in\n{yaml}");
    }
    w.advance_to(SimTime::from_millis(75_000), u64::MAX)
        .expect("advance");
    assert!(ok(&mut w, "get jobs").contains("tick-"));
    assert_eq!(
        err(&mut w, "create cj other"),
        "error: required flag(s) \"image\", \"schedule\" not set\n"
    );
    assert!(err(
        &mut w,
        "create cronjob other --image=busybox --schedule=bad"
    )
    .starts_with(
        "error: failed to create cronjob: The CronJob \"other\" is invalid: spec.schedule"
    ));
}

#[test]
fn events_print_as_event_objects_with_o() {
    let mut w = world(ECHO, 10);
    let names = ok(&mut w, "get events -o name");
    let names: Vec<&str> = names.lines().collect();
    assert!(names.len() > 5 && names.iter().all(|n| n.starts_with("event/job-echo")));
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "each event has its own name");
    let yaml = ok(&mut w, "get events -o yaml");
    for line in [
        "kind: List\n",
        "  kind: Event\n",
        "  reason: SuccessfulCreate\n",
        "    component: job-controller\n",
        "    kind: Job\n",
    ] {
        assert!(yaml.contains(line), "{line:?} in\n{yaml}");
    }
    assert_eq!(
        ok(
            &mut w,
            "get events -o jsonpath='{.items[?(@.reason==\"Completed\")].involvedObject.name}'"
        ),
        "job-echo"
    );
}

#[test]
fn describe_namespace_prints_upstreams_layout() {
    let mut w = world(ECHO, 0);
    assert_eq!(
        ok(&mut w, "describe namespace default"),
        "Name:         default\n\
         Labels:       kubernetes.io/metadata.name=default\n\
         Annotations:  <none>\n\
         Status:       Active\n\
         \n\
         No resource quota.\n\
         \n\
         No LimitRange resource.\n"
    );
}
