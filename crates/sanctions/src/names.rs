//! Names for matching: Unicode folded and transliterated to Latin, titles and company
//! forms set aside, Korean and Russian spelling variants brought together, and compared
//! token by token with an explanation.
//!
//! A name becomes a [`NameForm`]:
//! 1. Hangul: a three-syllable word starting with a common Korean surname is split after
//!    the surname ("김정은" → "김 정은"), so it aligns with "Kim Jong Un".
//! 2. Every script to Latin by `any_ascii` (Hangul in Revised Romanisation, Cyrillic,
//!    Greek, Arabic, Hebrew, Chinese in pinyin, Japanese kana, Indic scripts, ...), after
//!    NFKC; lower case; apostrophes dropped (McCune-Reischauer "Ch'oe" → "choe"); hyphens,
//!    dots, commas and middle dots split tokens.
//! 3. For people, honorifics and titles in many languages are removed ("President",
//!    "Präsident", "Президент", "Mr", "General"); for organisations, legal forms ("LLC", "OOO",
//!    "Co., Ltd.", "JSC", "GmbH", the long Russian and Spanish forms) are removed and kept
//!    as the name's `form`.
//! 4. Russian patronymic endings are unified ("-ovitch", "-ovitj", "-owitsch", "-ovych",
//!    "-owicz", "-ovics" → "-ovich").
//! 5. Each token gets a consonant **skeleton**: vowels dropped, consonants grouped by how
//!    they are confused across romanisations (b p f v w; d t and ch j ts dz gy; g k q c;
//!    s z sh zh; l r; m; n), doubled letters of one class counted once, r before a
//!    consonant dropped. So
//!    "Kim Jong Un", "Kim Chong-un" and "김정은" ("gim jeongeun") share skeletons, and so do
//!    "Putin", "Poutine", "Poetin", "Putyin" and "بوتين" ("bwtyn").
//!
//! Two names compare by aligning each token of the query with its best unused token of
//! the candidate (Jaro-Winkler on the Latin forms, or skeleton similarity, or an initial
//! against a token it begins), and also as whole strings without spaces (for names
//! written together, like Korean given names); the better of the two is the name score.

use unicode_normalization::UnicodeNormalization;

use crate::entity::Kind;

/// A name prepared for matching.
#[derive(Debug, Clone, PartialEq)]
pub struct NameForm {
    /// The name as given.
    pub original: String,
    /// Latin tokens after removing titles and legal forms.
    pub tokens: Vec<String>,
    /// The skeleton of each token.
    pub skeletons: Vec<String>,
    /// A legal form found and removed ("llc").
    pub form: Option<String>,
}

impl NameForm {
    /// All tokens joined without spaces.
    pub fn compact(&self) -> String {
        self.tokens.concat()
    }

    /// The skeleton of the whole name written together.
    pub fn compact_skeleton(&self) -> String {
        skeleton(&self.compact())
    }
}

/// Common Korean surnames (one syllable), used to split a Hangul full name.
const KOREAN_SURNAMES: &str = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄변채원방천공현함염여추도소석선설마길연위표명기반왕금옥육인맹제모리";

/// Titles that are also surnames or given names.
const ALSO_NAMES: &[&str] = &[
    "he", "major", "general", "marshal", "sir", "king", "bishop", "judge",
];

/// Titles and honorifics, in Latin form after transliteration.
const HONORIFICS: &[&str] = &[
    "president",
    "presidente",
    "prasident",
    "praesident",
    "president",
    "predsjednik",
    "presedintele",
    "presiden",
    "prezident",
    "prezydent",
    "elnok",
    "elnoke",
    "presidentti",
    "presidenten",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "sir",
    "general",
    "gen",
    "colonel",
    "col",
    "lieutenant",
    "lt",
    "major",
    "maj",
    "admiral",
    "marshal",
    "captain",
    "capt",
    "sheikh",
    "shaikh",
    "haji",
    "hajji",
    "comrade",
    "tovarishch",
    "chairman",
    "premier",
    "minister",
    "leader",
    "his",
    "excellency",
    "he",
];

/// Legal forms: phrases (as Latin token sequences) and what they are recorded as.
const FORMS: &[(&str, &str)] = &[
    ("obshchestvo s ogranichennoi otvetstvennostiu", "llc"),
    ("obshchestvo s ogranichennoy otvetstvennostyu", "llc"),
    ("tavarystva z abmezhavanai adkaznastsiu", "llc"),
    ("sociedad de responsabilidad limitada", "llc"),
    ("limited liability company", "llc"),
    ("aktsionernoe obshchestvo", "jsc"),
    ("joint stock company", "jsc"),
    ("public joint stock company", "pjsc"),
    ("co ltd", "ltd"),
    ("company limited", "ltd"),
    ("pte ltd", "ltd"),
    ("llc", "llc"),
    ("ooo", "llc"),
    ("tov", "llc"),
    ("rab", "llc"),
    ("ltd", "ltd"),
    ("limited", "ltd"),
    ("plc", "plc"),
    ("inc", "inc"),
    ("incorporated", "inc"),
    ("corp", "corp"),
    ("corporation", "corp"),
    ("co", "co"),
    ("company", "co"),
    ("jsc", "jsc"),
    ("ojsc", "jsc"),
    ("cjsc", "jsc"),
    ("pjsc", "pjsc"),
    ("oao", "jsc"),
    ("zao", "jsc"),
    ("pao", "pjsc"),
    ("ao", "jsc"),
    ("gmbh", "gmbh"),
    ("ag", "ag"),
    ("sa", "sa"),
    ("srl", "srl"),
    ("bv", "bv"),
    ("llp", "llp"),
    ("e v", "ev"),
    ("ev", "ev"),
];

/// Patronymic endings and their common form.
const PATRONYMIC_ENDINGS: &[(&str, &str)] = &[
    ("owitsch", "ovich"),
    ("ovitsch", "ovich"),
    ("owitsj", "ovich"),
    ("ovitsj", "ovich"),
    ("ovitch", "ovich"),
    ("ovitj", "ovich"),
    ("ovitx", "ovich"),
    ("ovics", "ovich"),
    ("owicz", "ovich"),
    ("ovych", "ovich"),
    ("ovici", "ovich"),
    ("ovich", "ovich"),
    ("ovic", "ovich"),
    ("evitch", "evich"),
    ("evitj", "evich"),
    ("ewitsch", "evich"),
    ("evych", "evich"),
    ("ewicz", "evich"),
    ("evic", "evich"),
];

/// Prepares `name` for matching as a name of this kind of entity.
pub fn analyse(name: &str, kind: Kind) -> NameForm {
    let latin = to_latin(name);
    let mut tokens: Vec<String> = latin
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    let mut form = None;
    if kind == Kind::Person {
        // Titles go wherever they stand ("President Vladimir Putin", "Putyin elnök"),
        // while a name is left. A title that is also a name ("He", "Major", "General",
        // "Marshal", "Sir") goes only when it leads and two words or more follow, so "He
        // Lifeng" and "Major Smith" keep theirs and "General Kim Yong Chol" loses it.
        let also_name = |t: &str| ALSO_NAMES.contains(&t);
        let titles = tokens
            .iter()
            .filter(|t| HONORIFICS.contains(&t.as_str()) && !also_name(t))
            .count();
        if titles < tokens.len() {
            tokens.retain(|t| !HONORIFICS.contains(&t.as_str()) || also_name(t));
        }
        if tokens.len() > 2 && also_name(&tokens[0]) && HONORIFICS.contains(&tokens[0].as_str()) {
            tokens.remove(0);
        }
    } else {
        (tokens, form) = strip_forms(tokens);
    }
    for t in tokens.iter_mut() {
        if let Some((end, with)) = PATRONYMIC_ENDINGS
            .iter()
            .find(|(e, _)| t.len() > e.len() + 2 && t.ends_with(e))
        {
            t.truncate(t.len() - end.len());
            t.push_str(with);
        }
    }
    let skeletons = tokens.iter().map(|t| skeleton(t)).collect();
    NameForm {
        original: name.to_string(),
        tokens,
        skeletons,
        form,
    }
}

/// Removes legal-form phrases anywhere in the token list.
fn strip_forms(tokens: Vec<String>) -> (Vec<String>, Option<String>) {
    let mut out = Vec::with_capacity(tokens.len());
    let mut form = None;
    let mut i = 0;
    'outer: while i < tokens.len() {
        for (phrase, what) in FORMS {
            let words: Vec<&str> = phrase.split(' ').collect();
            if i + words.len() <= tokens.len()
                && words.iter().zip(&tokens[i..]).all(|(w, t)| w == t)
                // Keep a lone form word that is the whole name.
                && tokens.len() > words.len()
            {
                form.get_or_insert_with(|| what.to_string());
                i += words.len();
                continue 'outer;
            }
        }
        out.push(tokens[i].clone());
        i += 1;
    }
    (out, form)
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// Every script to lower-case Latin letters, digits and separators.
pub fn to_latin(name: &str) -> String {
    // Split Korean full names after the surname.
    let mut prepared = String::with_capacity(name.len() + 4);
    for word in name.split_whitespace() {
        if !prepared.is_empty() {
            prepared.push(' ');
        }
        let chars: Vec<char> = word.chars().collect();
        if chars.len() == 3
            && chars.iter().all(|&c| is_hangul_syllable(c))
            && KOREAN_SURNAMES.contains(chars[0])
        {
            prepared.push(chars[0]);
            prepared.push(' ');
            prepared.extend(&chars[1..]);
        } else {
            prepared.push_str(word);
        }
    }
    let mut out = String::with_capacity(prepared.len());
    for c in prepared.nfkc() {
        match c {
            '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | '`' | '´' => {} // apostrophes join
            '·' | '・' | '•' | '‧' | '-' | '‐' | '–' | '—' => out.push(' '),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => {
                let a = any_ascii::any_ascii_char(c);
                // Transliterations of marks like the Armenian apostrophe carry no letter.
                out.push_str(&a.to_ascii_lowercase().replace('\'', ""));
            }
        }
    }
    out
}

/// The consonant skeleton of a Latin token (see the module documentation).
pub fn skeleton(token: &str) -> String {
    let b: Vec<u8> = token.bytes().filter(u8::is_ascii_alphabetic).collect();
    let mut classes: Vec<u8> = Vec::with_capacity(b.len());
    let mut adjacent = false;
    let mut i = 0;
    let starts = |i: usize, s: &[u8]| b.len() >= i + s.len() && &b[i..i + s.len()] == s;
    while i < b.len() {
        let (class, len) = if starts(i, b"tsch") {
            (b'T', 4)
        } else if starts(i, b"sch") || starts(i, b"shch") {
            (b'S', 3)
        } else if starts(i, b"tch") || starts(i, b"dzh") {
            (b'T', 3)
        } else if starts(i, b"ch")
            || starts(i, b"ts")
            || starts(i, b"tz")
            || starts(i, b"dz")
            || starts(i, b"dj")
            || starts(i, b"gy")
            || starts(i, b"th")
        {
            (b'T', 2)
        } else if starts(i, b"sh") || starts(i, b"zh") || starts(i, b"sz") || starts(i, b"cz") {
            (b'S', 2)
        } else if starts(i, b"kh") || starts(i, b"gh") || starts(i, b"ck") {
            (b'K', 2)
        } else if starts(i, b"ph") {
            (b'P', 2)
        } else if starts(i, b"ny") || (starts(i, b"ng") && i + 2 == b.len()) {
            // A final "ng" is one nasal: "Jong", "Chen" (Russian for 정) and "Jeong" agree.
            (b'N', 2)
        } else {
            let c = match b[i] {
                b'b' | b'p' | b'f' | b'v' | b'w' => b'P',
                b'd' | b't' | b'j' => b'T',
                b'g' | b'k' | b'q' | b'c' | b'x' => b'K',
                b's' | b'z' => b'S',
                b'l' | b'r' => b'L',
                b'm' => b'M',
                b'n' => b'N',
                _ => 0, // vowels, y, h
            };
            (c, 1)
        };
        // r (or l) before a consonant is often silent in romanisations ("Park" = "Pak").
        let silent_r = b[i] == b'r' && len == 1 && {
            let next = b.get(i + 1).copied().unwrap_or(b'a');
            !b"aeiouyh".contains(&next) && i + 1 < b.len()
        };
        // Doubled letters ("ll", "bw") are one sound; the same class after a vowel is
        // another ("Potanin" is P-T-N-N, not "Putin").
        if class != 0 && !silent_r && !(adjacent && classes.last() == Some(&class)) {
            classes.push(class);
        }
        adjacent = class != 0 || (silent_r && adjacent);
        i += len;
    }
    String::from_utf8(classes).expect("ascii")
}

/// Similarity of two skeletons in 0..1 (1 - Levenshtein distance / longer length).
fn skeleton_similarity(a: &str, b: &str) -> f64 {
    let n = a.len().max(b.len());
    if n == 0 {
        return 0.0;
    }
    1.0 - strsim::levenshtein(a, b) as f64 / n as f64
}

/// How two tokens compare: the score and the way it was found.
pub fn token_similarity(a: &str, ska: &str, b: &str, skb: &str) -> (f64, &'static str) {
    if a == b {
        return (1.0, "same");
    }
    if (a.len() == 1 && b.starts_with(a)) || (b.len() == 1 && a.starts_with(b)) {
        return (0.9, "initial");
    }
    if a.len() <= 3 && b.len() <= 3 && !ska.is_empty() && ska == skb {
        // Short syllables that sound alike: "un", "yn" (Russian for 은), "eun".
        return (0.85, "sound");
    }
    let jw = strsim::jaro_winkler(a, b);
    let sk = if ska.len() >= 2 && skb.len() >= 2 {
        // Skeletons alone are coarse: count them a little below a spelling match, and
        // The shorter the skeletons, the likelier they agree by chance ("Putyin" and
        // "Baden" are both P-T-N), so without spelling support they count for less.
        let cap = match (jw >= 0.7, ska.len().min(skb.len())) {
            (true, _) => 0.96,
            (false, n) if n >= 4 => 0.9,
            (false, 3) => 0.8,
            // Short syllables ("Chen" and "Jong", Russian and English for 정).
            _ if a.len().max(b.len()) <= 4 => 0.78,
            _ => 0.7,
        };
        cap * skeleton_similarity(ska, skb)
    } else {
        0.0
    };
    if sk > jw {
        (sk, "sound")
    } else {
        (jw, "spelling")
    }
}

/// Below this, a token counts as not matched.
pub const TOKEN_FLOOR: f64 = 0.75;

/// The result of comparing two names.
#[derive(Debug, Clone, PartialEq)]
pub struct NameScore {
    pub score: f64,
    /// Query token → candidate token, with similarity and how.
    pub pairs: Vec<(String, String, f64, &'static str)>,
    /// Whether the whole-string comparison gave the score.
    pub compact: bool,
}

/// Compares a query name with a candidate name.
pub fn compare(q: &NameForm, c: &NameForm) -> NameScore {
    if q.tokens.is_empty() || c.tokens.is_empty() {
        return NameScore {
            score: 0.0,
            pairs: Vec::new(),
            compact: false,
        };
    }
    // Token alignment: best pairs first.
    let mut cands: Vec<(f64, &'static str, usize, usize)> = Vec::new();
    for (i, (qt, qs)) in q.tokens.iter().zip(&q.skeletons).enumerate() {
        for (j, (ct, cs)) in c.tokens.iter().zip(&c.skeletons).enumerate() {
            let (s, how) = token_similarity(qt, qs, ct, cs);
            cands.push((s, how, i, j));
        }
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut q_used = vec![false; q.tokens.len()];
    let mut c_used = vec![false; c.tokens.len()];
    let mut pairs = Vec::new();
    for (s, how, i, j) in cands {
        if q_used[i] || c_used[j] || s < TOKEN_FLOOR {
            continue;
        }
        q_used[i] = true;
        c_used[j] = true;
        pairs.push((q.tokens[i].clone(), c.tokens[j].clone(), s, how));
    }
    let weight = |t: &str| (t.len().min(6) as f64).max(1.5);
    let total: f64 = q.tokens.iter().map(|t| weight(t)).sum();
    let got: f64 = pairs.iter().map(|(qt, _, s, _)| weight(qt) * s).sum();
    let c_cov = c_used.iter().filter(|u| **u).count() as f64 / c.tokens.len() as f64;
    // A one-word query that covers a small part of a longer name is weaker evidence.
    let cover = if q.tokens.len() == 1 { 0.2 } else { 0.1 };
    let token_score = got / total * (1.0 - cover + cover * c_cov);

    // Names split differently ("Kim Jongun", "김정은" as "gim jeongeun"): compare them
    // whole, without spaces, in the candidate's order and with its first or last token
    // moved; the skeletons must agree closely, and the score is the mean of spelling
    // and skeleton similarity.
    let qc = q.compact();
    let mut best_compact: f64 = 0.0;
    if q.tokens.len() != c.tokens.len() {
        let mut orders = vec![c.tokens.clone()];
        if c.tokens.len() > 1 {
            let mut r = c.tokens.clone();
            r.rotate_left(1);
            orders.push(r);
            let mut r = c.tokens.clone();
            r.rotate_right(1);
            orders.push(r);
        }
        let qsk = skeleton(&qc);
        for o in orders {
            let cc = o.concat();
            if qc == cc {
                best_compact = 1.0;
                break;
            }
            let sk = skeleton_similarity(&qsk, &skeleton(&cc));
            if sk >= 0.8 {
                let jw = strsim::jaro_winkler(&qc, &cc);
                best_compact = best_compact.max(0.97 * (jw + sk) / 2.0);
            }
        }
    }
    if best_compact > token_score && qc.len() >= 6 {
        NameScore {
            score: best_compact,
            pairs: vec![(qc, c.compact(), best_compact, "written together")],
            compact: true,
        }
    } else {
        NameScore {
            score: token_score,
            pairs,
            compact: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_go_only_where_they_stand_as_titles() {
        let toks = |n: &str| analyse(n, Kind::Person).tokens.join(" ");
        assert_eq!(toks("President Vladimir Putin"), "vladimir putin");
        assert_eq!(toks("Putyin elnök"), "putyin");
        assert_eq!(
            toks("He Lifeng"),
            "he lifeng",
            "a surname, not an honorific"
        );
        assert_eq!(toks("Major Smith"), "major smith");
        assert!(!toks("General Kim Yong Chol").contains("general"));
    }

    fn p(s: &str) -> NameForm {
        analyse(s, Kind::Person)
    }

    fn score(a: &str, b: &str) -> f64 {
        compare(&p(a), &p(b)).score
    }

    #[test]
    fn scripts_become_latin_tokens() {
        assert_eq!(p("Владимир Путин").tokens, ["vladimir", "putin"]);
        assert_eq!(p("김정은").tokens, ["gim", "jeongeun"]);
        assert_eq!(p("Ch'oe Ryong-hae").tokens, ["choe", "ryong", "hae"]);
        assert_eq!(p("Präsident Putin").tokens, ["putin"]);
        assert_eq!(
            p("Wladimir Wladimirowitsch Putin").tokens[1],
            "wladimirovich"
        );
    }

    #[test]
    fn skeletons_bring_romanisations_together() {
        assert_eq!(skeleton("kim"), skeleton("gim"));
        assert_eq!(skeleton("jong"), skeleton("chong"));
        assert_eq!(skeleton("jeong"), skeleton("jong"));
        assert_eq!(skeleton("putin"), skeleton("poutine"));
        assert_eq!(skeleton("putin"), skeleton("bwtyn"));
        assert_eq!(skeleton("park"), skeleton("pak"));
        assert_eq!(skeleton("vladimir"), skeleton("fladymyr"));
    }

    #[test]
    fn korean_variants_match_and_relatives_rank_lower() {
        let un = score("Kim Jong Un", "김정은");
        assert!(un > 0.85, "{un}");
        assert!(score("Kim Jong-un", "Kim Jong Un") > 0.95);
        assert!(score("Kim Chong-un", "Kim Jong Un") > 0.85);
        assert!(score("Kim Jongun", "Kim Jong Un") > 0.85);
        assert!(score("Ким Чен Ын", "Kim Jong Un") > 0.85);
        assert!(score("Kim Jong Nam", "Kim Jong Un") < un);
        assert!(score("Pak Chol", "Kim Jong Un") < 0.5);
    }

    #[test]
    fn russian_variants_match_and_other_people_do_not() {
        let putin = "Vladimir Vladimirovich Putin";
        for v in [
            "PUTIN, Vladimir",
            "Wladimir Putin",
            "Vladimir Poutine",
            "Путин Владимир Владимирович",
            "В. В. Путин",
            "Vlagyimir Putyin",
        ] {
            assert!(score(v, putin) > 0.8, "{v}: {}", score(v, putin));
        }
        assert!(score("Vladimir Ivanov", putin) < 0.6);
        assert!(score("Sergei Lavrov", putin) < 0.5);
    }

    #[test]
    fn company_forms_are_set_aside() {
        let a = analyse("LLC “Inter Tobacco”", Kind::Company);
        let b = analyse(
            "Общество с ограниченной ответственностью “Интер Тобако”",
            Kind::Company,
        );
        assert_eq!(a.tokens, ["inter", "tobacco"]);
        assert_eq!(a.form.as_deref(), Some("llc"));
        assert_eq!(b.form.as_deref(), Some("llc"));
        assert!(
            compare(&a, &b).score > 0.85,
            "{:?} {:?}",
            a.tokens,
            b.tokens
        );
        assert_eq!(
            analyse("Korea Ryonbong General Co., Ltd.", Kind::Company).tokens,
            ["korea", "ryonbong", "general"]
        );
    }
}
