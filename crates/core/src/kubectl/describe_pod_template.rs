//! The `Pod Template:` block of `kubectl describe job` (and of other workload describers).

use super::label_selector::format_label_selector;
use super::prefix_writer::PrefixWriter;
use crate::api::int_or_string::IntOrString;
use crate::api::pod::{
    Container, ContainerPort, PodTemplateSpec, Probe, ResourceFieldSelector, ResourceList,
    Toleration, Volume,
};
use crate::api::pod_placement::TopologySpreadConstraint;
use crate::api::quantity::Quantity;

/// Upstream: kubectl describe.go DescribePodTemplate.
pub fn describe_pod_template(template: &PodTemplateSpec, w: &mut PrefixWriter) {
    w.write(0, "Pod Template:\n");
    let meta = template.metadata.as_ref();
    w.labels_multiline("  Labels", meta.and_then(|m| m.labels.as_deref()));
    if let Some(annotations) = meta
        .and_then(|m| m.annotations.as_ref())
        .filter(|a| !a.is_empty())
    {
        w.annotations_multiline("  Annotations", Some(annotations));
    }
    let spec = template.spec.clone().unwrap_or_default();
    if let Some(sa) = spec.service_account_name.as_ref().filter(|s| !s.is_empty()) {
        w.write(1, &format!("Service Account:\t{sa}\n"));
    }
    if let Some(init) = spec.init_containers.as_ref().filter(|c| !c.is_empty()) {
        describe_containers("Init Containers", init, w);
    }
    describe_containers("Containers", &spec.containers, w);
    describe_volumes(spec.volumes.as_deref().unwrap_or(&[]), "  ", w);
    describe_topology_spread_constraints(spec.topology_spread_constraints.as_deref(), w);
    if let Some(pc) = spec.priority_class_name.as_ref().filter(|s| !s.is_empty()) {
        w.write(1, &format!("Priority Class Name:\t{pc}\n"));
    }
    w.labels_multiline("  Node-Selectors", spec.node_selector.as_ref());
    describe_tolerations(
        "  Tolerations",
        spec.tolerations.as_deref().unwrap_or(&[]),
        w,
    );
}

/// Upstream: describe.go describeContainers (a template has no statuses).
fn describe_containers(label: &str, containers: &[Container], w: &mut PrefixWriter) {
    let none = if containers.is_empty() { " <none>" } else { "" };
    w.write(0, &format!("  {label}:{none}\n"));
    for c in containers {
        w.write(1, &format!(" {}:\n", c.name));
        w.write(
            2,
            &format!("Image:\t{}\n", c.image.as_deref().unwrap_or_default()),
        );
        let ports = c.ports.as_deref().unwrap_or(&[]);
        port_line(w, "Port", ports, |p| p.container_port);
        port_line(w, "Host Port", ports, |p| p.host_port.unwrap_or(0));
        describe_command(w, "Command", c.command.as_deref());
        describe_command(w, "Args", c.args.as_deref());
        if let Some(r) = &c.resources {
            describe_resources(w, "Limits", r.limits.as_ref());
            describe_resources(w, "Requests", r.requests.as_ref());
        }
        for (title, probe) in [
            ("Liveness", &c.liveness_probe),
            ("Readiness", &c.readiness_probe),
            ("Startup", &c.startup_probe),
        ] {
            if let Some(p) = probe {
                w.write(2, &format!("{title}:\t{}\n", describe_probe(p)));
            }
        }
        describe_env_from(c, w);
        describe_env(c, w);
        describe_mounts(c, w);
    }
}

/// Upstream: describeContainerBasicInfo — `Port:\t80/TCP` (or `<none>`), `Ports:` when several.
pub(crate) fn port_line(
    w: &mut PrefixWriter,
    title: &str,
    ports: &[ContainerPort],
    number: impl Fn(&ContainerPort) -> i32,
) {
    let text: Vec<String> = ports
        .iter()
        .map(|p| {
            format!(
                "{}/{}",
                number(p),
                p.protocol.as_deref().unwrap_or_default()
            )
        })
        .collect();
    let text = text.join(", ");
    if text.contains(',') {
        w.write(2, &format!("{title}s:\t{text}\n"));
    } else if text.is_empty() {
        w.write(2, &format!("{title}:\t<none>\n"));
    } else {
        w.write(2, &format!("{title}:\t{text}\n"));
    }
}

/// Upstream: describeContainerCommand — one line per argument line.
pub(crate) fn describe_command(w: &mut PrefixWriter, title: &str, parts: Option<&[String]>) {
    let Some(parts) = parts.filter(|p| !p.is_empty()) else {
        return;
    };
    w.write(2, &format!("{title}:\n"));
    for part in parts {
        for line in part.split('\n') {
            w.write(3, &format!("{line}\n"));
        }
    }
}

/// Upstream: describeResources — sorted resource names with canonical quantities.
fn describe_resources(w: &mut PrefixWriter, title: &str, list: Option<&ResourceList>) {
    let Some(list) = list.filter(|l| !l.is_empty()) else {
        return;
    };
    w.write(2, &format!("{title}:\n"));
    for (name, quantity) in list {
        w.write(3, &format!("{name}:\t{quantity}\n"));
    }
}

/// Upstream: describe.go DescribeProbe.
fn describe_probe(p: &Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds.unwrap_or(0),
        p.timeout_seconds.unwrap_or(0),
        p.period_seconds.unwrap_or(0),
        p.success_threshold.unwrap_or(0),
        p.failure_threshold.unwrap_or(0)
    );
    if let Some(exec) = &p.exec {
        let command = exec.command.clone().unwrap_or_default().join(" ");
        return format!("exec [{command}] {attrs}");
    }
    if let Some(get) = &p.http_get {
        let port = int_or_string(&get.port);
        let host = get.host.clone().unwrap_or_default();
        let host = if port.is_empty() {
            host
        } else if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        let scheme = get.scheme.clone().unwrap_or_default().to_lowercase();
        let path = get.path.clone().unwrap_or_default();
        return format!("http-get {scheme}://{host}{path} {attrs}");
    }
    if let Some(tcp) = &p.tcp_socket {
        return format!(
            "tcp-socket {}:{} {attrs}",
            tcp.host.as_deref().unwrap_or_default(),
            int_or_string(&tcp.port)
        );
    }
    if let Some(grpc) = &p.grpc {
        return format!(
            "grpc <pod>:{} {} {attrs}",
            grpc.port,
            grpc.service.as_deref().unwrap_or_default()
        );
    }
    format!("unknown {attrs}")
}

/// Upstream: intstr.IntOrString.String.
fn int_or_string(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

/// Upstream: describeContainerEnvFrom.
fn describe_env_from(c: &Container, w: &mut PrefixWriter) {
    let Some(sources) = c.env_from.as_ref().filter(|e| !e.is_empty()) else {
        return;
    };
    w.write(2, "Environment Variables from:\n");
    for e in sources {
        let (from, source) = match (&e.config_map_ref, &e.secret_ref) {
            (Some(r), _) => ("ConfigMap", Some(r)),
            (None, Some(r)) => ("Secret", Some(r)),
            (None, None) => ("", None),
        };
        let name = source.and_then(|r| r.name.as_deref()).unwrap_or_default();
        let optional = source.and_then(|r| r.optional).unwrap_or(false);
        match e.prefix.as_deref().filter(|p| !p.is_empty()) {
            None => w.write(3, &format!("{name}\t{from}\tOptional: {optional}\n")),
            Some(prefix) => w.write(
                3,
                &format!("{name}\t{from} with prefix '{prefix}'\tOptional: {optional}\n"),
            ),
        }
    }
}

/// Upstream: describeContainerEnvVars (no resolver for a template: field references show an
/// empty value).
pub(crate) fn describe_env(c: &Container, w: &mut PrefixWriter) {
    let env = c.env.as_deref().unwrap_or(&[]);
    let none = if env.is_empty() { "\t<none>" } else { "" };
    w.write(2, &format!("Environment:{none}\n"));
    for e in env {
        let Some(from) = &e.value_from else {
            for (i, line) in e
                .value
                .as_deref()
                .unwrap_or_default()
                .split('\n')
                .enumerate()
            {
                if i == 0 {
                    w.write(3, &format!("{}:\t{line}\n", e.name));
                } else {
                    w.write(3, &format!("\t{line}\n"));
                }
            }
            continue;
        };
        if let Some(f) = &from.field_ref {
            w.write(
                3,
                &format!(
                    "{}:\t ({}:{})\n",
                    e.name,
                    f.api_version.as_deref().unwrap_or_default(),
                    f.field_path
                ),
            );
        } else if let Some(r) = &from.resource_field_ref {
            let mut value = resource_field_value(c, r);
            if value == "0" && (r.resource == "limits.cpu" || r.resource == "limits.memory") {
                value = "node allocatable".into();
            }
            w.write(3, &format!("{}:\t{value} ({})\n", e.name, r.resource));
        } else if let Some(k) = &from.secret_key_ref {
            w.write(
                3,
                &format!(
                    "{}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n",
                    e.name,
                    k.key,
                    k.name.as_deref().unwrap_or_default(),
                    k.optional.unwrap_or(false)
                ),
            );
        } else if let Some(k) = &from.config_map_key_ref {
            w.write(
                3,
                &format!(
                    "{}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n",
                    e.name,
                    k.key,
                    k.name.as_deref().unwrap_or_default(),
                    k.optional.unwrap_or(false)
                ),
            );
        }
    }
}

/// Upstream: kubectl/pkg/util/resource ExtractContainerResourceValue — the container's limit or
/// request divided by the divisor (default 1), rounded up; empty for other resources.
fn resource_field_value(c: &Container, r: &ResourceFieldSelector) -> String {
    let divisor = r
        .divisor
        .filter(|d| !d.is_zero())
        .unwrap_or_else(|| Quantity::from_int(1));
    let Some((kind, name)) = r.resource.split_once('.') else {
        return String::new();
    };
    let resources = c.resources.as_ref();
    let list = match kind {
        "limits" => resources.and_then(|r| r.limits.as_ref()),
        "requests" => resources.and_then(|r| r.requests.as_ref()),
        _ => return String::new(),
    };
    let amount = list
        .and_then(|l| l.get(name))
        .copied()
        .unwrap_or_else(|| Quantity::from_int(0));
    let (num, den) = match name {
        "cpu" => (amount.milli_value(), divisor.milli_value()),
        "memory" | "ephemeral-storage" => (amount.value(), divisor.value()),
        _ => return String::new(),
    };
    if den == 0 {
        return String::new();
    }
    num.div_euclid(den)
        .saturating_add(i64::from(num.rem_euclid(den) != 0))
        .to_string()
}

/// Upstream: describeContainerVolumes — mounts sorted by path, `rw`/`ro` and the sub-path.
pub(crate) fn describe_mounts(c: &Container, w: &mut PrefixWriter) {
    let mut mounts = c.volume_mounts.clone().unwrap_or_default();
    let none = if mounts.is_empty() { "\t<none>" } else { "" };
    w.write(2, &format!("Mounts:{none}\n"));
    mounts.sort_by(|a, b| a.mount_path.cmp(&b.mount_path));
    for m in mounts {
        let mut flags = vec![if m.read_only == Some(true) {
            "ro"
        } else {
            "rw"
        }
        .to_string()];
        if let Some(sub) = m.sub_path.as_ref().filter(|s| !s.is_empty()) {
            flags.push(format!("path={sub:?}"));
        }
        w.write(
            3,
            &format!("{} from {} ({})\n", m.mount_path, m.name, flags.join(",")),
        );
    }
}

/// Upstream: describe.go describeVolumes — the common volume types; the others (CSI,
/// ephemeral, image, cloud disks…) print `<unknown>` here. `space` is a template's indent
/// (empty for a pod), and a template's volume names take one space more.
pub(crate) fn describe_volumes(volumes: &[Volume], space: &str, w: &mut PrefixWriter) {
    if volumes.is_empty() {
        w.write(0, &format!("{space}Volumes:\t<none>\n"));
        return;
    }
    w.write(0, &format!("{space}Volumes:\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for v in volumes {
        w.write(1, &format!("{name_indent}{}:\n", v.name));
        let text = if let Some(h) = &v.host_path {
            format!(
                "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n",
                h.path,
                h.type_.as_deref().unwrap_or("<none>")
            )
        } else if let Some(e) = &v.empty_dir {
            let size = e
                .size_limit
                .as_ref()
                .filter(|q| !q.is_zero() && !q.is_negative())
                .map_or("<unset>".to_string(), Quantity::to_string);
            format!(
                "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{size}\n",
                e.medium.as_deref().unwrap_or_default()
            )
        } else if let Some(s) = &v.secret {
            format!(
                "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n",
                s.secret_name.as_deref().unwrap_or_default(),
                s.optional.unwrap_or(false)
            )
        } else if let Some(c) = &v.config_map {
            format!(
                "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n",
                c.name.as_deref().unwrap_or_default(),
                c.optional.unwrap_or(false)
            )
        } else if let Some(n) = &v.nfs {
            format!(
                "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{}\n",
                n.server,
                n.path,
                n.read_only.unwrap_or(false)
            )
        } else if let Some(p) = &v.persistent_volume_claim {
            format!(
                "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n",
                p.claim_name,
                p.read_only.unwrap_or(false)
            )
        } else if let Some(d) = &v.downward_api {
            downward_api_text(d)
        } else if let Some(p) = &v.projected {
            projected_text(p)
        } else {
            w.write(1, "<unknown>\n");
            continue;
        };
        w.write(2, &text);
    }
}

/// Upstream: describe.go printDownwardAPIVolumeSource — `field -> path` per item.
fn downward_api_text(d: &serde_json::Value) -> String {
    let mut text =
        "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n"
            .to_string();
    for item in d
        .get("items")
        .and_then(|i| i.as_array())
        .into_iter()
        .flatten()
    {
        let path = item
            .get("path")
            .and_then(|p| p.as_str())
            .unwrap_or_default();
        let field = item.pointer("/fieldRef/fieldPath").and_then(|f| f.as_str());
        let resource = item
            .pointer("/resourceFieldRef/resource")
            .and_then(|r| r.as_str());
        for source in [field, resource].into_iter().flatten() {
            text.push_str(&format!("      {source} -> {path}\n"));
        }
    }
    text
}

/// Upstream: describe.go printProjectedVolumeSource — one entry per source; a source's
/// `optional` is printed as Go prints the pointer, `<nil>` when unset (and its value, not an
/// address, when set).
fn projected_text(p: &serde_json::Value) -> String {
    let mut text =
        "Type:\tProjected (a volume that contains injected data from multiple sources)\n"
            .to_string();
    let optional = |s: &serde_json::Value| {
        s.get("optional")
            .and_then(|o| o.as_bool())
            .map_or("<nil>".to_string(), |o| o.to_string())
    };
    let name = |s: &serde_json::Value| {
        s.get("name")
            .and_then(|n| n.as_str())
            .unwrap_or_default()
            .to_string()
    };
    for source in p
        .get("sources")
        .and_then(|s| s.as_array())
        .into_iter()
        .flatten()
    {
        if let Some(secret) = source.get("secret") {
            text.push_str(&format!(
                "    SecretName:\t{}\n    SecretOptionalName:\t{}\n",
                name(secret),
                optional(secret)
            ));
        } else if source.get("downwardAPI").is_some() {
            text.push_str("    DownwardAPI:\ttrue\n");
        } else if let Some(cm) = source.get("configMap") {
            text.push_str(&format!(
                "    ConfigMapName:\t{}\n    ConfigMapOptional:\t{}\n",
                name(cm),
                optional(cm)
            ));
        } else if let Some(token) = source.get("serviceAccountToken") {
            let seconds = token
                .get("expirationSeconds")
                .and_then(|e| e.as_i64())
                .unwrap_or(0);
            text.push_str(&format!("    TokenExpirationSeconds:\t{seconds}\n"));
        }
    }
    text
}

/// Upstream: describe.go describeTopologySpreadConstraints — sorted by topology key, nothing
/// when there are none.
fn describe_topology_spread_constraints(
    constraints: Option<&[TopologySpreadConstraint]>,
    w: &mut PrefixWriter,
) {
    let mut constraints: Vec<&TopologySpreadConstraint> =
        constraints.unwrap_or_default().iter().collect();
    if constraints.is_empty() {
        return;
    }
    constraints.sort_by(|a, b| a.topology_key.cmp(&b.topology_key));
    w.write(0, "  Topology Spread Constraints:\t");
    for (i, c) in constraints.into_iter().enumerate() {
        if i != 0 {
            w.write(0, "  \t");
        }
        let mut line = format!(
            "{}:{} when max skew {} is exceeded",
            c.topology_key, c.when_unsatisfiable, c.max_skew
        );
        if let Some(selector) = &c.label_selector {
            line.push_str(&format!(
                " for selector {}",
                format_label_selector(Some(selector))
            ));
        }
        w.write(0, &format!("{line}\n"));
    }
}

/// Upstream: describe.go printTolerationsMultilineWithIndent — sorted by key,
/// `key=value:effect`, ` op=Exists`, ` for Ns`.
pub(crate) fn describe_tolerations(title: &str, tolerations: &[Toleration], w: &mut PrefixWriter) {
    w.write(0, &format!("{title}:\t"));
    if tolerations.is_empty() {
        w.write(0, "<none>\n");
        return;
    }
    let mut sorted: Vec<&Toleration> = tolerations.iter().collect();
    sorted.sort_by_key(|t| t.key.clone().unwrap_or_default());
    for (i, t) in sorted.into_iter().enumerate() {
        if i != 0 {
            w.write(0, "\t");
        }
        let key = t.key.as_deref().unwrap_or_default();
        let value = t.value.as_deref().unwrap_or_default();
        let effect = t.effect.as_deref().unwrap_or_default();
        let mut line = key.to_string();
        if !value.is_empty() {
            line.push_str(&format!("={value}"));
        }
        if !effect.is_empty() {
            line.push_str(&format!(":{effect}"));
        }
        if t.operator.as_deref() == Some("Exists") && value.is_empty() {
            if key.is_empty() && effect.is_empty() {
                line.push_str("op=Exists");
            } else {
                line.push_str(" op=Exists");
            }
        }
        if let Some(s) = t.toleration_seconds {
            line.push_str(&format!(" for {s}s"));
        }
        w.write(0, &format!("{line}\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(template: serde_json::Value) -> String {
        let t: PodTemplateSpec = serde_json::from_value(template).expect("a template");
        let mut w = PrefixWriter::default();
        describe_pod_template(&t, &mut w);
        w.finish()
    }

    #[test]
    fn a_plain_job_template_prints_as_kubectl_1_35_prints_it() {
        let out = render(json!({
            "metadata": {"labels": {"job-name": "pi"}},
            "spec": {"restartPolicy": "Never", "containers": [{
                "name": "pi", "image": "perl:5.34.0",
                "command": ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]}]}
        }));
        assert_eq!(
            out,
            "Pod Template:\n\
             \x20 Labels:  job-name=pi\n\
             \x20 Containers:\n\
             \x20  pi:\n\
             \x20   Image:      perl:5.34.0\n\
             \x20   Port:       <none>\n\
             \x20   Host Port:  <none>\n\
             \x20   Command:\n\
             \x20     perl\n\
             \x20     -Mbignum=bpi\n\
             \x20     -wle\n\
             \x20     print bpi(2000)\n\
             \x20   Environment:   <none>\n\
             \x20   Mounts:        <none>\n\
             \x20 Volumes:         <none>\n\
             \x20 Node-Selectors:  <none>\n\
             \x20 Tolerations:     <none>\n"
        );
    }

    #[test]
    fn ports_resources_probes_env_mounts_and_volumes() {
        let out = render(json!({
            "spec": {"containers": [{
                "name": "web", "image": "nginx",
                "ports": [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 53, "protocol": "UDP"}],
                "resources": {"limits": {"memory": "128Mi", "cpu": "500m"}, "requests": {"cpu": "0.25"}},
                "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080, "scheme": "HTTP"},
                                  "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3},
                "env": [
                    {"name": "MODE", "value": "fast"},
                    {"name": "POD", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
                    {"name": "CPU", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1m"}}},
                    {"name": "PASS", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}
                ],
                "volumeMounts": [{"name": "work", "mountPath": "/work"},
                                 {"name": "cfg", "mountPath": "/etc/cfg", "readOnly": true, "subPath": "a"}]
            }],
            "volumes": [{"name": "work", "emptyDir": {}},
                        {"name": "cfg", "configMap": {"name": "settings"}}],
            "nodeSelector": {"disk": "ssd"},
            "tolerations": [{"key": "gpu", "operator": "Exists", "effect": "NoSchedule"}]}
        }));
        assert_eq!(
            out,
            "Pod Template:\n\
             \x20 Labels:  <none>\n\
             \x20 Containers:\n\
             \x20  web:\n\
             \x20   Image:       nginx\n\
             \x20   Ports:       80/TCP, 53/UDP\n\
             \x20   Host Ports:  0/TCP, 0/UDP\n\
             \x20   Limits:\n\
             \x20     cpu:     500m\n\
             \x20     memory:  128Mi\n\
             \x20   Requests:\n\
             \x20     cpu:     250m\n\
             \x20   Liveness:  http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3\n\
             \x20   Environment:\n\
             \x20     MODE:  fast\n\
             \x20     POD:    (v1:metadata.name)\n\
             \x20     CPU:   500 (limits.cpu)\n\
             \x20     PASS:  <set to the key 'password' in secret 'db'>  Optional: false\n\
             \x20   Mounts:\n\
             \x20     /etc/cfg from cfg (ro,path=\"a\")\n\
             \x20     /work from work (rw)\n\
             \x20 Volumes:\n\
             \x20  work:\n\
             \x20   Type:       EmptyDir (a temporary directory that shares a pod's lifetime)\n\
             \x20   Medium:     \n\
             \x20   SizeLimit:  <unset>\n\
             \x20  cfg:\n\
             \x20   Type:          ConfigMap (a volume populated by a ConfigMap)\n\
             \x20   Name:          settings\n\
             \x20   Optional:      false\n\
             \x20 Node-Selectors:  disk=ssd\n\
             \x20 Tolerations:     gpu:NoSchedule op=Exists\n"
        );
    }

    #[test]
    fn init_containers_sidecar_settings_volumes_spread_and_tolerations() {
        let out = render(json!({
            "metadata": {"labels": {"app": "x"}, "annotations": {"note": "hi"}},
            "spec": {
                "serviceAccountName": "runner",
                "initContainers": [{"name": "setup", "image": "busybox", "args": ["sh", "-c", "a\nb"]}],
                "containers": [{"name": "main", "image": "busybox"}],
                "volumes": [
                    {"name": "host", "hostPath": {"path": "/data", "type": "Directory"}},
                    {"name": "creds", "secret": {"secretName": "db", "optional": true}},
                    {"name": "claim", "persistentVolumeClaim": {"claimName": "pvc-1"}},
                    {"name": "share", "nfs": {"server": "nfs.local", "path": "/export"}},
                    {"name": "info", "downwardAPI": {"items": [
                        {"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}},
                    {"name": "all", "projected": {"sources": [
                        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                        {"configMap": {"name": "kube-root-ca.crt"}},
                        {"downwardAPI": {"items": []}}]}}
                ],
                "topologySpreadConstraints": [
                    {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
                     "labelSelector": {"matchLabels": {"app": "x"}}},
                    {"maxSkew": 2, "topologyKey": "host", "whenUnsatisfiable": "ScheduleAnyway"}
                ],
                "priorityClassName": "batch-low",
                "tolerations": [
                    {"key": "node.kubernetes.io/not-ready", "operator": "Exists",
                     "effect": "NoExecute", "tolerationSeconds": 300},
                    {"operator": "Exists"},
                    {"key": "dedicated", "operator": "Equal", "value": "jobs", "effect": "NoSchedule"}
                ]
            }
        }));
        assert_eq!(
            out,
            "Pod Template:\n\
             \x20 Labels:           app=x\n\
             \x20 Annotations:      note: hi\n\
             \x20 Service Account:  runner\n\
             \x20 Init Containers:\n\
             \x20  setup:\n\
             \x20   Image:      busybox\n\
             \x20   Port:       <none>\n\
             \x20   Host Port:  <none>\n\
             \x20   Args:\n\
             \x20     sh\n\
             \x20     -c\n\
             \x20     a\n\
             \x20     b\n\
             \x20   Environment:  <none>\n\
             \x20   Mounts:       <none>\n\
             \x20 Containers:\n\
             \x20  main:\n\
             \x20   Image:        busybox\n\
             \x20   Port:         <none>\n\
             \x20   Host Port:    <none>\n\
             \x20   Environment:  <none>\n\
             \x20   Mounts:       <none>\n\
             \x20 Volumes:\n\
             \x20  host:\n\
             \x20   Type:          HostPath (bare host directory volume)\n\
             \x20   Path:          /data\n\
             \x20   HostPathType:  Directory\n\
             \x20  creds:\n\
             \x20   Type:        Secret (a volume populated by a Secret)\n\
             \x20   SecretName:  db\n\
             \x20   Optional:    true\n\
             \x20  claim:\n\
             \x20   Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n\
             \x20   ClaimName:  pvc-1\n\
             \x20   ReadOnly:   false\n\
             \x20  share:\n\
             \x20   Type:      NFS (an NFS mount that lasts the lifetime of a pod)\n\
             \x20   Server:    nfs.local\n\
             \x20   Path:      /export\n\
             \x20   ReadOnly:  false\n\
             \x20  info:\n\
             \x20   Type:  DownwardAPI (a volume populated by information about the pod)\n\
             \x20   Items:\n\
             \x20     metadata.labels -> labels\n\
             \x20  all:\n\
             \x20   Type:                       Projected (a volume that contains injected data from multiple sources)\n\
             \x20   TokenExpirationSeconds:     3607\n\
             \x20   ConfigMapName:              kube-root-ca.crt\n\
             \x20   ConfigMapOptional:          <nil>\n\
             \x20   DownwardAPI:                true\n\
             \x20 Topology Spread Constraints:  host:ScheduleAnyway when max skew 2 is exceeded\n\
             \x20                               zone:DoNotSchedule when max skew 1 is exceeded for selector app=x\n\
             \x20 Priority Class Name:          batch-low\n\
             \x20 Node-Selectors:               <none>\n\
             \x20 Tolerations:                  op=Exists\n\
             \x20                               dedicated=jobs:NoSchedule\n\
             \x20                               node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
        );
    }
}
