//! Relative dates in a sentence, resolved against its document's date: "yesterday",
//! "on Tuesday", "three days ago", "last week". News reports what happened before it was
//! written, so a weekday is the latest such day on or before the document's date ("last
//! Tuesday": strictly before), and expressions of the future are left alone (the event
//! keeps the document's date). The first expression found in the sentence wins, passing
//! over one that only dates a report ("said on Wednesday that ...") when another follows.

use serde::Serialize;
use vigil_model::date::{MONTHS, days_from_ymd, format_iso, ymd_from_days};

/// A date found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolved {
    /// The event's day (days since 1970-01-01; for a week or month, its first day).
    #[serde(skip)]
    pub day: i32,
    /// The words that gave it, as written.
    pub phrase: String,
    /// `day`, `week` or `month`.
    pub precision: &'static str,
}

impl Resolved {
    /// How the date was found, for a person: `"yesterday" in a document of 2024-10-31`.
    pub fn explain(&self, document: i32) -> String {
        format!(
            "\"{}\" in a document of {} gives {}{}",
            self.phrase,
            format_iso(document),
            format_iso(self.day),
            match self.precision {
                "day" => String::new(),
                p => format!(" (the {p})"),
            }
        )
    }
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether an upper-cased word names a day relative to the report ("TODAY", "YESTERDAY",
/// "TONIGHT") or a day of the week.
pub(crate) fn is_day_word(norm: &str) -> bool {
    matches!(norm, "TODAY" | "YESTERDAY" | "TONIGHT")
        || WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(norm))
}

/// The month (1-12) a word names, written with a capital: in full or by the abbreviations
/// wire copy uses ("Jan", "Sept"; "May", "June" and "July" only in full).
fn month_of(word: &str, written: &str) -> Option<u32> {
    if !written.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == word || (m.len() > 4 && word.len() >= 3 && m.starts_with(word) && word.len() <= 4)
        })
        .map(|i| i as u32 + 1)
}

/// A day of the month written as a number ("12", "12th").
fn day_of(word: &str) -> Option<u32> {
    let digits = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        .unwrap_or(word);
    digits
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=31).contains(d) && digits.len() <= 2)
}

/// A year written as four digits, 1900-2099.
fn year_of(word: &str) -> Option<i32> {
    word.parse::<i32>()
        .ok()
        .filter(|y| (1900..2100).contains(y) && word.len() == 4)
}

const NUMBERS: [&str; 10] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// Monday 0 .. Sunday 6 of a day (1970-01-01 was a Thursday).
fn weekday(day: i32) -> i32 {
    (day + 3).rem_euclid(7)
}

/// Words of reporting after which a date tells when something was said, not when what
/// was said happened ("said on Wednesday that the North had sent troops last month").
const REPORTING: &[&str] = &[
    "said",
    "says",
    "told",
    "announced",
    "stated",
    "reported",
    "added",
    "claimed",
    "confirmed",
];

/// The relative date of `sentence` for its events, resolved against `document` (its day):
/// the first one, passing over one that only dates a report ("said on Wednesday", "told
/// reporters yesterday") when another follows.
pub fn resolve(sentence: &str, document: i32) -> Option<Resolved> {
    let all = all_dates(sentence, document);
    all.iter()
        .find(|(_, reported)| !reported)
        .or(all.first())
        .map(|(r, _)| r.clone())
}

/// Every relative date of `sentence`, in order, each with whether it dates a report.
fn all_dates(sentence: &str, document: i32) -> Vec<(Resolved, bool)> {
    // Words with their byte spans, lower-cased; punctuation separates words.
    let mut words: Vec<(String, usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in sentence
        .char_indices()
        .chain(std::iter::once((sentence.len(), ' ')))
    {
        if c.is_alphanumeric() || c == '\'' {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            words.push((sentence[s..i].to_lowercase(), s, i));
        }
    }
    let at = |k: usize| words.get(k).map(|w| w.0.as_str());
    let found = |from: usize, to: usize, day: i32, precision| {
        Some(Resolved {
            day,
            phrase: sentence[words[from].1..words[to].2].to_string(),
            precision,
        })
    };
    let date_at = |k: usize| -> Option<(Resolved, usize)> {
        let w = words[k].0.as_str();
        let found = |from: usize, to: usize, day: i32, precision| {
            found(from, to, day, precision).map(|r| (r, from))
        };
        if w == "yesterday" {
            if k >= 3
                && at(k - 3) == Some("the")
                && at(k - 2) == Some("day")
                && at(k - 1) == Some("before")
            {
                return found(k - 3, k, document - 2, "day");
            }
            return found(k, k, document - 1, "day");
        }
        if w == "today" || w == "tonight" {
            return found(k, k, document, "day");
        }
        if w == "this" && matches!(at(k + 1), Some("morning" | "afternoon" | "evening")) {
            return found(k, k + 1, document, "day");
        }
        if let Some(d) = WEEKDAYS.iter().position(|x| *x == w) {
            let last = k >= 1 && at(k - 1) == Some("last");
            let next = k >= 1 && matches!(at(k - 1), Some("next" | "coming"));
            if next {
                return None;
            }
            // The latest such weekday on or before the document ("last": strictly before).
            let mut back = (weekday(document) - d as i32).rem_euclid(7);
            if last && back == 0 {
                back = 7;
            }
            let from = if last { k - 1 } else { k };
            return found(from, k, document - back, "day");
        }
        if w == "ago" && k >= 2 && matches!(at(k - 1), Some("days" | "day")) {
            let n = at(k - 2).and_then(|n| {
                n.parse::<i32>()
                    .ok()
                    .or_else(|| NUMBERS.iter().position(|x| *x == n).map(|i| i as i32 + 1))
                    .or_else(|| (n == "a").then_some(1))
            });
            if let Some(n) = n.filter(|n| (1..=60).contains(n)) {
                return found(k - 2, k, document - n, "day");
            }
        }
        // "on 12 March", "March 12, 2024", "in March": a date named by its month, in the
        // year given or else the latest such date on or before the document's (news reports
        // the past).
        let written = |q: usize| &sentence[words[q].1..words[q].2];
        let dated = |y: Option<i32>, m: u32, d: u32| -> Option<i32> {
            let (dy, _, _) = ymd_from_days(document);
            match y {
                Some(y) => days_from_ymd(y, m, d),
                None => {
                    let this = days_from_ymd(dy, m, d)?;
                    if this > document {
                        days_from_ymd(dy - 1, m, d)
                    } else {
                        Some(this)
                    }
                }
            }
        };
        if let Some(d) = day_of(w)
            && let Some(m) = at(k + 1).and_then(|n| month_of(n, written(k + 1)))
        {
            let year = at(k + 2).and_then(year_of);
            let to = if year.is_some() { k + 2 } else { k + 1 };
            return found(k, to, dated(year, m, d)?, "day");
        }
        if let Some(m) = month_of(w, written(k)) {
            if let Some(d) = at(k + 1).and_then(day_of) {
                let year = at(k + 2).and_then(year_of);
                let to = if year.is_some() { k + 2 } else { k + 1 };
                return found(k, to, dated(year, m, d)?, "day");
            }
            if k >= 1 && at(k - 1) == Some("in") {
                let year = at(k + 1).and_then(year_of);
                let (dy, dm, _) = ymd_from_days(document);
                let y = year.unwrap_or(if m > dm { dy - 1 } else { dy });
                let to = if year.is_some() { k + 1 } else { k };
                return found(k, to, days_from_ymd(y, m, 1)?, "month");
            }
        }
        // "earlier this month", "this week": the month's or the week's first day.
        if w == "this" {
            match at(k + 1) {
                Some("week") => return found(k, k + 1, document - weekday(document), "week"),
                Some("month") => {
                    let (y, m, _) = ymd_from_days(document);
                    return found(k, k + 1, days_from_ymd(y, m, 1)?, "month");
                }
                _ => {}
            }
        }
        if w == "last" {
            match at(k + 1) {
                Some("week") => {
                    let monday = document - weekday(document) - 7;
                    return found(k, k + 1, monday, "week");
                }
                Some("month") => {
                    let (y, m, _) = ymd_from_days(document);
                    let (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
                    return found(k, k + 1, days_from_ymd(y, m, 1)?, "month");
                }
                _ => {}
            }
        }
        None
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        match date_at(k) {
            Some((r, from)) => {
                // (a report's date: the word before reports, or the one before it with
                // "on" or its audience between: "said on", "told reporters")
                let before = |q: usize| q.checked_sub(1).and_then(at);
                let reported = before(from).is_some_and(|w| REPORTING.contains(&w))
                    || (matches!(before(from), Some("on" | "reporters" | "journalists"))
                        && before(from - 1).is_some_and(|w| REPORTING.contains(&w)));
                let next = from + r.phrase.split_whitespace().count().max(1);
                out.push((r, reported));
                k = next.max(k + 1);
            }
            None => k += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(sentence: &str, doc: &str) -> Option<(String, String, &'static str)> {
        let d = vigil_model::date::parse_iso(doc).unwrap();
        resolve(sentence, d).map(|r| (format_iso(r.day), r.phrase, r.precision))
    }

    #[test]
    fn relative_dates_resolve_against_the_document() {
        // 2024-10-31 was a Thursday.
        let doc = "2024-10-31";
        let day = |s: &str| on(s, doc).map(|r| r.0);
        assert_eq!(
            day("North Korea fired a missile yesterday."),
            Some("2024-10-30".into())
        );
        assert_eq!(
            on("The day before yesterday, Seoul protested.", doc).unwrap(),
            (
                "2024-10-29".into(),
                "The day before yesterday".into(),
                "day"
            )
        );
        assert_eq!(
            day("Pyongyang launched an ICBM on Tuesday."),
            Some("2024-10-29".into())
        );
        assert_eq!(
            day("It said on Thursday that ..."),
            Some("2024-10-31".into())
        );
        assert_eq!(day("It happened last Thursday."), Some("2024-10-24".into()));
        assert_eq!(
            day("Russia said three days ago ..."),
            Some("2024-10-28".into())
        );
        assert_eq!(day("Russia said 2 days ago ..."), Some("2024-10-29".into()));
        assert_eq!(day("Troops arrived this morning."), Some(doc.into()));
        assert_eq!(
            on("Troops arrived last week.", doc).unwrap(),
            ("2024-10-21".into(), "last week".into(), "week")
        );
        assert_eq!(
            on("Talks were held last month.", "2024-01-15").unwrap(),
            ("2023-12-01".into(), "last month".into(), "month")
        );
        // A date that only dates a report gives way to the reported event's own.
        assert_eq!(
            day("Seoul said on Wednesday that the North had sent troops last month."),
            Some("2024-09-01".into())
        );
        assert_eq!(
            day("Japan told reporters yesterday that China sent warships on Monday."),
            Some("2024-10-28".into())
        );
        assert_eq!(
            day("Russia attacked Kyiv on Monday, officials said yesterday."),
            Some("2024-10-28".into())
        );
        // (with no other, the report's date stands)
        assert_eq!(
            day("It said on Thursday that North Korea fired a missile."),
            Some("2024-10-31".into())
        );
        // Dates named by their month: in the year given, else the latest on or before the
        // document; "in March" the month; "this month" and "this week" their first days.
        assert_eq!(
            on("India tested a missile on 12 March.", doc).unwrap(),
            ("2024-03-12".into(), "12 March".into(), "day")
        );
        assert_eq!(
            day("India tested a missile on March 12, 2023."),
            Some("2023-03-12".into())
        );
        assert_eq!(day("Talks were held on Dec. 3."), Some("2023-12-03".into()));
        assert_eq!(
            day("Talks were held on 3rd November."),
            Some("2023-11-03".into())
        );
        assert_eq!(
            on("The treaty was signed in June.", doc).unwrap(),
            ("2024-06-01".into(), "June".into(), "month")
        );
        assert_eq!(
            on("The EU imposed sanctions earlier this month.", doc).unwrap(),
            ("2024-10-01".into(), "this month".into(), "month")
        );
        assert_eq!(
            on("Drills began this week.", doc).unwrap(),
            ("2024-10-28".into(), "this week".into(), "week")
        );
        // (a month that is no date: "may" as a verb, a march, "in May" spelt small)
        assert_eq!(day("Protesters march on 12 streets."), None);
        assert_eq!(day("China may act in may."), None);
        // The future, and words that only look like dates, change nothing.
        assert_eq!(day("Talks will resume next Tuesday."), None);
        assert_eq!(day("The summit was held in Pyongyang."), None);
        assert_eq!(day("Todayville residents protested."), None);
        let r = resolve(
            "a launch yesterday",
            vigil_model::date::parse_iso(doc).unwrap(),
        )
        .unwrap();
        assert_eq!(
            r.explain(vigil_model::date::parse_iso(doc).unwrap()),
            "\"yesterday\" in a document of 2024-10-31 gives 2024-10-30"
        );
    }
}
