//! Driver's licence decoding (`POST customers/driverslicense`, `api-docs/002_...`): the AAMVA text a
//! PDF417 scanner reads off the back of a Canadian licence, decoded by Flexiti into the credit
//! application's fields.

use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use time::Date;

use super::{FlexitiClient, FlexitiError, authorizations::wire_date, read_json};

/// What a driver's licence says, as the credit application asks for it.
///
/// `Debug` does not show the licence number.
#[derive(Debug, Clone)]
pub struct DriversLicence {
    /// Given name (`John`).
    pub first_name: String,
    /// Middle name, when the licence has one.
    pub middle_name: Option<String>,
    /// Family name.
    pub last_name: String,
    /// Date of birth.
    pub date_of_birth: Date,
    /// Street address (`55 UNIVERSITY AVE`).
    pub address: String,
    /// City.
    pub city: String,
    /// Province code (`ON`).
    pub province: String,
    /// Postal code as Flexiti formats it (`M5J 2H7`).
    pub postal_code: String,
    /// The application's government-ID type code (`CADL`).
    pub gov_id_type: String,
    /// The province that issued it.
    pub gov_id_issued_by: String,
    /// The licence number: used for the application, never stored or logged.
    pub gov_id_number: SecretString,
    /// The day it expires.
    pub gov_id_expiry: Date,
}

impl FlexitiClient {
    /// Decodes `aamva_text`, the text a PDF417 scanner read off a licence.
    ///
    /// # Errors
    /// Any [`FlexitiError`]; a licence that is not Canadian or not AAMVA text is `409` with the
    /// code `Driver License's not supported`; empty text, `409` with an empty code.
    pub async fn decode_drivers_licence(
        &self,
        aamva_text: &str,
    ) -> Result<DriversLicence, FlexitiError> {
        let body = LicenceRequest { code: aamva_text };
        let url = self.client_url(&["customers", "driverslicense"]);
        let response = self
            .authorized(|| self.http.post(url.clone()).json(&body))
            .await?;
        read_json::<LicenceResponse>(response).await?.try_into()
    }
}

#[derive(Serialize)]
struct LicenceRequest<'a> {
    code: &'a str,
}

#[derive(Deserialize)]
pub(super) struct LicenceResponse {
    first_name: String,
    #[serde(default)]
    middle_name: String,
    last_name: String,
    dob: String,
    #[serde(default)]
    address_1: String,
    #[serde(default)]
    city: String,
    province: String,
    #[serde(default)]
    postal_code: String,
    govid_type: String,
    govid_issuedby: String,
    govid_number: String,
    govid_expiry: String,
}

impl TryFrom<LicenceResponse> for DriversLicence {
    type Error = FlexitiError;

    fn try_from(wire: LicenceResponse) -> Result<DriversLicence, FlexitiError> {
        let middle_name = Some(wire.middle_name.trim().to_owned()).filter(|name| !name.is_empty());
        Ok(DriversLicence {
            first_name: wire.first_name,
            middle_name,
            last_name: wire.last_name,
            date_of_birth: wire_date(&wire.dob)?,
            address: wire.address_1,
            city: wire.city,
            province: wire.province,
            postal_code: wire.postal_code,
            gov_id_type: wire.govid_type,
            gov_id_issued_by: wire.govid_issuedby,
            gov_id_number: wire.govid_number.into(),
            gov_id_expiry: wire_date(&wire.govid_expiry)?,
        })
    }
}
