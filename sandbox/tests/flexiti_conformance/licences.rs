//! Driver's licence barcodes.

use reqwest::StatusCode;
use serde_json::json;

#[allow(clippy::wildcard_imports)]
use crate::walk::*;

/// The back of the docs' example licence, as a PDF417 scanner reads it.
pub(crate) const ONTARIO_LICENCE: &str = "@\n\u{1e}\rANSI 636012080002DL00410278ZO03190008DLDAQD6101-40706-60905\nDCSDOE\nDACJOHN\nDADGREY\nDBB19740515\nDBA20200515\nDAG55 UNIVERSITY AVE\nDAITORONTO\nDAJON\nDAKM5J2H7\n";

pub(crate) async fn scanning_licences(walk: &mut Walk) {
    let endpoint = "POST customers/driverslicense";
    let (status, decoded) = walk
        .post(
            endpoint,
            "customers/driverslicense",
            json!({ "code": ONTARIO_LICENCE }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{decoded}");
    assert_eq!(
        (
            decoded["first_name"].clone(),
            decoded["govid_number"].clone()
        ),
        (json!("John"), json!("D61014070660905"))
    );
    assert_eq!(
        (decoded["dob"].clone(), decoded["postal_code"].clone()),
        (json!("1974-05-15"), json!("M5J 2H7"))
    );
    let garbled = walk
        .post(
            endpoint,
            "customers/driverslicense",
            json!({ "code": "hello" }),
        )
        .await;
    assert_eq!(
        (garbled.0, garbled.1["error"].as_str()),
        (StatusCode::CONFLICT, Some("Driver License's not supported"))
    );
    let missing = walk
        .post(endpoint, "customers/driverslicense", json!({}))
        .await;
    assert_eq!(
        (missing.0, missing.1["error"].as_str()),
        (StatusCode::CONFLICT, Some(""))
    );
}
