//! The cluster's network as kind sets it up. The scenario's node `i` (from 0) is `172.18.0.(i+2)`
//! on the nodes' network and owns the pod CIDR `10.244.i.0/24` of the cluster's `10.244.0.0/16`.
//! On each node the CNI's host-local IPAM gives a pod's sandbox the next free address after the
//! last one it gave, wrapping round, from `.2` to `.254` (`.1` is the node bridge's gateway), and
//! takes it back when the sandbox goes.
// Upstream: kind's default networking (podSubnet 10.244.0.0/16, the nodes on the docker network
// 172.18.0.0/16); pkg/controller/nodeipam/ipam/range_allocator.go (a /24 per node, in order);
// containernetworking/plugins plugins/ipam/host-local backend/allocator (round robin after the
// last reserved address, the gateway skipped)

use std::collections::BTreeSet;
use std::sync::Arc;

/// The lowest and highest host part host-local gives in a /24.
const FIRST: u8 = 2;
const LAST: u8 = 254;

/// A node's InternalIP.
pub(super) fn node_ip(node: usize) -> String {
    let host = node + 2;
    format!("172.18.{}.{}", host / 256, host % 256)
}

/// The network part of a node's pod CIDR, `10.244.i`.
fn pod_network(node: usize) -> String {
    format!("10.{}.{}", 244 + node / 256, node % 256)
}

/// A node's pod CIDR.
pub(super) fn pod_cidr(node: usize) -> String {
    format!("{}.0/24", pod_network(node))
}

/// One node's network: its own address, and host-local's for its pods (the host parts in use
/// and the last one given). The addresses' fixed parts are written once, for every pod.
#[derive(Debug)]
pub(super) struct NodeNetwork {
    /// The node's InternalIP.
    pub(super) ip: Arc<str>,
    /// `10.244.i.`, how every pod address on the node begins.
    pods: String,
    /// The pod addresses written so far, by host part: each is written once and shared by the
    /// pods that get it in turn.
    written: Vec<Option<Arc<str>>>,
    last: Option<u8>,
    used: BTreeSet<u8>,
}

impl NodeNetwork {
    pub(super) fn new(node: usize) -> Self {
        NodeNetwork {
            ip: node_ip(node).into(),
            pods: format!("{}.", pod_network(node)),
            written: Vec::new(),
            last: None,
            used: BTreeSet::new(),
        }
    }

    /// A pod IP: the next free one after the last given; `None` when the range is used up.
    pub(super) fn allocate(&mut self) -> Option<Arc<str>> {
        let start = match self.last {
            Some(last) if last < LAST => last + 1,
            _ => FIRST,
        };
        let host = (start..=LAST)
            .chain(FIRST..start)
            .find(|h| !self.used.contains(h))?;
        self.used.insert(host);
        self.last = Some(host);
        let place = usize::from(host);
        if self.written.len() <= place {
            self.written.resize(place + 1, None);
        }
        let written = self.written[place].get_or_insert_with(|| {
            Arc::from([&self.pods, itoa::Buffer::new().format(host)].concat())
        });
        Some(Arc::clone(written))
    }

    /// Takes back a pod IP this node gave.
    pub(super) fn release(&mut self, ip: &str) {
        if let Some(host) = ip.rsplit('.').next().and_then(|h| h.parse().ok()) {
            self.used.remove(&host);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_are_numbered_on_kinds_networks() {
        assert_eq!(node_ip(0), "172.18.0.2");
        assert_eq!(node_ip(300), "172.18.1.46");
        assert_eq!(pod_cidr(0), "10.244.0.0/24");
        assert_eq!(pod_cidr(3), "10.244.3.0/24");
    }

    #[test]
    fn host_local_gives_the_next_free_address_after_the_last_and_wraps() {
        let mut network = NodeNetwork::new(1);
        assert_eq!(&*network.ip, "172.18.0.3");
        let first = network.allocate();
        assert_eq!(first.as_deref(), Some("10.244.1.2"));
        assert_eq!(network.allocate().as_deref(), Some("10.244.1.3"));
        network.release("10.244.1.2");
        // Round robin: a released address is given again only after the range wraps.
        assert_eq!(network.allocate().as_deref(), Some("10.244.1.4"));
        let rest: Vec<Arc<str>> = (5..=LAST).filter_map(|_| network.allocate()).collect();
        assert_eq!(rest.last().map(|ip| &**ip), Some("10.244.1.254"));
        let again = network.allocate();
        assert_eq!(again.as_deref(), Some("10.244.1.2"));
        // An address given again is the text written the first time, shared.
        assert!(Arc::ptr_eq(&first.unwrap(), &again.unwrap()));
        assert_eq!(network.allocate(), None);
        assert_eq!(
            NodeNetwork::new(300).allocate().as_deref(),
            Some("10.245.44.2")
        );
    }
}
