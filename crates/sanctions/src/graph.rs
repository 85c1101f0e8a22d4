//! Links between entities as an undirected graph: the network around an entity, and the
//! shortest chains of links between two.

use std::collections::{HashMap, VecDeque};

use crate::entity::{Entity, Link};
use crate::index::Index;

/// Link indices touching each entity id.
pub struct Graph<'a> {
    pub ix: &'a Index,
    adjacent: HashMap<&'a str, Vec<usize>>,
}

/// One step of a chain: the link and whether it is walked from its `from` to its `to`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Step<'a> {
    pub link: &'a Link,
    pub forward: bool,
}

/// A link and the step at which it was reached from the entity asked about.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LinkAt<'a> {
    pub depth: usize,
    pub link: &'a Link,
}

/// An entity and the links around it: what `vigil links --format json` prints and, page
/// by page, what `/api/v1/entities/{id}/links` answers.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Neighbourhood<'a> {
    /// The entity, when a loaded list holds it (links may name entities no list holds).
    pub entity: Option<&'a Entity>,
    pub links: Vec<LinkAt<'a>>,
}

impl<'a> Graph<'a> {
    /// Whether a loaded list holds the entity or a link names it.
    pub fn knows(&self, id: &str) -> bool {
        self.ix.get(id).is_some() || self.adjacent.contains_key(id)
    }

    /// The links within `depth` steps of `id`, breadth-first.
    pub fn neighbourhood(&self, id: &str, depth: usize) -> Neighbourhood<'a> {
        Neighbourhood {
            entity: self.ix.get(id),
            links: self
                .around(id, depth)
                .into_iter()
                .map(|(link, depth)| LinkAt { depth, link })
                .collect(),
        }
    }

    pub fn new(ix: &'a Index) -> Graph<'a> {
        let mut adjacent: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, l) in ix.links.iter().enumerate() {
            adjacent.entry(l.from.as_str()).or_default().push(i);
            if l.to != l.from {
                adjacent.entry(l.to.as_str()).or_default().push(i);
            }
        }
        Graph { ix, adjacent }
    }

    fn other<'b>(&self, l: &'b Link, id: &str) -> &'b str {
        if l.from == id { &l.to } else { &l.from }
    }

    /// Links within `depth` steps of `id`, each with the step at which it was reached,
    /// in breadth-first order.
    pub fn around(&self, id: &str, depth: usize) -> Vec<(&'a Link, usize)> {
        let mut seen_entities: HashMap<&str, usize> = HashMap::from([(id, 0)]);
        let mut seen_links = vec![false; self.ix.links.len()];
        let mut out = Vec::new();
        let mut queue = VecDeque::from([(id.to_string(), 0usize)]);
        while let Some((at, d)) = queue.pop_front() {
            if d >= depth {
                continue;
            }
            for &li in self.adjacent.get(at.as_str()).into_iter().flatten() {
                if seen_links[li] {
                    continue;
                }
                seen_links[li] = true;
                let l = &self.ix.links[li];
                out.push((l, d + 1));
                let next = self.other(l, &at);
                if !seen_entities.contains_key(next) {
                    seen_entities.insert(next, d + 1);
                    queue.push_back((next.to_string(), d + 1));
                }
            }
        }
        out
    }

    /// The shortest chains of links from `a` to `b` (all of the shortest length, at most
    /// `max` of them), found breadth-first; empty when they are not connected. Parallel
    /// links of one kind between the same two entities count as one.
    pub fn paths(&self, a: &str, b: &str, max: usize) -> Vec<Vec<Step<'a>>> {
        if a == b {
            return Vec::new();
        }
        // Distance from a, and for each entity the links that reach it on a shortest path.
        let mut dist: HashMap<&str, usize> = HashMap::from([(a, 0)]);
        let mut parents: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut queue: VecDeque<&str> = VecDeque::from([a]);
        let mut found: Option<usize> = None;
        while let Some(at) = queue.pop_front() {
            let d = dist[at];
            if found.is_some_and(|f| d >= f) {
                break;
            }
            for &li in self.adjacent.get(at).into_iter().flatten() {
                let l = &self.ix.links[li];
                let next: &str = if l.from == at { &l.to } else { &l.from };
                match dist.get(next) {
                    None => {
                        dist.insert(next, d + 1);
                        parents.insert(next, vec![li]);
                        if next == b {
                            found = Some(d + 1);
                        } else {
                            queue.push_back(next);
                        }
                    }
                    Some(&nd) if nd == d + 1 => {
                        // Parallel links (several payments from one payer to one party)
                        // give one chain: keep the first of each kind between two entities.
                        let ps = parents.entry(next).or_default();
                        let parallel = ps.iter().any(|&pi| {
                            let p = &self.ix.links[pi];
                            p.schema == l.schema && (p.from == at || p.to == at)
                        });
                        if !parallel {
                            ps.push(li);
                        }
                    }
                    _ => {}
                }
            }
        }
        if found.is_none() {
            return Vec::new();
        }
        // Walk back from b.
        let mut out = Vec::new();
        let mut stack: Vec<(&str, Vec<Step<'a>>)> = vec![(b, Vec::new())];
        while let Some((at, tail)) = stack.pop() {
            if out.len() >= max {
                break;
            }
            if at == a {
                let mut chain = tail.clone();
                chain.reverse();
                out.push(chain);
                continue;
            }
            for &li in parents.get(at).into_iter().flatten() {
                let l = &self.ix.links[li];
                let prev: &str = if l.to == at { &l.from } else { &l.to };
                let mut t = tail.clone();
                t.push(Step {
                    link: l,
                    forward: l.to == at,
                });
                stack.push((prev, t));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::{Entity, Record};

    fn e(id: &str) -> Record {
        Record::Entity(Box::new(Entity {
            id: id.into(),
            schema: "Company".into(),
            caption: id.into(),
            names: vec![id.into()],
            ..Default::default()
        }))
    }

    fn l(id: &str, schema: &str, from: &str, to: &str) -> Record {
        Record::Link(Link {
            id: id.into(),
            schema: schema.into(),
            from: from.into(),
            to: to.into(),
            ..Default::default()
        })
    }

    #[test]
    fn neighbourhood_and_shortest_chains() {
        let ix = Index::build(vec![
            e("a"),
            e("b"),
            e("c"),
            e("d"),
            e("x"),
            l("1", "Ownership", "a", "b"),
            l("2", "Directorship", "c", "b"),
            l("3", "Ownership", "c", "d"),
            l("4", "Family", "a", "x"),
            l("5", "Associate", "x", "d"),
        ]);
        let g = Graph::new(&ix);
        let one: Vec<&str> = g
            .around("a", 1)
            .iter()
            .map(|(l, _)| l.id.as_str())
            .collect();
        assert_eq!(one, ["1", "4"]);
        assert_eq!(g.around("a", 2).len(), 4);
        let p = g.paths("a", "d", 10);
        assert_eq!(p.len(), 1, "a-x-d is the only chain of two");
        let ids: Vec<&str> = p[0].iter().map(|s| s.link.id.as_str()).collect();
        assert_eq!(ids, ["4", "5"]);
        assert!(p[0][0].forward && p[0][1].forward);
        let p = g.paths("b", "d", 10);
        assert_eq!(p[0].len(), 2);
        assert!(!p[0][0].forward, "c directs b: walked against the link");
        assert!(g.paths("a", "nobody", 10).is_empty());
    }
}
