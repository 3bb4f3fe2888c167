//! Every error code the Flexiti docs list has an entry in our catalogue, read from the docs
//! themselves (`../shared/api-docs/`), so a code added to them cannot go unmapped.

use std::{collections::BTreeSet, fs, path::PathBuf};

use proxy::upstream::flexiti::catalogue_entry;
use shared::Locale;

fn docs(prefix: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/api-docs");
    let entry = fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .filter_map(Result::ok)
        .find(|entry| entry.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix}* in {}", dir.display()));
    fs::read_to_string(entry.path()).expect("readable docs")
}

fn is_code(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_lowercase())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The codes of the docs' error tables: `001_...` lists a status line, then the code line (some
/// lines name several codes); `000_...` has `status | code | scenario` rows; `002_...` has example
/// bodies with `"error": "code"`. The 403 row's text is the `insufficient_scope` error.
fn documented_codes() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let general = docs("001_");
    let lines: Vec<&str> = general
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && *line != "...")
        .collect();
    for pair in lines.windows(2) {
        if pair[0].len() == 3 && pair[0].chars().all(|c| c.is_ascii_digit()) {
            let named: Vec<&str> = pair[1].split(", ").collect();
            if named.iter().all(|code| is_code(code)) {
                codes.extend(named.iter().map(|code| (*code).to_owned()));
            }
        }
    }
    for line in docs("000_").lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() >= 3 && cells[0].len() == 3 && is_code(cells[1]) {
            codes.insert(cells[1].to_owned());
        }
    }
    for example in docs("002_").split("\"error\": \"").skip(1) {
        if let Some(code) = example.split('"').next().filter(|code| is_code(code)) {
            codes.insert(code.to_owned());
        }
    }
    if general.contains("Insufficient scope: authorized scope is insufficient") {
        codes.insert("insufficient_scope".into());
    }
    codes
}

#[test]
fn every_documented_flexiti_error_has_a_bilingual_catalogue_entry() {
    let codes = documented_codes();
    assert!(
        codes.len() >= 50,
        "the docs' tables were not read: {codes:?}"
    );
    let unmapped: Vec<&String> = codes
        .iter()
        .filter(|code| catalogue_entry(code).is_none())
        .collect();
    assert_eq!(unmapped, Vec::<&String>::new(), "codes without an entry");
    for code in &codes {
        let entry = catalogue_entry(code).expect("mapped");
        assert_ne!(
            entry.message(Locale::EnCa),
            entry.message(Locale::FrCa),
            "{code}"
        );
    }
    println!(
        "Flexiti error codes documented: {}, mapped to the catalogue: {}",
        codes.len(),
        codes.len() - unmapped.len()
    );
}

#[test]
fn what_the_shopper_can_act_on_keeps_its_own_entry() {
    let distinct = [
        "user_not_active",
        "user_not_able_to_purchase",
        "not_enough_credit",
        "secret_answer_mismatch",
        "wrong_verification_code",
        "tries_exceed",
        "piw_mismatch",
        "plan_term_not_available",
        "tos_agreement_required",
        "customer_already_exists",
        "application_declined",
        "application_marked_pending_1",
    ];
    let entries: BTreeSet<_> = distinct
        .iter()
        .map(|code| catalogue_entry(code).expect("mapped").as_str())
        .collect();
    assert_eq!(entries.len(), distinct.len(), "{entries:?}");
}
