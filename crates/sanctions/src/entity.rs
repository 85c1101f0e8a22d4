//! The one entity model every list reader maps into, after FollowTheMoney: entities with
//! a schema (Person, Company, Organization, LegalEntity, Vessel, Airplane, and others such
//! as Address that are kept but not screened), links between entities (ownership,
//! directorship, family, association, payments), and sanctions attached to entities.

use serde::{Deserialize, Serialize};

/// A person, company, organisation, vessel or other named thing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The list's id (FtM id, "un:6908048", "ofac:12345").
    pub id: String,
    /// FtM schema name.
    pub schema: String,
    /// The name to show.
    pub caption: String,
    /// Every name: primary names, aliases, previous names, names in other scripts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// Low-quality aliases (FtM `weakAlias`, OFAC weak a.k.a.): matched, but scored lower.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weak_names: Vec<String>,
    /// Birth dates as given: YYYY, YYYY-MM or YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_dates: Vec<String>,
    /// Places of birth as given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_places: Vec<String>,
    /// Addresses as given (one line each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<String>,
    /// Countries (nationality, citizenship, jurisdiction, flag) as ISO alpha-3 when known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// Gender as given (FtM `gender`: male, female, other).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gender: Vec<String>,
    /// Identifiers: IMO numbers, passports, registration and tax numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
    /// Sanctions programmes and authorities that list it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    /// FtM topics ("sanction", "role.pep", ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    /// When it was listed (YYYY-MM-DD), as the list says: the earliest FtM `listingDate`
    /// (its own or its Sanction records'), else the day OpenSanctions first saw it
    /// (`first_seen`); UN `LISTED_ON`. `None` where the list does not say (OFAC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_on: Option<String>,
    /// FtM's `first_seen` (its day), the fallback for `listed_on`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    /// The list it came from (set when loaded).
    #[serde(default)]
    pub dataset: String,
    /// The source datasets an aggregated FtM export names for it (OpenSanctions'
    /// `datasets`: "us_ofac_sdn", "eu_fsf", ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<String>,
}

/// An identifier of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Identifier {
    /// What it is: `imoNumber`, `passportNumber`, `registrationNumber`, ...
    pub kind: String,
    /// As given.
    pub value: String,
}

impl Identifier {
    /// The value with only letters and digits, upper case ("IMO 9 123 456" → "IMO9123456"),
    /// so spellings of one number compare equal; a leading "IMO" is dropped.
    pub fn key(&self) -> String {
        let k: String = self
            .value
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .collect();
        k.strip_prefix("IMO").map(str::to_string).unwrap_or(k)
    }
}

/// A directed link between two entities.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub id: String,
    /// FtM schema: Ownership, Directorship, Family, Associate, Membership, Employment,
    /// Representation, UnknownLink, Payment, ...
    pub schema: String,
    /// The owner, director, relative, payer...
    pub from: String,
    /// The asset, organisation, relative, beneficiary...
    pub to: String,
    /// Role, relationship or purpose as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Start or payment date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// When the link ended (FtM `endDate`), as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// An ownership's share as the list writes it (FtM `percentage`: "100", "25.5%",
    /// "25-50", "majority"); read by [`crate::exposure`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentage: Option<String>,
    /// The list it came from.
    #[serde(default)]
    pub dataset: String,
}

/// One record of a list, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Record {
    /// Boxed: an entity is much larger than the other records.
    Entity(Box<Entity>),
    Link(Link),
    /// A sanction on an entity (FtM `Sanction`): its programme or authority.
    Sanction {
        entity: String,
        programs: Vec<String>,
        /// When the sanction was imposed (its `listingDate`, else `startDate`), YYYY-MM-DD.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_on: Option<String>,
    },
    /// An FtM delta's DEL: the entity is removed.
    Delete(String),
}

impl Record {
    /// The FtM schema this record had, for counts by schema.
    pub fn schema(&self) -> &str {
        match self {
            Record::Entity(e) => &e.schema,
            Record::Link(l) => &l.schema,
            Record::Sanction { .. } => "Sanction",
            Record::Delete(_) => "(deleted)",
        }
    }
}

/// What a screen query looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    /// Companies, organisations, legal entities, public bodies.
    Company,
    Vessel,
    Airplane,
    /// Not screened (addresses, ...).
    Other,
}

impl Kind {
    pub fn of(schema: &str) -> Kind {
        match schema {
            "Person" => Kind::Person,
            "Company" | "Organization" | "LegalEntity" | "PublicBody" => Kind::Company,
            "Vessel" => Kind::Vessel,
            "Airplane" => Kind::Airplane,
            _ => Kind::Other,
        }
    }
}

/// A country as ISO alpha-3: from alpha-2, alpha-3 or an English name; `None` if unknown.
/// Whether a birth date as a screening query gives it is well formed: YYYY, YYYY-MM or
/// YYYY-MM-DD.
pub fn partial_date_ok(d: &str) -> bool {
    let shape = matches!(d.len(), 4 | 7 | 10)
        && d.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let part = |r: std::ops::Range<usize>| d.get(r).and_then(|x| x.parse::<u32>().ok());
    shape
        && part(5..7).is_none_or(|m| (1..=12).contains(&m))
        && part(8..10).is_none_or(|day| (1..=31).contains(&day))
}

/// A partial date with its month and day padded to two digits ("1984-2-1" →
/// "1984-02-01"), as some publishers write them; `None` if it is not a date.
pub fn padded_date(d: &str) -> Option<String> {
    let parts: Vec<&str> = d.trim().split('-').collect();
    if parts.is_empty() || parts.len() > 3 || parts[0].len() != 4 {
        return None;
    }
    let mut out = parts[0].to_string();
    for p in &parts[1..] {
        if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push_str(&format!("-{p:0>2}"));
    }
    partial_date_ok(&out).then_some(out)
}

pub fn country_code(s: &str) -> Option<String> {
    let s = s.trim();
    let c = match s.len() {
        2 => vigil_model::countries::by_iso2(s),
        3 => vigil_model::countries::by_iso3(&s.to_ascii_uppercase()),
        _ => None,
    }
    .or_else(|| vigil_model::countries::by_name(s))?;
    Some(c.iso3.to_string())
}
