//! The merchant's side of credit authorizations (`api-docs/001_...`, "Transaction Endpoint
//! Errors"): list and show authorizations, capture or release what is held, return a capture, list
//! captures. The docs give these endpoints' errors only; the bodies are the sandbox's reading
//! (`sandbox/README.md`, "Authorizations").

use std::{collections::BTreeMap, fmt};

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use time::{Date, Month};

use super::{FlexitiClient, FlexitiError, money::Dollars, read_json};

/// Flexiti's id of a credit authorization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AuthorizationId(pub u64);

/// Flexiti's id of a capture: the purchase a capture posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaptureId(pub u64);

impl fmt::Display for AuthorizationId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(formatter)
    }
}

impl fmt::Display for CaptureId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(formatter)
    }
}

/// Where an authorization stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthorizationStatus {
    /// Something is still held: it can be captured or released.
    Open,
    /// Nothing is held any more (`authorization_ended` if captured or released again).
    Closed,
    /// The account can no longer purchase (closed or frozen since the hold).
    Unauthorized,
    /// Held back by Flexiti ("onhold", named by the docs' `not_permitted` row).
    OnHold,
    /// A status the docs do not name; treat it as not capturable.
    Unrecognized,
}

/// A credit authorization: open-to-buy held on an account until captured or released.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// Its id.
    pub id: AuthorizationId,
    /// The account the amount is held on.
    pub account_number: u64,
    /// What was authorized, in cents.
    pub amount_cents: u64,
    /// What is still held (neither captured nor released), in cents.
    pub remaining_cents: u64,
    /// Where it stands.
    pub status: AuthorizationStatus,
    /// The financing plan (`0` for a regular purchase).
    pub plan_id: String,
    /// The plan's term in months; `None` for a regular purchase.
    pub term: Option<u32>,
    /// The day it was made.
    pub created: Date,
    /// What has been captured from it.
    pub captures: Vec<Capture>,
}

/// A capture of an authorization: a posted purchase, part of which may have been returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    /// Its id.
    pub id: CaptureId,
    /// The authorization it was captured from.
    pub authorization_id: AuthorizationId,
    /// What was captured, in cents.
    pub amount_cents: u64,
    /// What has been returned of it, in cents.
    pub returned_cents: u64,
    /// The day it was captured (returns close 100 days later).
    pub created: Date,
}

impl Capture {
    /// What can still be returned, in cents.
    pub fn returnable_cents(&self) -> u64 {
        self.amount_cents.saturating_sub(self.returned_cents)
    }
}

/// How much of what is held (or captured) a capture, release or return takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Portion {
    /// Everything left (`full_capture`, `full_release`, `full_return`).
    All,
    /// This many cents.
    Cents(u64),
}

/// The days a listing covers, both ends included; an end left out is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    /// The first day (`date_from`).
    pub from: Option<Date>,
    /// The last day (`date_to`).
    pub to: Option<Date>,
}

impl FlexitiClient {
    /// The authorizations made in `range` (`GET authorizations`).
    ///
    /// # Errors
    /// Any [`FlexitiError`]; `from` after `to` is `date_from_bigger_than_date_to`.
    pub async fn list_authorizations(
        &self,
        range: DateRange,
    ) -> Result<Vec<Authorization>, FlexitiError> {
        let listed: AuthorizationList = self.get_dated("authorizations", range).await?;
        listed
            .authorizations
            .into_iter()
            .map(Authorization::try_from)
            .collect()
    }

    /// One authorization with its captures (`GET authorization/{id}`).
    ///
    /// # Errors
    /// Any [`FlexitiError`]; an unknown id is `400 not_found`.
    pub async fn authorization(&self, id: AuthorizationId) -> Result<Authorization, FlexitiError> {
        let url = self.client_url(&["authorization", &id.to_string()]);
        let response = self.authorized(|| self.http.get(url.clone())).await?;
        read_json::<WireAuthorization>(response).await?.try_into()
    }

    /// Captures `portion` of what `id` holds: posts it as a purchase.
    ///
    /// Not idempotent: after [`FlexitiError::Unreachable`] the capture may have happened, so read
    /// the authorization before trying again.
    ///
    /// # Errors
    /// Any [`FlexitiError`]; above what is held, `auth_amount_exceeded`; once nothing is held,
    /// `authorization_ended`; an account that can no longer purchase, `authorization_unauthorized`.
    pub async fn capture_authorization(
        &self,
        id: AuthorizationId,
        portion: Portion,
    ) -> Result<Capture, FlexitiError> {
        let id = id.to_string();
        let wire: WireCapture = self
            .post_portion(&["authorization", &id, "capture"], portion, "full_capture")
            .await?;
        wire.try_into()
    }

    /// Releases `portion` of what `id` holds back to the account's open-to-buy.
    ///
    /// # Errors
    /// As [`FlexitiClient::capture_authorization`].
    pub async fn release_authorization(
        &self,
        id: AuthorizationId,
        portion: Portion,
    ) -> Result<Authorization, FlexitiError> {
        let id = id.to_string();
        let wire: WireAuthorization = self
            .post_portion(&["authorization", &id, "release"], portion, "full_release")
            .await?;
        wire.try_into()
    }

    /// Returns `portion` of capture `capture_id` of authorization `id` (a promotional purchase
    /// only, up to 100 days after the capture).
    ///
    /// Not idempotent: after [`FlexitiError::Unreachable`], read the authorization first.
    ///
    /// # Errors
    /// Any [`FlexitiError`]; above what is left of the capture, `capture_amount_exceeded`; after
    /// 100 days, `return_date_exceeded`; of a regular purchase, `wrong_transaction_type`.
    pub async fn return_capture(
        &self,
        id: AuthorizationId,
        capture_id: CaptureId,
        portion: Portion,
    ) -> Result<Capture, FlexitiError> {
        let (id, capture_id) = (id.to_string(), capture_id.to_string());
        let segments = ["authorization", &id, "capture", &capture_id, "return"];
        let wire: WireCapture = self.post_portion(&segments, portion, "full_return").await?;
        wire.try_into()
    }

    /// The captures made in `range` (`GET captures`).
    ///
    /// # Errors
    /// As [`FlexitiClient::list_authorizations`].
    pub async fn list_captures(&self, range: DateRange) -> Result<Vec<Capture>, FlexitiError> {
        let listed: CaptureList = self.get_dated("captures", range).await?;
        listed.captures.into_iter().map(Capture::try_from).collect()
    }

    /// `POST {segments}` with `{ "amount": dollars }` or `{ full_flag: true }`.
    async fn post_portion<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        portion: Portion,
        full_flag: &str,
    ) -> Result<T, FlexitiError> {
        let body = match portion {
            Portion::All => PortionBody::All(BTreeMap::from([(full_flag, true)])),
            Portion::Cents(cents) => PortionBody::Amount {
                amount: Dollars(cents),
            },
        };
        let url = self.client_url(segments);
        let response = self
            .authorized(|| self.http.post(url.clone()).json(&body))
            .await?;
        read_json(response).await
    }

    /// `GET {listing}?date_from=&date_to=`.
    async fn get_dated<T: DeserializeOwned>(
        &self,
        listing: &str,
        range: DateRange,
    ) -> Result<T, FlexitiError> {
        let ends = [("date_from", range.from), ("date_to", range.to)];
        let query: Vec<(&str, String)> = ends
            .into_iter()
            .filter_map(|(name, day)| Some((name, wire_date_text(day?))))
            .collect();
        let url = self.client_url(&[listing]);
        let response = self
            .authorized(|| self.http.get(url.clone()).query(&query))
            .await?;
        read_json(response).await
    }
}

/// Flexiti's dates, `YYYY-MM-DD` (`creation_date`, `dob`, `govid_expiry`).
///
/// # Errors
/// [`FlexitiError::Malformed`] for anything else.
pub(super) fn wire_date(text: &str) -> Result<Date, FlexitiError> {
    // Not the text itself: a licence's date of birth passes here, and errors are logged.
    let malformed = || FlexitiError::Malformed("a date that is not YYYY-MM-DD".into());
    let mut parts = text.trim().splitn(3, '-');
    let mut number = |digits: usize| {
        parts
            .next()
            .filter(|part| part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|part| part.parse::<u16>().ok())
            .ok_or_else(malformed)
    };
    let (year, month, day) = (number(4)?, number(2)?, number(2)?);
    let month = u8::try_from(month)
        .ok()
        .and_then(|month| Month::try_from(month).ok())
        .ok_or_else(malformed)?;
    let day = u8::try_from(day).map_err(|_| malformed())?;
    Date::from_calendar_date(i32::from(year), month, day).map_err(|_| malformed())
}

/// A date as Flexiti writes it: `YYYY-MM-DD`.
fn wire_date_text(date: Date) -> String {
    let (year, month, day) = date.to_calendar_date();
    format!("{year:04}-{:02}-{day:02}", u8::from(month))
}

/// The body of a capture, release or return: `{ "amount": 12.5 }` or `{ "full_capture": true }`.
#[derive(Serialize)]
#[serde(untagged)]
enum PortionBody<'a> {
    All(BTreeMap<&'a str, bool>),
    Amount { amount: Dollars },
}

#[derive(Deserialize)]
pub(super) struct AuthorizationList {
    pub(super) authorizations: Vec<WireAuthorization>,
}

#[derive(Deserialize)]
pub(super) struct CaptureList {
    pub(super) captures: Vec<WireCapture>,
}

#[derive(Deserialize)]
pub(super) struct WireAuthorization {
    authorization_id: u64,
    account_number: u64,
    amount: Dollars,
    remaining_amount: Dollars,
    status: String,
    plan_id: String,
    term: String,
    creation_date: String,
    captures: Vec<WireCapture>,
}

#[derive(Deserialize)]
pub(super) struct WireCapture {
    capture_id: u64,
    authorization_id: u64,
    amount: Dollars,
    returned_amount: Dollars,
    creation_date: String,
}

impl TryFrom<WireAuthorization> for Authorization {
    type Error = FlexitiError;

    fn try_from(wire: WireAuthorization) -> Result<Authorization, FlexitiError> {
        let term = match wire.term.trim() {
            "" => None,
            months => Some(months.parse().map_err(|_| {
                FlexitiError::Malformed(format!("term {months:?} is not a number of months"))
            })?),
        };
        Ok(Authorization {
            id: AuthorizationId(wire.authorization_id),
            account_number: wire.account_number,
            amount_cents: wire.amount.cents(),
            remaining_cents: wire.remaining_amount.cents(),
            status: AuthorizationStatus::from_wire(&wire.status),
            plan_id: wire.plan_id,
            term,
            created: wire_date(&wire.creation_date)?,
            captures: wire
                .captures
                .into_iter()
                .map(Capture::try_from)
                .collect::<Result<_, _>>()?,
        })
    }
}

impl TryFrom<WireCapture> for Capture {
    type Error = FlexitiError;

    fn try_from(wire: WireCapture) -> Result<Capture, FlexitiError> {
        Ok(Capture {
            id: CaptureId(wire.capture_id),
            authorization_id: AuthorizationId(wire.authorization_id),
            amount_cents: wire.amount.cents(),
            returned_cents: wire.returned_amount.cents(),
            created: wire_date(&wire.creation_date)?,
        })
    }
}

impl AuthorizationStatus {
    fn from_wire(status: &str) -> AuthorizationStatus {
        match status.trim().to_ascii_lowercase().as_str() {
            "open" => AuthorizationStatus::Open,
            "closed" => AuthorizationStatus::Closed,
            "unauthorized" => AuthorizationStatus::Unauthorized,
            "onhold" | "on_hold" | "on hold" => AuthorizationStatus::OnHold,
            other => {
                tracing::warn!(
                    status = other,
                    "Flexiti authorization status not in the docs"
                );
                AuthorizationStatus::Unrecognized
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_and_write_as_the_wire_has_them() {
        let day = |d| Date::from_calendar_date(2026, Month::January, d).ok();
        assert_eq!(wire_date("2026-01-31").ok(), day(31));
        assert_eq!(day(5).map(wire_date_text).as_deref(), Some("2026-01-05"));
        for text in [
            "2026-02-30",
            "2026-1-05",
            "20260105",
            "2026-01-05T00:00",
            "",
        ] {
            assert!(wire_date(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn a_regular_purchase_has_no_term_and_a_decimal_amount_reads_exactly() {
        let wire: WireAuthorization = serde_json::from_value(serde_json::json!({
            "authorization_id": 900001, "account_number": 30000001, "amount": 1234.56,
            "remaining_amount": "1,000.01", "status": "open", "plan_id": "0", "term": "",
            "creation_date": "2026-01-05", "captures": []
        }))
        .expect("the sandbox's shape");
        let authorization = Authorization::try_from(wire).expect("valid");
        assert_eq!(
            (authorization.amount_cents, authorization.remaining_cents),
            (123_456, 100_001)
        );
        assert_eq!(authorization.term, None);
    }
}
