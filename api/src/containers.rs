//! What a worker container looks like: its name, labels and settings, and
//! how the managed containers are found again.

use std::collections::{BTreeSet, HashMap};

use bollard::models::{ContainerCreateBody, ContainerSummary, HostConfig};
use bollard::query_parameters::{ListContainersOptions, ListContainersOptionsBuilder};
use serde::Serialize;

use crate::config::Config;

/// Marks a container as created by this service; stop, list and the total cap
/// only ever consider containers carrying it.
pub const LABEL_MANAGED: &str = "io.miraiRs.managed";
pub const LABEL_DISPATCHER: &str = "io.miraiRs.dispatcher";
pub const LABEL_PORT: &str = "io.miraiRs.port";
pub const LABEL_INDEX: &str = "io.miraiRs.index";

pub const NAME_PREFIX: &str = "mirai-worker-";

/// `mirai-worker-<dispatcher with . and : as ->-<port>-`; the index follows.
pub fn name_prefix(dispatcher: &str, port: u16) -> String {
    let slug = dispatcher.replace(['.', ':'], "-");
    format!("{NAME_PREFIX}{slug}-{port}-")
}

/// The index of a container called `name` (as Docker lists it, with or
/// without the leading `/`) if it is `<prefix><index>`.
fn index_of(name: &str, prefix: &str) -> Option<u32> {
    let rest = name
        .strip_prefix('/')
        .unwrap_or(name)
        .strip_prefix(prefix)?;
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok().filter(|i| *i > 0)
}

/// The `n` smallest indices (from 1) that no existing container with this
/// prefix uses, whoever created it, so new names never clash.
pub fn free_indices<'a>(
    existing: impl IntoIterator<Item = &'a str>,
    prefix: &str,
    n: u32,
) -> Vec<u32> {
    let taken: BTreeSet<u32> = existing
        .into_iter()
        .filter_map(|name| index_of(name, prefix))
        .collect();
    (1..)
        .filter(|i| !taken.contains(i))
        .take(n as usize)
        .collect()
}

/// Lists managed containers, optionally only those of one dispatcher and port.
pub fn managed_filter(target: Option<(&str, u16)>) -> ListContainersOptions {
    let mut labels = vec![format!("{LABEL_MANAGED}=true")];
    if let Some((dispatcher, port)) = target {
        labels.push(format!("{LABEL_DISPATCHER}={dispatcher}"));
        labels.push(format!("{LABEL_PORT}={port}"));
    }
    let filters = HashMap::from([("label".to_owned(), labels)]);
    ListContainersOptionsBuilder::default()
        .all(true)
        .filters(&filters)
        .build()
}

/// Lists every container (managed or not) whose name contains `prefix`.
pub fn name_filter(prefix: &str) -> ListContainersOptions {
    let filters = HashMap::from([("name".to_owned(), vec![prefix.to_owned()])]);
    ListContainersOptionsBuilder::default()
        .all(true)
        .filters(&filters)
        .build()
}

/// The container for worker `index`. Everything except the dispatcher's
/// address comes from the operator's configuration.
pub fn worker_spec(
    config: &Config,
    dispatcher: &str,
    port: u16,
    index: u32,
) -> ContainerCreateBody {
    let labels = HashMap::from([
        (LABEL_MANAGED.to_owned(), "true".to_owned()),
        (LABEL_DISPATCHER.to_owned(), dispatcher.to_owned()),
        (LABEL_PORT.to_owned(), port.to_string()),
        (LABEL_INDEX.to_owned(), index.to_string()),
    ]);
    ContainerCreateBody {
        image: Some(config.image.clone()),
        env: Some(vec![
            format!("MIRAI_HOST={dispatcher}"),
            format!("MIRAI_PORT={port}"),
        ]),
        labels: Some(labels),
        host_config: Some(worker_host_config(config)),
        ..Default::default()
    }
}

/// Limits and hardening shared by workers and the `/debug` probe container.
pub fn worker_host_config(config: &Config) -> HostConfig {
    HostConfig {
        auto_remove: Some(true),
        network_mode: Some(config.network.clone()),
        nano_cpus: config.worker_nano_cpus,
        memory: config.worker_memory,
        // A tiny init as PID 1 forwards SIGTERM to R, so `stop` is quick.
        init: Some(true),
        privileged: Some(false),
        // An R worker needs no capabilities and should never gain any.
        cap_drop: Some(vec!["ALL".to_owned()]),
        security_opt: Some(vec!["no-new-privileges".to_owned()]),
        ..Default::default()
    }
}

/// A managed container as `/workers` reports it.
#[derive(Debug, Serialize)]
pub struct WorkerInfo {
    pub id: String,
    pub name: String,
    pub dispatcher: String,
    pub port: Option<u16>,
    pub index: Option<u32>,
    pub image: String,
    pub state: String,
    pub status: String,
    /// Unix seconds.
    pub created: Option<i64>,
}

impl WorkerInfo {
    pub fn from_summary(c: ContainerSummary) -> WorkerInfo {
        let labels = c.labels.unwrap_or_default();
        let label = |key: &str| labels.get(key).cloned().unwrap_or_default();
        WorkerInfo {
            id: short_id(c.id.as_deref().unwrap_or_default()).to_owned(),
            name: container_name(c.names.as_deref()),
            dispatcher: label(LABEL_DISPATCHER),
            port: label(LABEL_PORT).parse().ok(),
            index: label(LABEL_INDEX).parse().ok(),
            image: c.image.unwrap_or_default(),
            state: c.state.map(|s| s.to_string()).unwrap_or_default(),
            status: c.status.unwrap_or_default(),
            created: c.created,
        }
    }
}

/// Docker lists names with a leading `/`.
pub fn container_name(names: Option<&[String]>) -> String {
    names
        .and_then(|n| n.first())
        .map(|n| n.trim_start_matches('/').to_owned())
        .unwrap_or_default()
}

/// The 12-character form of a container id that `docker ps` shows.
pub fn short_id(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            name_prefix("192.168.2.4", 5555),
            "mirai-worker-192-168-2-4-5555-"
        );
        assert_eq!(name_prefix("fe80::1", 1), "mirai-worker-fe80--1-1-");
        assert_eq!(
            name_prefix("host.example", 80),
            "mirai-worker-host-example-80-"
        );
    }

    #[test]
    fn picks_smallest_free_indices() {
        let p = name_prefix("127.0.0.1", 5555);
        let existing = [
            "/mirai-worker-127-0-0-1-5555-1",
            "/mirai-worker-127-0-0-1-5555-2",
            "mirai-worker-127-0-0-1-5555-3",
            "/mirai-worker-127-0-0-1-5555-99",
            // Other dispatchers/ports and odd suffixes never count.
            "/mirai-worker-127-0-0-1-55550-4",
            "/mirai-worker-127-0-0-1-5555-4x",
            "/mirai-worker-127-0-0-1-5555-",
            "/mirai-worker-127-0-0-1-5555-0",
            "/other",
        ];
        assert_eq!(free_indices(existing, &p, 2), vec![4, 5]);
        assert_eq!(free_indices([], &p, 3), vec![1, 2, 3]);
        assert_eq!(
            free_indices(["/mirai-worker-127-0-0-1-5555-2"], &p, 3),
            vec![1, 3, 4]
        );
    }

    #[test]
    fn short_ids() {
        assert_eq!(short_id("413f73ce4c6a0123456789"), "413f73ce4c6a");
        assert_eq!(short_id("abc"), "abc");
    }
}
