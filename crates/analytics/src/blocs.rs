//! Alignment networks and blocs.
//!
//! Countries are nodes; the weight of the tie between two countries is their net
//! cooperation over a window: cooperative events (quad classes 1–2, both directions) minus
//! conflictual ones (3–4), kept only when positive. Blocs are the communities that
//! maximise modularity, found by the Louvain method (Blondel et al. 2008): move single
//! nodes to the neighbouring community with the best modularity gain until none helps,
//! merge each community into one node, and repeat. Node order is fixed (sorted), so the
//! result is deterministic.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

/// Event counts between two countries over a window, both directions together.
#[derive(Debug, Clone, PartialEq)]
pub struct Tie {
    /// One country (ISO alpha-3).
    pub a: String,
    /// The other.
    pub b: String,
    /// Cooperative events (quad classes 1–2).
    pub cooperation: u64,
    /// Conflictual events (3–4).
    pub conflict: u64,
}

impl Tie {
    /// Net cooperation, floored at zero: the edge weight.
    pub fn weight(&self) -> f64 {
        self.cooperation.saturating_sub(self.conflict) as f64
    }
}

/// A bloc: its members and its strongest internal ties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bloc {
    /// Members, sorted.
    pub members: Vec<String>,
    /// Up to five strongest ties inside the bloc: (a, b, weight).
    pub strongest_ties: Vec<(String, String, f64)>,
}

/// The blocs of a network and how modular the partition is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partition {
    /// Blocs, largest first.
    pub blocs: Vec<Bloc>,
    /// Newman–Girvan modularity of the partition, −0.5 … 1.
    pub modularity: f64,
}

impl Partition {
    /// Index of the bloc holding `country`.
    pub fn bloc_of(&self, country: &str) -> Option<usize> {
        self.blocs
            .iter()
            .position(|b| b.members.iter().any(|m| m == country))
    }
}

/// Merges ties given per direction into undirected ties (a < b) and drops zero weights.
pub fn undirected(ties: &[Tie]) -> Vec<Tie> {
    let mut m: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    for t in ties {
        if t.a == t.b {
            continue;
        }
        let key = if t.a < t.b {
            (t.a.clone(), t.b.clone())
        } else {
            (t.b.clone(), t.a.clone())
        };
        let e = m.entry(key).or_default();
        e.0 += t.cooperation;
        e.1 += t.conflict;
    }
    m.into_iter()
        .map(|((a, b), (cooperation, conflict))| Tie {
            a,
            b,
            cooperation,
            conflict,
        })
        .filter(|t| t.weight() > 0.0)
        .collect()
}

/// Finds blocs in an undirected network (see [`undirected`]).
pub fn blocs(ties: &[Tie]) -> Partition {
    let names: Vec<String> = ties
        .iter()
        .flat_map(|t| [t.a.clone(), t.b.clone()])
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let n = names.len();
    let mut adj: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
    for t in ties {
        let (i, j, w) = (index[t.a.as_str()], index[t.b.as_str()], t.weight());
        if w > 0.0 && i != j {
            *adj[i].entry(j).or_default() += w;
            *adj[j].entry(i).or_default() += w;
        }
    }
    let membership = louvain(&adj);
    let modularity = modularity(&adj, &membership);
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (node, c) in membership.iter().enumerate() {
        groups.entry(*c).or_default().push(node);
    }
    let mut blocs: Vec<Bloc> = groups
        .values()
        .map(|nodes| {
            let set: BTreeSet<usize> = nodes.iter().copied().collect();
            let mut inner: Vec<(String, String, f64)> = nodes
                .iter()
                .flat_map(|&i| {
                    let set = &set;
                    adj[i]
                        .iter()
                        .filter(move |(j, _)| **j > i && set.contains(j))
                        .map(move |(&j, &w)| (i, j, w))
                })
                .map(|(i, j, w)| (names[i].clone(), names[j].clone(), w))
                .collect();
            inner.sort_by(|x, y| {
                y.2.total_cmp(&x.2)
                    .then_with(|| (&x.0, &x.1).cmp(&(&y.0, &y.1)))
            });
            inner.truncate(5);
            Bloc {
                members: nodes.iter().map(|&i| names[i].clone()).collect(),
                strongest_ties: inner,
            }
        })
        .collect();
    blocs.sort_by(|x, y| {
        y.members
            .len()
            .cmp(&x.members.len())
            .then_with(|| x.members.cmp(&y.members))
    });
    Partition { blocs, modularity }
}

/// Newman–Girvan modularity of a membership over a weighted adjacency.
pub fn modularity(adj: &[BTreeMap<usize, f64>], membership: &[usize]) -> f64 {
    let two_m: f64 = adj.iter().map(|a| a.values().sum::<f64>()).sum();
    if two_m == 0.0 {
        return 0.0;
    }
    let k: Vec<f64> = adj.iter().map(|a| a.values().sum()).collect();
    let mut inside: BTreeMap<usize, f64> = BTreeMap::new();
    let mut total: BTreeMap<usize, f64> = BTreeMap::new();
    for (i, a) in adj.iter().enumerate() {
        *total.entry(membership[i]).or_default() += k[i];
        for (&j, &w) in a {
            if membership[i] == membership[j] {
                *inside.entry(membership[i]).or_default() += w;
            }
        }
    }
    total
        .iter()
        .map(|(c, tot)| inside.get(c).copied().unwrap_or(0.0) / two_m - (tot / two_m).powi(2))
        .sum()
}

/// Louvain: community of each node.
fn louvain(adj: &[BTreeMap<usize, f64>]) -> Vec<usize> {
    let mut membership: Vec<usize> = (0..adj.len()).collect();
    let mut graph: Vec<BTreeMap<usize, f64>> = adj.to_vec();
    loop {
        let local = move_nodes(&graph);
        let communities: BTreeSet<usize> = local.iter().copied().collect();
        if communities.len() == graph.len() {
            break;
        }
        // Renumber communities 0..k and fold the graph.
        let renumber: BTreeMap<usize, usize> = communities
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i))
            .collect();
        for m in membership.iter_mut() {
            *m = renumber[&local[*m]];
        }
        let mut folded: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); renumber.len()];
        for (i, a) in graph.iter().enumerate() {
            for (&j, &w) in a {
                *folded[renumber[&local[i]]]
                    .entry(renumber[&local[j]])
                    .or_default() += w;
            }
        }
        graph = folded;
    }
    membership
}

/// One Louvain phase: local moves until no node improves modularity.
fn move_nodes(graph: &[BTreeMap<usize, f64>]) -> Vec<usize> {
    let n = graph.len();
    let k: Vec<f64> = graph.iter().map(|a| a.values().sum()).collect();
    let two_m: f64 = k.iter().sum();
    let mut community: Vec<usize> = (0..n).collect();
    let mut total: Vec<f64> = k.clone();
    if two_m == 0.0 {
        return community;
    }
    let mut improved = true;
    let mut rounds = 0;
    while improved && rounds < 100 {
        improved = false;
        rounds += 1;
        for i in 0..n {
            let current = community[i];
            let mut links: BTreeMap<usize, f64> = BTreeMap::new();
            for (&j, &w) in &graph[i] {
                if j != i {
                    *links.entry(community[j]).or_default() += w;
                }
            }
            total[current] -= k[i];
            let gain = |c: usize, w_in: f64| w_in - total[c] * k[i] / two_m;
            let mut best = (
                current,
                gain(current, links.get(&current).copied().unwrap_or(0.0)),
            );
            for (&c, &w_in) in &links {
                let g = gain(c, w_in);
                if g > best.1 + 1e-12 {
                    best = (c, g);
                }
            }
            total[best.0] += k[i];
            if best.0 != current {
                community[i] = best.0;
                improved = true;
            }
        }
    }
    community
}

/// Countries whose bloc changed between two partitions. Each bloc of the second is matched
/// to the bloc of the first it shares most members with; a country changed bloc when its
/// new bloc's match is not its old bloc.
pub fn moved(before: &Partition, after: &Partition) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for (ai, bloc) in after.blocs.iter().enumerate() {
        let mut overlap: BTreeMap<usize, usize> = BTreeMap::new();
        for m in &bloc.members {
            if let Some(b) = before.bloc_of(m) {
                *overlap.entry(b).or_default() += 1;
            }
        }
        let matched = overlap
            .iter()
            .max_by_key(|(b, n)| (**n, std::cmp::Reverse(**b)))
            .map(|(b, _)| *b);
        for m in &bloc.members {
            if let (Some(old), Some(matched)) = (before.bloc_of(m), matched)
                && old != matched
            {
                out.push((m.clone(), old, ai));
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tie(a: &str, b: &str, coop: u64, conflict: u64) -> Tie {
        Tie {
            a: a.into(),
            b: b.into(),
            cooperation: coop,
            conflict,
        }
    }

    #[test]
    fn two_cliques_joined_weakly_are_two_blocs() {
        let mut ties = Vec::new();
        for (x, y) in [
            ("A", "B"),
            ("A", "C"),
            ("B", "C"),
            ("D", "E"),
            ("D", "F"),
            ("E", "F"),
        ] {
            ties.push(tie(x, y, 10, 1));
        }
        ties.push(tie("C", "D", 1, 0));
        let p = blocs(&undirected(&ties));
        assert_eq!(p.blocs.len(), 2);
        assert_eq!(p.bloc_of("A"), p.bloc_of("C"));
        assert_ne!(p.bloc_of("A"), p.bloc_of("D"));
        assert!(p.modularity > 0.4, "{}", p.modularity);
        assert_eq!(p.blocs[0].strongest_ties[0].2, 9.0);
    }

    #[test]
    fn conflict_does_not_bind() {
        let ties = undirected(&[
            tie("A", "B", 1, 9),
            tie("B", "A", 0, 3),
            tie("C", "D", 4, 0),
        ]);
        assert_eq!(ties.len(), 1, "net conflict gives no tie");
        assert_eq!(ties[0].weight(), 4.0);
    }

    #[test]
    fn moved_countries_are_found() {
        let mut first = Vec::new();
        let mut second = Vec::new();
        for (x, y) in [
            ("A", "B"),
            ("A", "C"),
            ("B", "C"),
            ("D", "E"),
            ("D", "F"),
            ("E", "F"),
        ] {
            first.push(tie(x, y, 10, 0));
        }
        // In the second window C turns toward D, E, F.
        for (x, y) in [
            ("A", "B"),
            ("D", "E"),
            ("D", "F"),
            ("E", "F"),
            ("C", "D"),
            ("C", "E"),
            ("C", "F"),
        ] {
            second.push(tie(x, y, 10, 0));
        }
        second.push(tie("A", "C", 1, 0));
        let (p1, p2) = (blocs(&undirected(&first)), blocs(&undirected(&second)));
        let moved = moved(&p1, &p2);
        assert_eq!(
            moved.iter().map(|m| m.0.as_str()).collect::<Vec<_>>(),
            vec!["C"]
        );
    }
}
