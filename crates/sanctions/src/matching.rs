//! Entity matching: a whole record (a FollowTheMoney entity, or a row of names, dates,
//! countries and identifiers) against another, with a graded score, each feature's
//! contribution shown.
//!
//! A name alone never proves identity: the best name score over both records' names
//! ([`crate::names::compare`]) is scaled by 0.97, so identical names leave some doubt.
//! Supporting evidence takes away a share of the doubt that remains; counter-evidence
//! subtracts:
//!
//! | feature | when | effect |
//! |---|---|---|
//! | `name` | always | 0.97 × the best name score (the doubt is what is left to 1) |
//! | `weak_alias` | the best name is a weak alias | −0.05 |
//! | `identifier` | an identifier of one equals one of the other | 90% of the doubt removed |
//! | `birth_date` | both give one: the same day / the same year | 60% / 30% of the doubt removed |
//! | `country` | both give countries (nationality, citizenship, jurisdiction, flag) and share one | 20% of the doubt removed |
//! | `schema` | the schemata cannot be one thing (a person and a company or a vessel) | the score, taken back |
//! | `identifier` | both give a stable registry number of one kind (IMO, INN, OGRN, LEI, Wikidata, registration, tax), and none agrees | −0.30 |
//! | `identifier` | both give passport or ID numbers, and none agrees | −0.10 |
//! | `birth_date` | no year in common: two or more years apart / one year | −0.30 / −0.15 |
//! | `country` | no country in common: an organisation, vessel or airplane (another jurisdiction is another legal entity) / a person | −0.20 / −0.05 |
//! | `gender` | both give one and they differ | −0.20 |
//!
//! The score is clamped to 0..1 and is 1.0 only when rounding makes it so, so that
//! candidates stay ranked. Equal identifiers are strong evidence and conflicting registry
//! numbers strong counter-evidence; dates, countries and gender refine.

use std::borrow::Cow;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::SanctionsError;
use crate::entity::{Entity, Kind, Record};
use crate::eval::{Evaluation, Pair, Part, evaluate};
use crate::index::{Feature, round3, total_score};
use crate::names::{NameForm, analyse, compare};

/// How much of the identity a name alone establishes.
pub const NAME_SCALE: f64 = 0.97;

/// Identifier kinds that name one registration for good: two different values of one
/// kind are two different things.
const STABLE_IDS: &[&str] = &[
    "imoNumber",
    "mmsi",
    "innCode",
    "ogrnCode",
    "leiCode",
    "wikidataId",
    "registrationNumber",
    "taxNumber",
    "swiftBic",
    "icaoCode",
];
/// Identifier kinds a person holds several of over time.
const DOCUMENT_IDS: &[&str] = &["passportNumber", "idNumber"];

/// Whether two FtM schemata can be the same thing.
pub fn compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (ka, kb) = (Kind::of(a), Kind::of(b));
    // LegalEntity is FtM's parent of Person, Company and Organization.
    if a == "LegalEntity" || b == "LegalEntity" {
        return ka != Kind::Vessel
            && kb != Kind::Vessel
            && ka != Kind::Airplane
            && kb != Kind::Airplane;
    }
    ka == kb && ka != Kind::Other
}

/// What comparing two records found: the score, the names that compared best, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Scored {
    pub score: f64,
    pub query_name: String,
    pub matched_name: String,
    pub token_pairs: Vec<(String, String, f64, &'static str)>,
    pub features: Vec<Feature>,
}

/// A record's names analysed for matching, as the kind its schema is: analysed here, or
/// borrowed from the screening index, which analysed every listed name once.
pub struct Prepared<'a> {
    names: Vec<(Cow<'a, NameForm>, bool)>,
}

impl<'a> Prepared<'a> {
    /// Names already analysed (strong ones first, then weak ones, as `of` gives them).
    pub(crate) fn analysed(names: impl IntoIterator<Item = (&'a NameForm, bool)>) -> Prepared<'a> {
        Prepared {
            names: names
                .into_iter()
                .map(|(f, weak)| (Cow::Borrowed(f), weak))
                .collect(),
        }
    }

    pub fn of(e: &Entity) -> Prepared<'static> {
        let kind = match Kind::of(&e.schema) {
            Kind::Other => Kind::Company,
            k => k,
        };
        let strong = e.names.iter().map(|n| (n, false));
        let weak = e.weak_names.iter().map(|n| (n, true));
        Prepared {
            names: strong
                .chain(weak)
                .map(|(n, weak)| (analyse(n, kind), weak))
                .filter(|(f, _)| !f.tokens.is_empty())
                .map(|(f, weak)| (Cow::Owned(f), weak))
                .collect(),
        }
    }
}

/// Scores record `q` against record `c` (see the module documentation).
pub fn score(q: &Entity, qp: &Prepared, c: &Entity, cp: &Prepared) -> Scored {
    let mut best: Option<(f64, usize, usize, crate::names::NameScore)> = None;
    for (i, (qf, qweak)) in qp.names.iter().enumerate() {
        for (j, (cf, cweak)) in cp.names.iter().enumerate() {
            let ns = compare(qf, cf);
            let s = ns.score - if *qweak || *cweak { 0.05 } else { 0.0 };
            if best.as_ref().is_none_or(|b| s > b.0) {
                best = Some((s, i, j, ns));
            }
        }
    }
    let mut features = Vec::new();
    let (query_name, matched_name, token_pairs) = match best {
        Some((_, i, j, ns)) => {
            let (qf, qweak) = &qp.names[i];
            let (cf, cweak) = &cp.names[j];
            features.push(Feature {
                feature: "name",
                detail: format!(
                    "{:?} ~ {:?} ({:.3} x {NAME_SCALE})",
                    qf.tokens.join(" "),
                    cf.tokens.join(" "),
                    ns.score
                ),
                contribution: round3(NAME_SCALE * ns.score),
            });
            if *qweak || *cweak {
                features.push(Feature {
                    feature: "weak_alias",
                    detail: "the best name is a weak alias".into(),
                    contribution: -0.05,
                });
            }
            (
                qf.original.clone(),
                cf.original.clone(),
                ns.pairs
                    .into_iter()
                    .map(|(a, b, s, how)| (a.into_owned(), b.into_owned(), round3(s), how))
                    .collect(),
            )
        }
        None => {
            features.push(Feature {
                feature: "name",
                detail: "no name to compare".into(),
                contribution: 0.0,
            });
            (String::new(), String::new(), Vec::new())
        }
    };
    if !compatible(&q.schema, &c.schema) {
        let taken = features.iter().map(|f| f.contribution).sum::<f64>();
        features.push(Feature {
            feature: "schema",
            detail: format!("a {} cannot be a {}", q.schema, c.schema),
            contribution: -round3(taken),
        });
    }
    let so_far: f64 = features.iter().map(|f| f.contribution).sum();
    features.extend(evidence(q, c, so_far));
    let score = total_score(&features);
    Scored {
        score,
        query_name,
        matched_name,
        token_pairs,
        features,
    }
}

/// Identifiers, birth dates, countries and gender, as features, given the score so far.
fn evidence(q: &Entity, c: &Entity, so_far: f64) -> Vec<Feature> {
    let mut f = Vec::new();
    // Supporting evidence removes a share of the doubt that remains.
    let mut doubt = (1.0 - so_far).clamp(0.0, 1.0);
    let mut support = |share: f64| {
        let gain = doubt * share;
        doubt -= gain;
        round3(gain)
    };
    let organisation = Kind::of(&q.schema) != Kind::Person || Kind::of(&c.schema) != Kind::Person;
    let usable = |e: &Entity| {
        e.identifiers
            .iter()
            .filter(|i| i.key().len() >= 4)
            .cloned()
            .collect::<Vec<_>>()
    };
    let (qi, ci) = (usable(q), usable(c));
    if let Some(hit) = qi.iter().find(|a| ci.iter().any(|b| b.key() == a.key())) {
        f.push(Feature {
            feature: "identifier",
            detail: format!("{} {} on both", hit.kind, hit.value),
            contribution: support(0.9),
        });
    } else {
        let clash = |kinds: &[&str]| {
            qi.iter()
                .find(|a| kinds.contains(&a.kind.as_str()) && ci.iter().any(|b| b.kind == a.kind))
                .map(|a| a.kind.clone())
        };
        if let Some(kind) = clash(STABLE_IDS) {
            f.push(Feature {
                feature: "identifier",
                detail: format!("both give a {kind}, and they differ"),
                contribution: -0.3,
            });
        } else if let Some(kind) = clash(DOCUMENT_IDS) {
            f.push(Feature {
                feature: "identifier",
                detail: format!("both give a {kind}, and none agrees"),
                contribution: -0.1,
            });
        }
    }
    if !q.birth_dates.is_empty() && !c.birth_dates.is_empty() {
        let day = |d: &str| d.get(..10).filter(|x| x.len() == 10).map(str::to_string);
        let year = |d: &str| d.get(..4).map(str::to_string);
        let same_day = q
            .birth_dates
            .iter()
            .filter_map(|d| day(d))
            .find(|d| c.birth_dates.iter().any(|x| day(x).as_deref() == Some(d)));
        let same_year = q
            .birth_dates
            .iter()
            .filter_map(|d| year(d))
            .find(|y| c.birth_dates.iter().any(|x| year(x).as_deref() == Some(y)));
        let years = |e: &Entity| {
            e.birth_dates
                .iter()
                .filter_map(|d| d.get(..4)?.parse::<i32>().ok())
                .collect::<Vec<_>>()
        };
        let apart = years(q)
            .iter()
            .flat_map(|a| years(c).into_iter().map(move |b| (a - b).abs()))
            .min();
        match (same_day, same_year) {
            (Some(d), _) => f.push(Feature {
                feature: "birth_date",
                detail: format!("born {d} on both"),
                contribution: support(0.6),
            }),
            (None, Some(y)) => f.push(Feature {
                feature: "birth_date",
                detail: format!("born in {y} on both"),
                contribution: support(0.3),
            }),
            (None, None) => f.push(Feature {
                feature: "birth_date",
                detail: format!(
                    "born {} against {}",
                    q.birth_dates.join(", "),
                    c.birth_dates.join(", ")
                ),
                contribution: if apart.is_some_and(|y| y <= 1) {
                    -0.15
                } else {
                    -0.3
                },
            }),
        }
    }
    if !q.countries.is_empty() && !c.countries.is_empty() {
        match q
            .countries
            .iter()
            .find(|x| c.countries.iter().any(|y| y.eq_ignore_ascii_case(x)))
        {
            Some(x) => f.push(Feature {
                feature: "country",
                detail: format!("{x} on both"),
                contribution: support(0.2),
            }),
            None => f.push(Feature {
                feature: "country",
                detail: format!(
                    "{} against {}",
                    q.countries.join(", "),
                    c.countries.join(", ")
                ),
                contribution: if organisation { -0.2 } else { -0.05 },
            }),
        }
    }
    let binary = |g: &[String]| {
        g.iter()
            .filter(|x| x.as_str() == "male" || x.as_str() == "female")
            .cloned()
            .collect::<Vec<_>>()
    };
    let (qg, cg) = (binary(&q.gender), binary(&c.gender));
    if !qg.is_empty() && !cg.is_empty() && !qg.iter().any(|g| cg.contains(g)) {
        f.push(Feature {
            feature: "gender",
            detail: format!("{} against {}", qg.join(", "), cg.join(", ")),
            contribution: -0.2,
        });
    }
    f
}

/// An FtM entity given as a JSON object (an entity, or a delta's entity), as vigil's
/// entity model.
pub fn entity_of(v: &Value) -> Result<Entity, String> {
    let records = crate::ftm::parse_line(&v.to_string(), "")
        .map_err(|(field, reason)| format!("{field}: {reason}"))?;
    records
        .into_iter()
        .find_map(|r| match r {
            Record::Entity(e) => Some(*e),
            _ => None,
        })
        .ok_or_else(|| "not an entity (a link or a sanction)".to_string())
}

/// Records to match given as FtM entities, JSON lines or a JSON array: each with the line
/// it starts on. Records that are not people, companies,
/// organisations, vessels or airplanes (addresses, links, sanctions) are left out and
/// counted in the second value. A line that is not JSON, or not an entity, is an error
/// naming the file and line.
pub fn read_ftm_records(path: &Path) -> Result<(Vec<(u64, Entity)>, usize), SanctionsError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| SanctionsError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let err = |line: u64, message: String| SanctionsError::Read {
        file: file.clone(),
        line,
        message,
    };
    let values = vigil_model::json_records::records(&text)
        .map_err(|(line, message)| err(line as u64, message))?;
    let mut out = Vec::new();
    let mut skipped = 0;
    for (line, v) in values {
        let line = line as u64;
        let e = entity_of(&v).map_err(|m| err(line, m))?;
        if Kind::of(&e.schema) == Kind::Other && e.schema != "LegalEntity" {
            skipped += 1;
            continue;
        }
        out.push((line, e));
    }
    Ok((out, skipped))
}

/// One judged pair of OpenSanctions' pairs format.
#[derive(Debug, Clone, Serialize)]
pub struct JudgedPair {
    pub line: u64,
    pub left: String,
    pub right: String,
    pub is_match: bool,
    pub score: f64,
    pub part: Part,
    pub features: Vec<Feature>,
}

/// A pair read but not scored, and why.
#[derive(Debug, Clone, Serialize)]
pub struct SetAside {
    pub line: u64,
    pub reason: String,
}

/// Everything `vigil match eval` reports.
#[derive(Debug, Clone, Serialize)]
pub struct MatchReport {
    pub file: String,
    pub all: Evaluation,
    pub tune: Evaluation,
    pub held_out: Evaluation,
    /// Pairs not scored: judgements other than positive or negative, or schemata that
    /// are not screened (Occupancy, Position, Family, ...), counted by reason.
    pub set_aside: Vec<SetAside>,
    /// Each scored pair's features, for the errors.
    pub scored: Vec<JudgedPair>,
}

/// Reads judged pairs (`{"left", "right", "judgement"}`), as a JSON array or JSON lines,
/// and scores each.
pub fn read_judged(path: &Path) -> Result<(Vec<JudgedPair>, Vec<SetAside>), SanctionsError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| SanctionsError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let items = vigil_model::json_records::records(&text).map_err(|(line, message)| {
        SanctionsError::Read {
            file: file.clone(),
            line: line as u64,
            message,
        }
    })?;
    let mut pairs = Vec::new();
    let mut set_aside = Vec::new();
    for (line, v) in items {
        let line = line as u64;
        let judgement = v.get("judgement").and_then(Value::as_str).unwrap_or("");
        let is_match = match judgement {
            "positive" => true,
            "negative" => false,
            other => {
                set_aside.push(SetAside {
                    line,
                    reason: format!("judgement {other:?}"),
                });
                continue;
            }
        };
        let side = |k: &str| -> Result<Entity, SanctionsError> {
            let x = v.get(k).ok_or_else(|| SanctionsError::Read {
                file: file.clone(),
                line,
                message: format!("{k}: missing"),
            })?;
            entity_of(x).map_err(|m| SanctionsError::Input(format!("{k}: {m}")))
        };
        let (left, right) = match (side("left"), side("right")) {
            (Ok(l), Ok(r)) => (l, r),
            (Err(SanctionsError::Input(reason)), _) | (_, Err(SanctionsError::Input(reason))) => {
                set_aside.push(SetAside { line, reason });
                continue;
            }
            (Err(e), _) | (_, Err(e)) => return Err(e),
        };
        if Kind::of(&left.schema) == Kind::Other && Kind::of(&right.schema) == Kind::Other {
            set_aside.push(SetAside {
                line,
                reason: format!(
                    "schema {} is not a person, company, organisation, vessel or airplane",
                    left.schema
                ),
            });
            continue;
        }
        let s = score(&left, &Prepared::of(&left), &right, &Prepared::of(&right));
        pairs.push(JudgedPair {
            line,
            part: Part::of(&format!("{}\u{1f}{}", left.id, right.id)),
            left: format!("{} ({})", left.caption, left.id),
            right: format!("{} ({})", right.caption, right.id),
            is_match,
            score: s.score,
            features: s.features,
        });
    }
    Ok((pairs, set_aside))
}

/// The evaluation of judged pairs: all, tune and held-out parts (split by a hash of the
/// two entity ids), with the pairs set aside.
pub fn report(path: &Path, threshold: f64) -> Result<MatchReport, SanctionsError> {
    let (scored, set_aside) = read_judged(path)?;
    let as_pairs = |part: Option<Part>| -> Vec<Pair> {
        scored
            .iter()
            .filter(|p| part.is_none_or(|x| p.part == x))
            .map(|p| Pair {
                line: p.line,
                a: p.left.clone(),
                b: p.right.clone(),
                is_match: p.is_match,
                score: p.score,
                part: p.part,
            })
            .collect()
    };
    Ok(MatchReport {
        file: path.display().to_string(),
        all: evaluate(&as_pairs(None), threshold),
        tune: evaluate(&as_pairs(Some(Part::Tune)), threshold),
        held_out: evaluate(&as_pairs(Some(Part::HeldOut)), threshold),
        set_aside,
        scored,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::Identifier;

    fn person(names: &[&str], born: &[&str], countries: &[&str]) -> Entity {
        Entity {
            id: names[0].into(),
            schema: "Person".into(),
            caption: names[0].into(),
            names: names.iter().map(|s| s.to_string()).collect(),
            birth_dates: born.iter().map(|s| s.to_string()).collect(),
            countries: countries.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    fn s(a: &Entity, b: &Entity) -> Scored {
        score(a, &Prepared::of(a), b, &Prepared::of(b))
    }

    #[test]
    fn dates_countries_gender_and_identifiers_move_the_name_score() {
        let a = person(&["Kim Jong Un"], &["1984-01-08"], &["PRK"]);
        let same = person(&["김정은"], &["1984-01-08"], &["PRK"]);
        let year = person(&["김정은"], &["1984"], &["PRK"]);
        let other = person(&["김정은"], &["1971-05-10"], &["KOR"]);
        let (x, y, z) = (s(&a, &same), s(&a, &year), s(&a, &other));
        assert!(x.score > y.score && y.score > z.score, "{x:?} {y:?} {z:?}");
        assert!(
            z.features
                .iter()
                .any(|f| f.feature == "birth_date" && f.contribution < 0.0)
        );
        // The contributions add up to the score.
        let sum: f64 = x.features.iter().map(|f| f.contribution).sum();
        assert!((sum.min(1.0) - x.score).abs() < 1e-3);

        let mut m = person(&["Maria Ivanova"], &[], &[]);
        m.gender = vec!["female".into()];
        let mut p = person(&["Mario Ivanov"], &[], &[]);
        p.gender = vec!["male".into()];
        assert!(s(&m, &p).features.iter().any(|f| f.feature == "gender"));

        let vessel = |name: &str, imo: &str| Entity {
            id: name.into(),
            schema: "Vessel".into(),
            caption: name.into(),
            names: vec![name.into()],
            identifiers: vec![Identifier {
                kind: "imoNumber".into(),
                value: imo.into(),
            }],
            ..Default::default()
        };
        let a = vessel("CHON MA SAN", "IMO 8660313");
        let renamed = vessel("SEA STAR", "8660313");
        let twin = vessel("CHON MA SAN", "9000001");
        let r = s(&a, &renamed);
        assert!(
            r.features
                .iter()
                .any(|f| f.feature == "identifier" && f.contribution > 0.0)
        );
        assert!(r.score > s(&a, &vessel("SEA STAR", "")).score);
        let t = s(&a, &twin);
        assert!(t.features.iter().any(|f| f.contribution == -0.3), "{t:?}");
        assert!(t.score < 0.8);
    }

    #[test]
    fn a_person_is_never_a_company() {
        let p = person(&["Rosneft"], &[], &[]);
        let mut c = person(&["Rosneft"], &[], &[]);
        c.schema = "Company".into();
        assert_eq!(s(&p, &c).score, 0.0);
        let mut le = c.clone();
        le.schema = "LegalEntity".into();
        assert!(s(&c, &le).score > 0.9);
        assert!(compatible("Organization", "Company"));
        assert!(!compatible("Person", "Vessel"));
    }
}
