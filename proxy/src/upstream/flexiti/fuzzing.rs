//! Fuzzing entry point (feature `fuzzing`, not part of the API): every Flexiti answer we read,
//! through the same decoding and conversion as a real call, from arbitrary bytes.

use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use super::{
    Authorization, Capture, DriversLicence, FoundAccount, Refund, Verification, applications,
    authorizations, customers, history, i18n, licence, offers, purchases, refunds, refusal,
    token_of, wire,
};

/// How many answers [`answer`] knows: `which` is taken modulo this.
pub const ANSWERS: usize = 17;

/// Reads `body` as the answer numbered `which` (modulo [`ANSWERS`]). Errors are expected; a
/// panic, a hang or an unbounded allocation is the finding.
pub fn answer(which: usize, body: &[u8]) {
    match which % ANSWERS {
        0 => convert(body, token_of),
        1 => {
            let status = StatusCode::from_u16(400 + (body.len() % 200) as u16)
                .unwrap_or(StatusCode::BAD_REQUEST);
            let _ = refusal(status, serde_json::from_slice::<wire::ErrorBody>(body).ok());
        }
        2 => {
            if let Ok(login) = super::json_of::<wire::LoginResponse>(body) {
                let _ = serde_json::to_vec(&wire::FormConfigOut::from(login.form_values));
            }
        }
        3 => convert(body, |answer: applications::WireInitAnswer| {
            answer.widget_session_id
        }),
        4 => convert(body, |answer: applications::WireApproval| {
            applications::Approved::try_from(answer)
        }),
        5 => convert(body, |wire: authorizations::WireAuthorization| {
            Authorization::try_from(wire)
        }),
        6 => convert(body, |list: authorizations::AuthorizationList| {
            list.authorizations
                .into_iter()
                .map(Authorization::try_from)
                .collect::<Vec<_>>()
        }),
        7 => convert(body, |wire: authorizations::WireCapture| {
            Capture::try_from(wire)
        }),
        8 => convert(body, |list: authorizations::CaptureList| {
            list.captures
                .into_iter()
                .map(Capture::try_from)
                .collect::<Vec<_>>()
        }),
        9 => convert(body, |account: customers::WireAccount| {
            FoundAccount::try_from(account)
        }),
        10 => {
            for verification in [Verification::Sms, Verification::Email, question()] {
                convert(body, |answer| customers::verified(answer, &verification));
            }
        }
        11 => convert(body, |answer: history::WireHistory| {
            answer
                .transactions
                .into_iter()
                .map(history::posted)
                .collect::<Vec<_>>()
        }),
        12 => convert(body, |answer: i18n::WireMessages| answer.messages),
        13 => convert(
            body,
            |messages: std::collections::BTreeMap<String, String>| messages,
        ),
        14 => convert(body, |answer: licence::LicenceResponse| {
            DriversLicence::try_from(answer)
        }),
        15 => convert(body, |quote| offers::plan_quote(quote, 195_700, 12)),
        _ => {
            convert(body, |receipt| purchases::receipt_of(receipt, 195_700, 12));
            convert(body, |answer: refunds::RefundResponse| Refund::from(answer));
        }
    }
}

/// Decodes `body` as JSON of `T`, then converts it.
fn convert<T: DeserializeOwned, U>(body: &[u8], conversion: impl FnOnce(T) -> U) {
    if let Ok(decoded) = serde_json::from_slice::<T>(body) {
        drop(conversion(decoded));
    }
}

fn question() -> Verification {
    Verification::SecurityQuestion {
        question_id: "1".into(),
        answer: "answer".to_owned().into(),
    }
}
