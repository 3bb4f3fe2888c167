//! `POST customers/driverslicense`: decodes the AAMVA text a PDF417 scanner reads off the back of a
//! Canadian driver's licence into the application's fields.
//!
//! Readings: the body is `{ "code": "<the scanned text>" }`. Data elements are AAMVA's three-letter
//! ids at the start of a line (`DCS` last name, `DAC` first, `DAD` middle, `DBB` birth date,
//! `DBA` expiry, `DAG` street, `DAI` city, `DAJ` province, `DAK` postal code, `DAQ` licence
//! number); dates are `CCYYMMDD` (Canada) or `MMDDCCYY` (the US order). Text without the `ANSI `
//! header, or from outside Canada, is "Driver License's not supported"; no `code` at all is the
//! docs' empty error.

use axum::{Json, body::Bytes, extract::OriginalUri, http::StatusCode};
use serde_json::{Value, json};

use super::{FlexitiError, validation};

/// Answers the decoded licence.
pub(super) async fn decode(
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<Json<Value>, FlexitiError> {
    let url = uri.path();
    let map = validation::object(&body);
    let code = map.get("code").and_then(Value::as_str).unwrap_or_default();
    if code.trim().is_empty() {
        return Err(FlexitiError::endpoint(
            StatusCode::CONFLICT,
            url,
            "",
            "It has been following errors:",
        ));
    }
    parse(code).map(Json).ok_or_else(|| {
        FlexitiError::endpoint(
            StatusCode::CONFLICT,
            url,
            "Driver License's not supported",
            "It has been following errors:",
        )
    })
}

/// The value of data element `id` (the rest of the line that starts with it).
fn element<'a>(text: &'a str, id: &str) -> Option<&'a str> {
    // The first element follows the subfile designator on the header line (`...DLDAQD6101...`).
    let after_designator = format!("DL{id}");
    text.split(['\n', '\r'])
        .find_map(|line| {
            let line = line.trim_start();
            line.strip_prefix(id).or_else(|| {
                line.find(&after_designator)
                    .map(|at| &line[at + after_designator.len()..])
            })
        })
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

/// `CCYYMMDD` or `MMDDCCYY` as `YYYY-MM-DD`.
fn date(value: &str) -> Option<String> {
    if value.len() != 8 || !value.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (year, month, day) = if value.starts_with("19") || value.starts_with("20") {
        (&value[..4], &value[4..6], &value[6..])
    } else {
        (&value[4..], &value[..2], &value[2..4])
    };
    Some(format!("{year}-{month}-{day}"))
}

fn parse(text: &str) -> Option<Value> {
    if !text.contains("ANSI ") {
        return None;
    }
    let province = element(text, "DAJ")?.to_ascii_uppercase();
    if !shared::is_province_code(&province) {
        return None;
    }
    let postal = element(text, "DAK").unwrap_or_default();
    let postal = if postal.len() == 6 {
        format!("{} {}", &postal[..3], &postal[3..])
    } else {
        postal.to_owned()
    };
    Some(json!({
        "first_name": title(element(text, "DAC")?),
        "middle_name": title(element(text, "DAD").unwrap_or_default()),
        "last_name": title(element(text, "DCS")?),
        "dob": date(element(text, "DBB")?)?,
        "address_1": element(text, "DAG").unwrap_or_default(),
        "city": element(text, "DAI").unwrap_or_default(),
        "province": province,
        "postal_code": postal,
        "govid_type": "CADL",
        "govid_issuedby": province,
        "govid_number": element(text, "DAQ")?.replace(['-', ' '], ""),
        "govid_expiry": date(element(text, "DBA")?)?,
    }))
}

/// `JOHN` → `John`, as the docs' example answers names.
fn title(name: &str) -> String {
    name.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| {
                    first
                        .to_uppercase()
                        .chain(chars.flat_map(char::to_lowercase))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The docs' example licence, as an Ontario scanner reads it.
    pub(crate) const ONTARIO: &str = "@\n\u{1e}\rANSI 636012080002DL00410278ZO03190008DLDAQD6101-40706-60905\nDCSDOE\nDACJOHN\nDADGREY\nDBD20150515\nDBB19740515\nDBA20200515\nDBC1\nDAG55 UNIVERSITY AVE\nDAITORONTO\nDAJON\nDAKM5J2H7\nDCGCAN\n";

    #[test]
    fn the_docs_example_decodes_to_the_docs_answer() {
        let decoded = parse(ONTARIO).expect("a Canadian licence");
        assert_eq!(
            decoded,
            json!({ "first_name": "John", "middle_name": "Grey", "last_name": "Doe", "dob": "1974-05-15",
                "address_1": "55 UNIVERSITY AVE", "city": "TORONTO", "province": "ON", "postal_code": "M5J 2H7",
                "govid_type": "CADL", "govid_issuedby": "ON", "govid_number": "D61014070660905", "govid_expiry": "2020-05-15" })
        );
    }

    #[test]
    fn us_dates_and_foreign_or_garbled_licences() {
        assert_eq!(date("05151974").as_deref(), Some("1974-05-15"));
        assert!(
            parse(&ONTARIO.replace("DAJON", "DAJNY")).is_none(),
            "a New York licence"
        );
        assert!(parse("hello").is_none());
    }
}
