//! The cardholder and billing-address fields shared by the vault and the pass-in payment methods,
//! with their documented validations.
//!
//! The docs require different fields in different places. Reading each table literally:
//! the vault and `gateways/authorize` (pass-in card and third-party token) require `firstName`,
//! `lastName`, `address1`, `postalCode`, `city`, `state` and a three-letter `country`
//! ([`Rules::Strict`]); `gateways/charge` pass-ins accept `fullName` instead of the two names, make
//! `address1` and `country` optional and let `country` be two letters, three letters or a name
//! ([`Rules::Lenient`]).

use serde::{Deserialize, Serialize};

use super::{FlexPayError, cards::present};

/// Which table of the docs applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// The vault and `gateways/authorize`.
    Strict,
    /// `gateways/charge`.
    Lenient,
}

/// The cardholder fields as sent.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HolderInput {
    first_name: Option<String>,
    last_name: Option<String>,
    full_name: Option<String>,
    address1: Option<String>,
    address2: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    state: Option<String>,
    country: Option<String>,
    /// `email`: also decides whether a customer id can be minted.
    pub email: Option<String>,
    phone_number: Option<String>,
}

/// The cardholder fields once valid, as the payment-method core object shows them.
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Holder {
    /// `firstName`
    pub first_name: Option<String>,
    /// `lastName`
    pub last_name: Option<String>,
    /// `fullName`
    pub full_name: Option<String>,
    /// `address1`
    pub address1: Option<String>,
    /// `address2`
    pub address2: Option<String>,
    /// `postalCode`
    pub postal_code: Option<String>,
    /// `city`
    pub city: Option<String>,
    /// `state`
    pub state: Option<String>,
    /// `country`
    pub country: Option<String>,
    /// `email`
    pub email: Option<String>,
    /// `phoneNumber`
    pub phone_number: Option<String>,
}

/// Refuses a value longer than `max` characters with `code`.
///
/// # Errors
/// `400 code` naming `field`.
pub fn max_len(
    value: &Option<String>,
    max: usize,
    code: u32,
    field: &str,
) -> Result<(), FlexPayError> {
    match value {
        Some(v) if v.chars().count() > max => Err(FlexPayError::invalid(
            code,
            format!("{field} is longer than {max} characters"),
        )),
        _ => Ok(()),
    }
}

/// The value of a required field.
///
/// # Errors
/// `400 code` when it is missing or blank.
pub fn required(value: &Option<String>, code: u32, field: &str) -> Result<String, FlexPayError> {
    present(value)
        .map(str::to_owned)
        .ok_or_else(|| FlexPayError::invalid(code, format!("{field} is required")))
}

fn owned(value: &Option<String>) -> Option<String> {
    present(value).map(str::to_owned)
}

impl HolderInput {
    /// Validates the fields under `rules`; `path` prefixes field names in error details.
    ///
    /// # Errors
    /// The first documented rule broken: names, address, postal code, city, state, country,
    /// email, phone, in the docs' order.
    pub fn validate(&self, rules: Rules, path: &str) -> Result<Holder, FlexPayError> {
        let (first_name, last_name) = self.names(rules, path)?;
        max_len(&self.full_name, 100, 50028, &format!("{path}.fullName"))?;
        let address1 = match rules {
            Rules::Strict => Some(required(
                &self.address1,
                50099,
                &format!("{path}.address1"),
            )?),
            Rules::Lenient => owned(&self.address1),
        };
        max_len(&self.address1, 255, 50100, &format!("{path}.address1"))?;
        max_len(&self.address2, 255, 50119, &format!("{path}.address2"))?;
        let postal_code = required(&self.postal_code, 50094, &format!("{path}.postalCode"))?;
        max_len(&self.postal_code, 100, 50095, &format!("{path}.postalCode"))?;
        let city = required(&self.city, 50097, &format!("{path}.city"))?;
        max_len(&self.city, 100, 50098, &format!("{path}.city"))?;
        let state = required(&self.state, 50096, &format!("{path}.state"))?;
        max_len(&self.state, 100, 50029, &format!("{path}.state"))?;
        let country = self.country(rules, path)?;
        max_len(&self.email, 100, 50015, &format!("{path}.email"))?;
        max_len(
            &self.phone_number,
            100,
            50020,
            &format!("{path}.phoneNumber"),
        )?;
        Ok(Holder {
            first_name,
            last_name,
            full_name: owned(&self.full_name),
            address1,
            address2: owned(&self.address2),
            postal_code: Some(postal_code),
            city: Some(city),
            state: Some(state),
            country,
            email: owned(&self.email),
            phone_number: owned(&self.phone_number),
        })
    }

    /// Strict: both names (50088, 50089). Lenient: both names or a `fullName` (50090), which is
    /// split at its last space ("Jean-Luc Picard" gives "Jean-Luc" and "Picard").
    fn names(
        &self,
        rules: Rules,
        path: &str,
    ) -> Result<(Option<String>, Option<String>), FlexPayError> {
        let (first, last) = match rules {
            Rules::Strict => (
                Some(required(
                    &self.first_name,
                    50088,
                    &format!("{path}.firstName"),
                )?),
                Some(required(
                    &self.last_name,
                    50089,
                    &format!("{path}.lastName"),
                )?),
            ),
            Rules::Lenient => match (owned(&self.first_name), owned(&self.last_name)) {
                (Some(first), Some(last)) => (Some(first), Some(last)),
                _ => split_full_name(present(&self.full_name)).ok_or_else(|| {
                    FlexPayError::invalid(
                        50090,
                        format!(
                            "{path}.fullName or {path}.firstName and {path}.lastName are required"
                        ),
                    )
                })?,
            },
        };
        max_len(&first, 50, 50091, &format!("{path}.firstName"))?;
        max_len(&last, 50, 50092, &format!("{path}.lastName"))?;
        Ok((first, last))
    }

    /// Strict: required (50093), three letters (50039). Lenient: optional; two letters, three
    /// letters or a country name of letters and spaces up to 50 characters (50039). The sandbox
    /// checks the shape only; it carries no ISO 3166-1 table.
    fn country(&self, rules: Rules, path: &str) -> Result<Option<String>, FlexPayError> {
        let field = format!("{path}.country");
        let value = match rules {
            Rules::Strict => Some(required(&self.country, 50093, &field)?),
            Rules::Lenient => owned(&self.country),
        };
        let Some(country) = value else {
            return Ok(None);
        };
        let letters = country.chars().all(|c| c.is_ascii_alphabetic());
        let valid = match rules {
            Rules::Strict => letters && country.len() == 3,
            Rules::Lenient => {
                (letters && (2..=3).contains(&country.len()))
                    || (country.chars().count() <= 50
                        && country.chars().all(|c| c.is_alphabetic() || c == ' '))
            }
        };
        if valid {
            Ok(Some(country))
        } else {
            Err(FlexPayError::invalid(
                50039,
                format!("{field} is not an ISO 3166-1 country code"),
            ))
        }
    }
}

fn split_full_name(full_name: Option<&str>) -> Option<(Option<String>, Option<String>)> {
    let full_name = full_name?;
    Some(match full_name.rsplit_once(' ') {
        Some((first, last)) => (Some(first.trim().to_owned()), Some(last.to_owned())),
        None => (Some(full_name.to_owned()), None),
    })
}

impl Holder {
    /// The stored fields with those `update` sends in their place, ready to be validated again.
    /// A field sent blank is cleared (and refused if required); a field not sent is kept.
    pub fn overlay(&self, update: &HolderInput) -> HolderInput {
        let pick =
            |sent: &Option<String>, kept: &Option<String>| sent.clone().or_else(|| kept.clone());
        HolderInput {
            first_name: pick(&update.first_name, &self.first_name),
            last_name: pick(&update.last_name, &self.last_name),
            full_name: pick(&update.full_name, &self.full_name),
            address1: pick(&update.address1, &self.address1),
            address2: pick(&update.address2, &self.address2),
            postal_code: pick(&update.postal_code, &self.postal_code),
            city: pick(&update.city, &self.city),
            state: pick(&update.state, &self.state),
            country: pick(&update.country, &self.country),
            email: pick(&update.email, &self.email),
            phone_number: pick(&update.phone_number, &self.phone_number),
        }
    }
}
