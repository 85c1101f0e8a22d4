//! The watchlist: countries and pairs of interest, the definition of every monitor, and
//! where alerts go. Read from TOML; the commented default is [`DEFAULT_TOML`], and
//! [`Config::default`] is exactly that file parsed, so the two never disagree.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};
use vigil_analytics::dyad::Freq;

use crate::MonitorError;

/// The commented watchlist `vigil watch --init` writes.
pub const DEFAULT_TOML: &str = include_str!("default.toml");

/// A whole watchlist file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// What is watched.
    pub watch: Watch,
    /// The five monitors.
    pub monitors: Monitors,
    /// Rules that alert on any event matching them, once per evidence cluster.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tripwires: Vec<Tripwire>,
    /// Notification targets.
    #[serde(default)]
    pub notify: Notify,
}

/// Countries, pairs and the counting period.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Watch {
    /// Countries of interest, ISO alpha-3.
    pub countries: Vec<String>,
    /// Pairs of interest as "AAA-BBB"; empty: all pairs among `countries`.
    #[serde(default)]
    pub dyads: Vec<String>,
    /// Counting period.
    pub period: PeriodKind,
    /// Evidence events per alert.
    pub evidence: usize,
    /// Only events of these sources (gdelt1, gdelt2, icews, acled, polecat, text,
    /// curated) count and serve as evidence; empty: all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

impl Watch {
    /// ` AND source IN (...)` for the chosen sources, or nothing for all.
    pub fn sources_sql(&self) -> String {
        vigil_store::query::sources_sql(&self.source_list())
    }

    /// The chosen sources (all when empty).
    pub fn source_list(&self) -> Vec<vigil_model::Source> {
        self.sources
            .iter()
            .filter_map(|s| vigil_model::Source::from_name(s))
            .collect()
    }
}

/// Length of a counting period.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    /// One day.
    Day,
    /// An ISO week.
    Week,
    /// A calendar month.
    Month,
}

impl PeriodKind {
    /// The analytics period of the same length.
    pub fn freq(self) -> Freq {
        match self {
            PeriodKind::Day => Freq::Day,
            PeriodKind::Week => Freq::Week,
            PeriodKind::Month => Freq::Month,
        }
    }
}

/// The five standing monitors.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Monitors {
    /// Military escalation by a watched country.
    pub escalation: EventMonitor,
    /// Sanctions and their evasion.
    pub sanctions: EventMonitor,
    /// Military collaboration between watched countries and reactions to it.
    pub collaboration: EventMonitor,
    /// Nuclear, missile and satellite signals.
    pub proliferation: EventMonitor,
    /// Alignment shifts: change points and bloc moves.
    pub alliances: AlliancesMonitor,
}

/// Who an event monitor's counts are about.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    /// Each watched country alone.
    Country,
    /// Each pair of interest, both directions.
    Dyad,
}

/// Which side of an event the subject country must be on.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Actor 1.
    Source,
    /// Actor 2.
    Target,
    /// Either actor.
    Either,
}

/// How observed counts are compared with the baseline.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Normalise {
    /// As a share of all events involving the subject.
    Volume,
    /// As raw counts.
    None,
}

/// An event-rate monitor: which events count, about whom, and when their number alerts.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EventMonitor {
    /// Whether the monitor runs.
    pub enabled: bool,
    /// What the counted events are, in a few words (used in alert summaries).
    pub description: String,
    /// CAMEO event code prefixes.
    pub codes: Vec<String>,
    /// Words or phrases looked for in evidence sentences and URLs.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Roles actor 1 must have (empty: any).
    #[serde(default)]
    pub actor1_roles: Vec<String>,
    /// Roles actor 2 must have (empty: any).
    #[serde(default)]
    pub actor2_roles: Vec<String>,
    /// Country or dyad.
    pub subject: Subject,
    /// Side of the subject country.
    pub direction: Side,
    /// Comparison with the baseline.
    pub normalise: Normalise,
    /// Counting period, if not the watchlist's.
    #[serde(default)]
    pub period: Option<PeriodKind>,
    /// Periods before the current one that form the baseline.
    pub baseline_periods: usize,
    /// Fewest earlier periods needed to alert at all.
    pub min_baseline_periods: usize,
    /// Fewest counted events in a period to alert.
    pub min_events: u64,
    /// Score from which an alert is raised (severity low).
    pub threshold: f64,
    /// Score from which severity is medium.
    pub medium: f64,
    /// Score from which severity is high.
    pub high: f64,
    /// Collaboration: countries whose events toward the pair are its reactions.
    #[serde(default)]
    pub reactors: Vec<String>,
    /// Also count events whose actor names a listed entity of the loaded sanctions lists
    /// (`vigil sanctions load`); nothing changes while none are loaded.
    #[serde(default)]
    pub listed_actors: bool,
    /// Filled at evaluation: upper-cased actor names of the store that match a listed
    /// entity, with the entity ("caption (id)").
    #[serde(skip)]
    pub listed_names: std::collections::BTreeMap<String, String>,
}

/// The alliances monitor: change points in dyad indices and bloc moves.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AlliancesMonitor {
    /// Whether the monitor runs.
    pub enabled: bool,
    /// What it watches, in a few words.
    pub description: String,
    /// Period of the index series.
    #[serde(default)]
    pub period: Option<PeriodKind>,
    /// Fewest noise standard deviations of a change to alert.
    pub threshold: f64,
    /// Strength from which severity is medium.
    pub medium: f64,
    /// Strength from which severity is high.
    pub high: f64,
    /// Fewest dyad events in the period of the change.
    pub min_events: u64,
    /// Window length, in periods, of the bloc comparison (0: off).
    pub bloc_periods: usize,
    /// Fewest events for a tie to enter a window's network.
    pub min_tie_events: u64,
    /// Periods, counted back from the latest, in which changes and bloc moves are sought.
    #[serde(default = "default_history")]
    pub history: usize,
}

fn default_history() -> usize {
    120
}

/// A tripwire: a rule that raises an alert for every real-world event (evidence cluster)
/// it matches, whatever the baseline. An event matches when it involves a watched country
/// and meets **every** condition given: a CAMEO code under one of `codes`, a PLOVER type
/// among `plover`, a keyword in its sentence or URL, actor 1's and actor 2's countries and
/// roles, an actor that is a listed entity.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Tripwire {
    /// Short name: letters, digits, `-` and `_` (part of its alerts' ids).
    pub name: String,
    /// Whether the rule runs.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// What it catches, in a few words (used in alert summaries).
    pub description: String,
    /// The standing questions it answers (escalation, sanctions, collaboration,
    /// proliferation, alliances): its alerts belong to the first and are listed under
    /// the others too.
    pub questions: Vec<String>,
    /// Severity of its alerts.
    pub severity: crate::alert::Severity,
    /// CAMEO event code prefixes (any).
    #[serde(default)]
    pub codes: Vec<String>,
    /// PLOVER event types (any).
    #[serde(default)]
    pub plover: Vec<String>,
    /// Words or phrases in the sentence or URL (any), matched as the monitors match them.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Actor 1's country (any of these; "watched" stands for the watched countries;
    /// empty: any).
    #[serde(default)]
    pub actor1_countries: Vec<String>,
    /// Actor 2's country, likewise (empty: any, or none).
    #[serde(default)]
    pub actor2_countries: Vec<String>,
    /// Roles actor 1 must have (empty: any).
    #[serde(default)]
    pub actor1_roles: Vec<String>,
    /// Roles actor 2 must have (empty: any).
    #[serde(default)]
    pub actor2_roles: Vec<String>,
    /// Only events whose actor, or whose sentence, names a listed entity of the loaded
    /// sanctions lists (matched as `vigil events --sanctioned` matches).
    #[serde(default)]
    pub listed: bool,
    /// Filled at evaluation, as for the monitors: listed actor names with their entity.
    #[serde(skip)]
    pub listed_names: std::collections::BTreeMap<String, String>,
    /// Filled at evaluation: events whose sentence names a listed entity (a vessel or
    /// company named in the text, not as an actor), by event id, with the entity.
    #[serde(skip)]
    pub listed_events: std::collections::BTreeMap<String, String>,
}

fn yes() -> bool {
    true
}

/// Notification targets besides the terminal.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Notify {
    /// JSON-lines file new alerts are appended to (relative: inside the data directory).
    #[serde(default)]
    pub jsonl: Option<String>,
    /// Webhooks new alerts are POSTed to.
    #[serde(default)]
    pub webhooks: Vec<Webhook>,
}

/// One webhook.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    /// Name used in logs and in the alert log's delivery records (default: the URL).
    #[serde(default)]
    pub name: Option<String>,
    /// Where alerts are POSTed.
    pub url: String,
    /// HMAC-SHA256 key for the signature header.
    #[serde(default)]
    pub secret: Option<String>,
    /// Environment variable holding the key (preferred over `secret`).
    #[serde(default)]
    pub secret_env: Option<String>,
    /// Send without a signature. A webhook with neither `secret` nor `secret_env` is
    /// refused unless this says so.
    #[serde(default)]
    pub unsigned: bool,
    /// Timeout of one request, seconds.
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
    /// Tries per delivery round before the alert is kept for the next round.
    #[serde(default = "default_attempts")]
    pub attempts: u32,
    /// First wait between tries, milliseconds (doubled each retry).
    #[serde(default = "default_backoff")]
    pub backoff_ms: u64,
}

fn default_timeout() -> u64 {
    10
}
fn default_attempts() -> u32 {
    3
}
fn default_backoff() -> u64 {
    500
}

impl Webhook {
    /// The name deliveries are recorded under.
    pub fn target(&self) -> String {
        format!("webhook:{}", self.name.as_deref().unwrap_or(&self.url))
    }
}

impl Notify {
    /// Every target name new alerts are queued for.
    pub fn targets(&self) -> Vec<String> {
        let mut t: Vec<String> = self.jsonl.iter().map(|p| format!("jsonl:{p}")).collect();
        t.extend(self.webhooks.iter().map(Webhook::target));
        t
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::parse(DEFAULT_TOML, "default watchlist").expect("the shipped watchlist is valid")
    }
}

impl Config {
    /// The watchlist in force for a data directory and where it came from: `given` when
    /// there is one, else `DATA_DIR/watchlist.toml` when it exists, else the built-in one.
    pub fn in_force(
        data_dir: &Path,
        given: Option<&Path>,
    ) -> Result<(Config, String), MonitorError> {
        if let Some(p) = given {
            return Ok((Config::load(p)?, p.display().to_string()));
        }
        let p = vigil_datadir::DataDir::new(data_dir).watchlist();
        if p.exists() {
            return Ok((Config::load(&p)?, p.display().to_string()));
        }
        Ok((Config::default(), "the built-in default watchlist".into()))
    }

    /// The watchlist as TOML (without the default file's comments), as `parse` reads it.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a watchlist serialises")
    }

    /// Reads and validates a watchlist file.
    pub fn load(path: &Path) -> Result<Config, MonitorError> {
        let text = std::fs::read_to_string(path).map_err(|source| MonitorError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, &path.display().to_string())
    }

    /// Parses and validates watchlist text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Config, MonitorError> {
        let cfg: Config = toml::from_str(text).map_err(|e| MonitorError::Config {
            origin: origin.to_string(),
            message: e.to_string(),
        })?;
        cfg.validate().map_err(|message| MonitorError::Config {
            origin: origin.to_string(),
            message,
        })?;
        Ok(cfg)
    }

    fn validate(&self) -> Result<(), String> {
        if self.watch.countries.is_empty() {
            return Err("watch.countries: list at least one country".into());
        }
        for c in &self.watch.countries {
            check_country(c, "watch.countries")?;
        }
        for d in &self.watch.dyads {
            let Some((a, b)) = d.split_once('-') else {
                return Err(format!("watch.dyads: {d:?} is not a pair like \"PRK-RUS\""));
            };
            check_country(a, "watch.dyads")?;
            check_country(b, "watch.dyads")?;
            if a == b {
                return Err(format!("watch.dyads: {d:?} pairs a country with itself"));
            }
        }
        for src in &self.watch.sources {
            if vigil_model::Source::from_name(src).is_none() {
                let names: Vec<&str> = vigil_model::Source::ALL.iter().map(|s| s.name()).collect();
                return Err(format!(
                    "watch.sources: {src:?} is not a source ({})",
                    names.join(", ")
                ));
            }
        }
        if self.watch.evidence == 0 {
            return Err("watch.evidence: keep at least one evidence event per alert".into());
        }
        for (name, m) in self.event_monitors() {
            let key = |k: &str| format!("monitors.{name}.{k}");
            if m.codes.is_empty() && m.keywords.is_empty() {
                return Err(format!(
                    "monitors.{name}: give `codes` or `keywords`, or the monitor counts nothing"
                ));
            }
            for c in &m.codes {
                if vigil_model::cameo::event(c).is_none() {
                    return Err(format!(
                        "{}: {c:?} is not a CAMEO event code or prefix (e.g. \"19\", \"0312\")",
                        key("codes")
                    ));
                }
            }
            for k in &m.keywords {
                keyword_words(k).map_err(|e| format!("{}: {e}", key("keywords")))?;
            }
            for (field, roles) in [
                ("actor1_roles", &m.actor1_roles),
                ("actor2_roles", &m.actor2_roles),
            ] {
                for r in roles {
                    if vigil_model::cameo::role_name(r).is_none() {
                        return Err(format!(
                            "{}: {r:?} is not a CAMEO role code (GOV, MIL, REB, BUS, ...)",
                            key(field)
                        ));
                    }
                }
            }
            for r in &m.reactors {
                check_country(r, &key("reactors"))?;
            }
            if m.subject == Subject::Dyad && m.direction != Side::Either {
                return Err(format!(
                    "{}: a dyad monitor counts both directions; use \"either\"",
                    key("direction")
                ));
            }
            check_thresholds(&key(""), m.threshold, m.medium, m.high)?;
            if m.baseline_periods == 0 {
                return Err(format!("{}: must be at least 1", key("baseline_periods")));
            }
            if m.min_baseline_periods > m.baseline_periods {
                return Err(format!(
                    "{}: cannot exceed baseline_periods ({})",
                    key("min_baseline_periods"),
                    m.baseline_periods
                ));
            }
        }
        let mut names = BTreeSet::new();
        for (i, t) in self.tripwires.iter().enumerate() {
            check_tripwire(t).map_err(|e| format!("tripwires[{i}] ({:?}).{e}", t.name))?;
            if !names.insert(t.name.to_ascii_lowercase()) {
                return Err(format!("tripwires[{i}].name: {:?} is used twice", t.name));
            }
        }
        let a = &self.monitors.alliances;
        check_thresholds("monitors.alliances.", a.threshold, a.medium, a.high)?;
        if a.history < 3 {
            return Err(format!(
                "monitors.alliances.history: {} periods are too few to find a change in (3 or more)",
                a.history
            ));
        }
        for w in &self.notify.webhooks {
            if !(w.url.starts_with("http://") || w.url.starts_with("https://")) {
                return Err(format!(
                    "notify.webhooks: {:?} is not an http(s) URL",
                    w.url
                ));
            }
            if w.attempts == 0 {
                return Err("notify.webhooks.attempts: must be at least 1".into());
            }
            if w.secret.is_none() && w.secret_env.is_none() && !w.unsigned {
                return Err(format!(
                    "notify.webhooks: {:?} has no secret: set secret_env (or secret) so \
                     receivers can verify alerts, or unsigned = true to send them unsigned",
                    w.url
                ));
            }
        }
        let targets = self.notify.targets();
        if targets.iter().collect::<BTreeSet<_>>().len() != targets.len() {
            return Err("notify.webhooks: two webhooks share a name (or URL)".into());
        }
        Ok(())
    }

    /// The four event-rate monitors by name.
    pub fn event_monitors(&self) -> [(&'static str, &EventMonitor); 4] {
        let m = &self.monitors;
        [
            ("escalation", &m.escalation),
            ("sanctions", &m.sanctions),
            ("collaboration", &m.collaboration),
            ("proliferation", &m.proliferation),
        ]
    }

    /// The watched countries, upper case, in the file's order without repeats.
    pub fn countries(&self) -> Vec<String> {
        let mut seen = BTreeSet::new();
        self.watch
            .countries
            .iter()
            .map(|c| c.to_ascii_uppercase())
            .filter(|c| seen.insert(c.clone()))
            .collect()
    }

    /// The pairs of interest, each ordered alphabetically, without repeats.
    pub fn dyads(&self) -> Vec<(String, String)> {
        let mut out = BTreeSet::new();
        if self.watch.dyads.is_empty() {
            let c = self.countries();
            for (i, a) in c.iter().enumerate() {
                for b in &c[i + 1..] {
                    out.insert(ordered(a, b));
                }
            }
        } else {
            for d in &self.watch.dyads {
                if let Some((a, b)) = d.split_once('-') {
                    out.insert(ordered(&a.to_ascii_uppercase(), &b.to_ascii_uppercase()));
                }
            }
        }
        out.into_iter().collect()
    }
}

fn ordered(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// The standing questions, as monitors and episodes name them.
pub const QUESTIONS: [&str; 5] = [
    "escalation",
    "sanctions",
    "collaboration",
    "proliferation",
    "alliances",
];

/// A tripwire's mistakes, as "key: message".
fn check_tripwire(t: &Tripwire) -> Result<(), String> {
    if t.name.is_empty()
        || !t
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err("name: use letters, digits, - and _ only".into());
    }
    if t.questions.is_empty() {
        return Err(format!(
            "questions: name at least one of {}",
            QUESTIONS.join(", ")
        ));
    }
    for q in &t.questions {
        if !QUESTIONS.contains(&q.as_str()) {
            return Err(format!(
                "questions: {q:?} is not one of {}",
                QUESTIONS.join(", ")
            ));
        }
    }
    if t.codes.is_empty() && t.plover.is_empty() && t.keywords.is_empty() && !t.listed {
        return Err(
            "codes: give codes, plover, keywords or listed = true, or the rule matches every event"
                .into(),
        );
    }
    for c in &t.codes {
        if vigil_model::cameo::event(c).is_none() {
            return Err(format!("codes: {c:?} is not a CAMEO event code or prefix"));
        }
    }
    for p in &t.plover {
        if vigil_model::plover::PloverType::from_name(p).is_none() {
            return Err(format!(
                "plover: {p:?} is not a PLOVER event type (ASSAULT, MOBILIZE, ...)"
            ));
        }
    }
    for k in &t.keywords {
        keyword_words(k).map_err(|e| format!("keywords: {e}"))?;
    }
    for (field, list) in [
        ("actor1_countries", &t.actor1_countries),
        ("actor2_countries", &t.actor2_countries),
    ] {
        for c in list {
            if !c.eq_ignore_ascii_case("watched") {
                check_country(c, field)?;
            }
        }
    }
    for (field, roles) in [
        ("actor1_roles", &t.actor1_roles),
        ("actor2_roles", &t.actor2_roles),
    ] {
        for r in roles {
            if vigil_model::cameo::role_name(r).is_none() {
                return Err(format!(
                    "{field}: {r:?} is not a CAMEO role code (GOV, MIL, ...)"
                ));
            }
        }
    }
    Ok(())
}

fn check_country(c: &str, key: &str) -> Result<(), String> {
    c.parse::<vigil_model::Iso3>()
        .map(|_| ())
        .map_err(|e| format!("{key}: {e}"))
}

fn check_thresholds(prefix: &str, t: f64, m: f64, h: f64) -> Result<(), String> {
    if !(t.is_finite() && t > 0.0) {
        return Err(format!("{prefix}threshold: must be a positive number"));
    }
    if !(m >= t && h >= m) {
        return Err(format!(
            "{prefix}medium and high: need threshold <= medium <= high (have {t}, {m}, {h})"
        ));
    }
    Ok(())
}

/// A keyword as lower-case words (letters and digits); `-`, `_` and spaces separate words.
/// Anything else is refused, so a keyword can be written into a query safely.
pub fn keyword_words(k: &str) -> Result<Vec<String>, String> {
    let words: Vec<String> = k
        .split([' ', '-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    if words.is_empty() {
        return Err(format!("{k:?} is empty"));
    }
    for w in &words {
        if !w.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!(
                "{k:?}: use letters, digits, spaces and hyphens only"
            ));
        }
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_watchlist_parses_and_watches_all_pairs() {
        let c = Config::default();
        assert_eq!(
            c.countries(),
            ["PRK", "RUS", "CHN", "KOR", "JPN", "USA", "UKR"]
        );
        assert_eq!(c.dyads().len(), 21);
        assert!(c.dyads().contains(&("PRK".into(), "RUS".into())));
        assert_eq!(c.watch.period, PeriodKind::Week);
        assert!(c.notify.targets().is_empty());
    }

    #[test]
    fn mistakes_are_named_with_their_key() {
        let bad = DEFAULT_TOML.replace(r#"codes = ["13", "15""#, r#"codes = ["99", "15""#);
        let e = Config::parse(&bad, "w.toml").unwrap_err().to_string();
        assert!(
            e.contains("w.toml") && e.contains("monitors.escalation.codes"),
            "{e}"
        );
        let bad = DEFAULT_TOML.replace("\"UKR\"]", "\"XXX\"]");
        let e = Config::parse(&bad, "w.toml").unwrap_err().to_string();
        assert!(e.contains("watch.countries") && e.contains("XXX"), "{e}");
        let bad = DEFAULT_TOML.replace("evidence = 5", "evidense = 5");
        let e = Config::parse(&bad, "w.toml").unwrap_err().to_string();
        assert!(e.contains("evidense"), "{e}");
        let bad = DEFAULT_TOML.replace("\"smuggl\"", "\"smuggl'; DROP\"");
        assert!(Config::parse(&bad, "w.toml").is_err());
    }

    #[test]
    fn keywords_split_into_words() {
        assert_eq!(
            keyword_words("Ship-to-ship").unwrap(),
            ["ship", "to", "ship"]
        );
        assert!(keyword_words("a'b").is_err());
        assert!(keyword_words(" - ").is_err());
    }
}
