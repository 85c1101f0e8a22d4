//! Countries with their ISO 3166-1 alpha-3, alpha-2 and numeric codes, FIPS 10-4 code (used by
//! GDELT's geography fields), CAMEO code and the names sources use for them; and the
//! CAMEO region codes that stand where a country code would.

// A fast hash: readers look codes up for every row.
use foldhash::HashMap;
use std::sync::OnceLock;

const COUNTRIES: &str = include_str!("countries.txt");
const REGIONS: &str = include_str!("regions.txt");
const COW: &str = include_str!("cow.txt");

/// One country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 ("PRK").
    pub iso3: &'static str,
    /// ISO 3166-1 alpha-2 ("KP"; "XK" for Kosovo, as FollowTheMoney data has it).
    pub iso2: &'static str,
    /// ISO 3166-1 numeric ("408").
    pub numeric: &'static str,
    /// FIPS 10-4 ("KN").
    pub fips: &'static str,
    /// CAMEO country code; equals `iso3` but for a few legacy codes ("TMP" for Timor-Leste).
    pub cameo: &'static str,
    /// Short English name.
    pub name: &'static str,
    /// Other names sources use.
    pub aliases: Vec<&'static str>,
    /// Correlates of War state number (POLECAT's `Actor COW`), for independent states.
    pub cow: Option<u16>,
    /// Gleditsch–Ward state number (ACLED's `gwno`); equals `cow` but for Germany (260),
    /// Serbia (340) and Yemen (678).
    pub gw: Option<u16>,
}

struct Index {
    countries: Vec<Country>,
    by_iso3: HashMap<&'static str, usize>,
    by_iso2: HashMap<String, usize>,
    by_fips: HashMap<&'static str, usize>,
    by_cameo: HashMap<&'static str, usize>,
    by_numeric: HashMap<u16, usize>,
    by_cow: HashMap<u16, usize>,
    by_gw: HashMap<u16, usize>,
    by_name: HashMap<String, usize>,
    regions: HashMap<&'static str, &'static str>,
}

fn data_lines(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('|').collect())
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let states: HashMap<&str, (u16, u16)> = data_lines(COW)
            .map(|f| {
                let number = |s: &str| {
                    s.parse()
                        .expect("cow.txt, shipped in the binary, holds numbers")
                };
                (f[0], (number(f[1]), number(f[2])))
            })
            .collect();
        let countries: Vec<Country> = data_lines(COUNTRIES)
            .map(|f| Country {
                cow: states.get(f[0]).map(|s| s.0),
                gw: states.get(f[0]).map(|s| s.1),
                iso3: f[0],
                iso2: f[1],
                numeric: f[2],
                fips: f[3],
                cameo: f[4],
                name: f[5],
                aliases: f[6].split(';').filter(|a| !a.is_empty()).collect(),
            })
            .collect();
        let mut idx = Index {
            by_iso3: HashMap::default(),
            by_iso2: HashMap::default(),
            by_fips: HashMap::default(),
            by_cameo: HashMap::default(),
            by_numeric: HashMap::default(),
            by_cow: HashMap::default(),
            by_gw: HashMap::default(),
            by_name: HashMap::default(),
            regions: data_lines(REGIONS).map(|f| (f[0], f[1])).collect(),
            countries: Vec::new(),
        };
        for (i, c) in countries.iter().enumerate() {
            idx.by_iso3.insert(c.iso3, i);
            idx.by_iso2.insert(c.iso2.to_ascii_lowercase(), i);
            idx.by_fips.insert(c.fips, i);
            idx.by_cameo.insert(c.cameo, i);
            if let Ok(n) = c.numeric.parse() {
                idx.by_numeric.insert(n, i);
            }
            if let Some(n) = c.cow {
                idx.by_cow.insert(n, i);
            }
            if let Some(n) = c.gw {
                idx.by_gw.insert(n, i);
            }
            for name in std::iter::once(&c.name).chain(c.aliases.iter()) {
                idx.by_name.insert(name_key(name), i);
            }
        }
        idx.countries = countries;
        idx
    })
}

fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

fn get(map: &HashMap<&'static str, usize>, key: &str) -> Option<&'static Country> {
    map.get(key).map(|&i| &index().countries[i])
}

/// Every country in the table.
pub fn all() -> &'static [Country] {
    &index().countries
}

/// By ISO 3166-1 alpha-3 code.
pub fn by_iso3(code: &str) -> Option<&'static Country> {
    get(&index().by_iso3, code)
}

/// By ISO 3166-1 alpha-2 code, either case ("kp" → PRK).
pub fn by_iso2(code: &str) -> Option<&'static Country> {
    index()
        .by_iso2
        .get(&code.to_ascii_lowercase())
        .map(|&i| &index().countries[i])
}

/// By FIPS 10-4 code (GDELT geography fields).
pub fn by_fips(code: &str) -> Option<&'static Country> {
    get(&index().by_fips, code)
}

/// By CAMEO country code.
pub fn by_cameo(code: &str) -> Option<&'static Country> {
    get(&index().by_cameo, code)
}

/// By ISO 3166-1 numeric code (ACLED's `iso` column).
pub fn by_numeric(code: u16) -> Option<&'static Country> {
    index()
        .by_numeric
        .get(&code)
        .map(|&i| &index().countries[i])
}

/// By Correlates of War state number (POLECAT's `Actor COW`: 365 → RUS).
pub fn by_cow(code: u16) -> Option<&'static Country> {
    index().by_cow.get(&code).map(|&i| &index().countries[i])
}

/// By Gleditsch–Ward state number (ACLED's `gwno`: 260 → DEU).
pub fn by_gw(code: u16) -> Option<&'static Country> {
    index().by_gw.get(&code).map(|&i| &index().countries[i])
}

/// By English name or a common alias, ignoring case ("Russian Federation" → RUS).
pub fn by_name(name: &str) -> Option<&'static Country> {
    index()
        .by_name
        .get(&name_key(name))
        .map(|&i| &index().countries[i])
}

/// An ISO 3166-1 alpha-3 code of a country in vigil's table, checked once where input
/// enters (command line, watchlist, API): every later use, SQL included, can rely on it
/// being three upper-case letters of a known country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Iso3(&'static str);

impl Iso3 {
    /// The code ("PRK").
    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// The country it names.
    pub fn country(self) -> &'static Country {
        by_iso3(self.0).expect("an Iso3 is in the table")
    }
}

/// Why a string is not an [`Iso3`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotIso3(pub String);

impl std::fmt::Display for NotIso3 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} is not an ISO 3166-1 alpha-3 country code (e.g. PRK, RUS, KOR)",
            self.0
        )
    }
}

impl std::error::Error for NotIso3 {}

impl std::str::FromStr for Iso3 {
    type Err = NotIso3;

    /// Any case, surrounding spaces ignored ("prk" → PRK); only codes in the table.
    fn from_str(s: &str) -> Result<Iso3, NotIso3> {
        by_iso3(&s.trim().to_ascii_uppercase())
            .map(|c| Iso3(c.iso3))
            .ok_or_else(|| NotIso3(s.to_string()))
    }
}

impl std::fmt::Display for Iso3 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl AsRef<str> for Iso3 {
    fn as_ref(&self) -> &str {
        self.0
    }
}

/// The name of a CAMEO region code ("EUR" → "Europe").
pub fn region_name(code: &str) -> Option<&'static str> {
    index().regions.get(code).copied()
}

/// Maps a CAMEO actor country code to what the canonical `country` column holds:
/// the ISO alpha-3 code of a country, a CAMEO region code kept as is, or `None`.
pub fn canonical_from_cameo(code: &str) -> Option<&'static str> {
    if let Some(c) = by_cameo(code).or_else(|| by_iso3(code)) {
        return Some(c.iso3);
    }
    index().regions.get_key_value(code).map(|(k, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let all = all();
        assert!(all.len() >= 200, "{} countries", all.len());
        for c in all {
            assert_eq!(c.iso3.len(), 3, "{c:?}");
            assert_eq!(c.fips.len(), 2, "{c:?}");
            assert_eq!(c.numeric.len(), 3, "{c:?}");
            assert_eq!(c.iso2.len(), 2, "{c:?}");
            assert_eq!(by_iso3(c.iso3), Some(c));
            assert_eq!(by_iso2(c.iso2), Some(c), "alpha-2 {} is used twice", c.iso2);
            assert_eq!(by_fips(c.fips), Some(c), "FIPS {} is used twice", c.fips);
        }
    }

    #[test]
    fn iso3_is_parsed_once_against_the_table() {
        let prk: Iso3 = "prk".parse().unwrap();
        assert_eq!(prk.as_str(), "PRK");
        assert_eq!(prk.country().name, "North Korea");
        assert_eq!(" RUS ".parse::<Iso3>().unwrap().to_string(), "RUS");
        for bad in ["XXX", "PR", "PRKK", "'; DROP", "", "EUR"] {
            let e = bad.parse::<Iso3>().unwrap_err();
            assert!(e.to_string().contains("not an ISO 3166-1 alpha-3"), "{e}");
        }
    }

    #[test]
    fn watched_countries_resolve_every_way() {
        assert_eq!(by_fips("KN").unwrap().iso3, "PRK");
        assert_eq!(by_fips("KS").unwrap().iso3, "KOR");
        assert_eq!(by_fips("RS").unwrap().iso3, "RUS");
        assert_eq!(by_fips("UP").unwrap().iso3, "UKR");
        assert_eq!(by_name("Russian Federation").unwrap().iso3, "RUS");
        assert_eq!(by_name("north korea").unwrap().iso3, "PRK");
        assert_eq!(by_numeric(410).unwrap().iso3, "KOR");
        assert_eq!(by_iso2("kp").unwrap().iso3, "PRK");
        assert_eq!(by_iso2("RU").unwrap().iso3, "RUS");
        assert_eq!(by_iso2("by").unwrap().iso3, "BLR");
        assert_eq!(canonical_from_cameo("TMP"), Some("TLS"));
        assert_eq!(by_cow(731).unwrap().iso3, "PRK");
        assert_eq!(by_cow(255).unwrap().iso3, "DEU");
        assert_eq!(by_gw(260).unwrap().iso3, "DEU");
        assert_eq!(by_gw(678).unwrap().iso3, "YEM");
        assert!(all().iter().filter(|c| c.cow.is_some()).count() >= 190);
        assert_eq!(canonical_from_cameo("EUR"), Some("EUR"));
        assert_eq!(canonical_from_cameo("XYZ"), None);
    }
}
