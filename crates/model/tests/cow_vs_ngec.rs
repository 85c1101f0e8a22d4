//! Correlates of War numbers in vigil's country table checked against NGEC's `cow2iso.txt`
//! (`../shared/data/cameo-dictionaries/ngec/`), the table POLECAT's coder uses.

use std::collections::BTreeMap;

use vigil_model::countries;
use vigil_testdata::shared;

/// Rows of cow2iso.txt that disagree with the COW state list, each with the reason:
/// (ISO alpha-3, vigil's number, cow2iso's number, why).
const COW2ISO_ERRATA: &[(&str, u16, u16, &str)] = &[(
    "VNM",
    816,
    817,
    "COW numbers unified Vietnam 816, continuing the Democratic Republic of Vietnam; 817 is \
     the Republic of Vietnam (South), a member from 1954 to 1975",
)];

/// Current (no `valid_until`) COW number of each ISO alpha-3 in cow2iso.txt.
fn current() -> BTreeMap<String, u16> {
    let text = std::fs::read_to_string(shared("cameo-dictionaries/ngec/cow2iso.txt")).unwrap();
    let mut out = BTreeMap::new();
    for line in text.lines().skip(1) {
        // cow_id,cow3,iso_id,iso2,iso3,valid_from,valid_until,... (later fields may be quoted)
        let f: Vec<&str> = line.splitn(8, ',').collect();
        if f.len() < 7 || !f[6].is_empty() || f[4].len() != 3 {
            continue;
        }
        if let Ok(cow) = f[0].parse() {
            out.insert(f[4].to_string(), cow);
        }
    }
    out
}

#[test]
fn cow_numbers_agree_with_ngec() {
    let table = current();
    assert!(table.len() > 150, "{} rows", table.len());
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (iso3, cow) in &table {
        let Some(c) = countries::by_iso3(iso3) else {
            continue;
        };
        // cow2iso also maps dependent territories to their state's number (Puerto Rico → 2);
        // vigil gives numbers to independent states only.
        if let Some(ours) = c.cow {
            checked += 1;
            let erratum = COW2ISO_ERRATA
                .iter()
                .any(|(iso, v, c, _)| iso == iso3 && *v == ours && c == cow);
            if ours != *cow && !erratum {
                wrong.push(format!("{iso3}: vigil {ours}, cow2iso {cow}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(checked > 150, "only {checked} checked");
    let prk = countries::by_cow(731).unwrap();
    assert_eq!(prk.iso3, "PRK");
}
