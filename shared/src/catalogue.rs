//! The error catalogue: every error the proxy can return has a stable code here, the HTTP status
//! it travels with, whether trying again can help, and a message for shoppers in both languages
//! that says what happened and what to do next. The widget picks its copy by code and never shows
//! upstream text.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// Declares [`ErrorCode`] from one table, so that a code's wire name, status, retryability and
/// messages can never drift apart.
macro_rules! catalogue {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $wire:literal, $status:literal, $retryable:literal, $next:ident,
            en: $en:literal,
            fr: $fr:literal;
    )*) => {
        /// A stable, machine-readable error code. The serialized form (`snake_case`) is part of
        /// the public API: merchants and the widget match on it, so a code is never renamed.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(test, derive(ts_rs::TS))]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        /// Written as its wire name from the table ([`ErrorCode::as_str`]): serde's derive would
        /// compile a second copy of every name into the widget's first screen.
        impl Serialize for ErrorCode {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl ErrorCode {
            /// Every code, for exhaustive tests and documentation.
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            /// The stable code as it appears on the wire.
            pub const fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $wire, )* }
            }

            /// The HTTP status the proxy answers it with.
            pub const fn http_status(self) -> u16 {
                match self { $( ErrorCode::$variant => $status, )* }
            }

            /// Whether trying the same thing again later can succeed.
            pub const fn is_retryable(self) -> bool {
                match self { $( ErrorCode::$variant => $retryable, )* }
            }

            /// What the shopper can do now: the widget offers it as the way forward.
            pub const fn next_step(self) -> NextStep {
                match self { $( ErrorCode::$variant => NextStep::$next, )* }
            }

            /// What the shopper reads: what happened and what to do next.
            pub const fn message(self, locale: Locale) -> &'static str {
                match self { $( ErrorCode::$variant => locale.pick($en, $fr), )* }
            }
        }
    };
}

catalogue! {
    /// An upstream API could not be reached or did not answer in time.
    UpstreamUnavailable = "upstream_unavailable", 503, true, TryAgain,
        en: "We can't reach the payment service right now. Please try again in a moment.",
        fr: "Nous ne pouvons pas joindre le service de paiement pour le moment. Veuillez réessayer dans un instant.";
    /// An upstream API answered, but not in a way we could use.
    UpstreamError = "upstream_error", 502, true, TryAgain,
        en: "Something went wrong with the payment service. Please try again.",
        fr: "Un problème est survenu avec le service de paiement. Veuillez réessayer.";
    /// The store's set-up with Flexiti or FlexPay refused the call (credentials, permissions,
    /// options): nothing the shopper can fix; the merchant must.
    NotAvailableHere = "not_available_here", 502, false, ChooseAnotherWay,
        en: "This way to pay isn't available at this store right now. Please choose another way to pay.",
        fr: "Ce mode de paiement n'est pas offert dans cette boutique pour le moment. Veuillez choisir un autre mode de paiement.";
    /// The request itself was malformed (a missing or invalid parameter).
    InvalidRequest = "invalid_request", 400, false, CheckDetails,
        en: "Some information is missing or not valid. Please check it and try again.",
        fr: "Certains renseignements sont manquants ou invalides. Veuillez les vérifier et réessayer.";
    /// No such resource.
    NotFound = "not_found", 404, false, CheckDetails,
        en: "We couldn't find what you asked for. Please check the details and try again.",
        fr: "Nous n'avons pas trouvé ce que vous avez demandé. Veuillez vérifier les renseignements et réessayer.";
    /// A fault on our side.
    Internal = "internal", 500, true, TryAgain,
        en: "Something went wrong on our side. Please try again.",
        fr: "Un problème est survenu de notre côté. Veuillez réessayer.";
    /// No credentials, or not valid ones: the merchant API key or the widget's client token.
    Unauthenticated = "unauthenticated", 401, false, ReloadPage,
        en: "This checkout could not be verified. Please reload the page and try again.",
        fr: "Ce paiement n'a pas pu être vérifié. Veuillez recharger la page et réessayer.";
    /// The checkout session has expired: the shopper must start again from the merchant's page.
    SessionExpired = "session_expired", 410, false, StartAgain,
        en: "This checkout has expired. Please return to the store and start again.",
        fr: "Ce paiement a expiré. Veuillez retourner à la boutique et recommencer.";
    /// The checkout session is no longer open (paid or expired): it cannot be changed.
    SessionClosed = "session_closed", 409, false, Nothing,
        en: "This checkout is already complete and can no longer be changed.",
        fr: "Ce paiement est déjà terminé et ne peut plus être modifié.";
    /// The merchant changed the amount after the shopper saw it: they must see the new amount
    /// before confirming.
    AmountChanged = "amount_changed", 409, false, ReviewAmount,
        en: "The amount to pay has changed. Please review it and confirm again.",
        fr: "Le montant à payer a changé. Veuillez le vérifier et confirmer de nouveau.";
    /// A payment of this checkout is still being confirmed: paying again could charge twice.
    PaymentInProgress = "payment_in_progress", 409, true, Wait,
        en: "Your payment is being confirmed. Please wait a moment before trying again.",
        fr: "Votre paiement est en cours de confirmation. Veuillez patienter un instant avant de réessayer.";
    /// An `Idempotency-Key` sent again with another request than the one it was first sent with.
    IdempotencyKeyReused = "idempotency_key_reused", 422, false, CheckDetails,
        en: "This key was already used for a different request. Please send this request under a new key.",
        fr: "Cette clé a déjà servi à une autre demande. Veuillez envoyer cette demande sous une nouvelle clé.";
    /// Too many payments were attempted in this checkout.
    TooManyAttempts = "too_many_attempts", 429, false, ContactStore,
        en: "Too many payment attempts for this purchase. Please contact the store.",
        fr: "Trop de tentatives de paiement pour cet achat. Veuillez communiquer avec la boutique.";
    /// The merchant does not offer this way to pay in this checkout.
    MethodNotOffered = "method_not_offered", 409, false, ChooseAnotherWay,
        en: "This way to pay isn't offered for this purchase. Please choose another.",
        fr: "Ce mode de paiement n'est pas offert pour cet achat. Veuillez en choisir un autre.";
    /// The terms were not agreed to (`tos_agreement_required`).
    TermsNotAccepted = "terms_not_accepted", 409, false, CheckDetails,
        en: "Please read and accept the terms and conditions to continue.",
        fr: "Veuillez lire et accepter les conditions générales pour continuer.";
    /// The applicant already has an account (`customer_already_exists`).
    AlreadyACustomer = "already_a_customer", 409, false, UseExistingAccount,
        en: "You already have a Flexiti account. Please pay with your existing account instead.",
        fr: "Vous avez déjà un compte Flexiti. Veuillez plutôt payer avec votre compte existant.";
    /// Flexiti declined the application (`application_declined`, `_2`, `_3`).
    ApplicationDeclined = "application_declined", 409, false, ChooseAnotherWay,
        en: "We're sorry: Flexiti couldn't approve your application. You can still pay another way.",
        fr: "Nous sommes désolés : Flexiti n'a pas pu approuver votre demande. Vous pouvez tout de même payer autrement.";
    /// The application needs a review (`application_marked_pending_1`, `_2`).
    ApplicationPending = "application_pending", 409, false, ChooseAnotherWay,
        en: "Your application needs a closer look. Flexiti will contact you; meanwhile you can pay another way.",
        fr: "Votre demande doit être examinée de plus près. Flexiti communiquera avec vous; entre-temps, vous pouvez payer autrement.";
    /// The details sent differ from those the application started with (`not_verified`).
    ApplicationChanged = "application_changed", 409, false, CheckDetails,
        en: "Your details changed after you started. Please review them and submit again.",
        fr: "Vos renseignements ont changé depuis le début. Veuillez les vérifier et soumettre de nouveau.";
    /// An application of this checkout is still with Flexiti: sending another could ask for
    /// credit twice. Sent again once it is decided, it is answered with its decision.
    ApplicationInProgress = "application_in_progress", 409, true, Wait,
        en: "Your application is still being decided. Please wait a moment, then try again.",
        fr: "Votre demande est en cours de traitement. Veuillez patienter un instant, puis réessayer.";
    /// The account exists but is not activated yet (`user_not_active`).
    AccountNotActivated = "account_not_activated", 409, false, ActivateAccount,
        en: "Your Flexiti account isn't activated yet. Please activate it with Flexiti, then try again.",
        fr: "Votre compte Flexiti n'est pas encore activé. Veuillez l'activer auprès de Flexiti, puis réessayer.";
    /// The account is not in good standing (`user_not_able_to_purchase`).
    AccountUnavailable = "account_unavailable", 409, false, ChooseAnotherWay,
        en: "This Flexiti account can't be used right now. Please call Flexiti at 1-877-259-3750, or pay another way.",
        fr: "Ce compte Flexiti ne peut pas être utilisé pour le moment. Veuillez appeler Flexiti au 1-877-259-3750 ou payer autrement.";
    /// This store cannot take this kind of account (`merchant_not_support_nonprime_regularpurchase`).
    AccountNotAccepted = "account_not_accepted", 409, false, ChooseAnotherWay,
        en: "This store can't accept this Flexiti account. Please pay another way.",
        fr: "Cette boutique ne peut pas accepter ce compte Flexiti. Veuillez payer autrement.";
    /// The Flexiti card number does not belong to the account (`vcc_account_mismatch`).
    CardAccountMismatch = "card_account_mismatch", 409, false, CheckDetails,
        en: "This Flexiti card number doesn't belong to the account. Please check the number.",
        fr: "Ce numéro de carte Flexiti n'appartient pas au compte. Veuillez vérifier le numéro.";
    /// The security answer does not match (`secret_answer_mismatch`).
    WrongSecurityAnswer = "wrong_security_answer", 409, false, CheckDetails,
        en: "That answer doesn't match our records. Please check it and try again.",
        fr: "Cette réponse ne correspond pas à nos dossiers. Veuillez la vérifier et réessayer.";
    /// The personal identification word does not match (`piw_mismatch`).
    PiwMismatch = "piw_mismatch", 409, false, CheckDetails,
        en: "That personal identification word doesn't match our records. Please check it and try again.",
        fr: "Ce mot d'identification personnel ne correspond pas à nos dossiers. Veuillez le vérifier et réessayer.";
    /// Too many wrong answers in 48 hours (`tries_exceed`).
    TooManyTries = "too_many_tries", 429, false, VerifyAnotherWay,
        en: "Too many incorrect answers. For your security, verify with a code sent by text or email instead.",
        fr: "Trop de réponses incorrectes. Pour votre sécurité, vérifiez plutôt votre identité avec un code envoyé par texto ou par courriel.";
    /// The verification code is wrong (`wrong_verification_code`).
    WrongVerificationCode = "wrong_verification_code", 409, false, CheckDetails,
        en: "That code is incorrect. Please check it and try again, or ask for a new code.",
        fr: "Ce code est incorrect. Veuillez le vérifier et réessayer, ou demander un nouveau code.";
    /// The shopper must verify first (`verification_code_required`, `customer_identity_not_found`).
    VerificationRequired = "verification_required", 409, false, VerifyAnotherWay,
        en: "Please verify your identity to continue.",
        fr: "Veuillez confirmer votre identité pour continuer.";
    /// No usable phone on file for a texted code (`sms_not_valid_phone`).
    NoPhoneOnFile = "no_phone_on_file", 409, false, VerifyAnotherWay,
        en: "We can't text a code to this account. Please choose email or a security question.",
        fr: "Nous ne pouvons pas envoyer de code par texto à ce compte. Veuillez choisir le courriel ou une question de sécurité.";
    /// Not enough open-to-buy (`not_enough_credit`, `credit_exceeded`).
    NotEnoughCredit = "not_enough_credit", 409, false, ChooseAnotherWay,
        en: "There isn't enough available credit for this purchase. You can pay by card instead, or call Flexiti at 1-877-259-3750 about a higher limit.",
        fr: "Le crédit disponible ne suffit pas pour cet achat. Vous pouvez plutôt payer par carte, ou appeler Flexiti au 1-877-259-3750 pour une limite plus élevée.";
    /// The account's payments passed $10,000 in 24 hours (`limit_payment_amount_24`).
    DailyLimitReached = "daily_limit_reached", 409, false, ChooseAnotherWay,
        en: "This account has reached its daily limit. Please try again tomorrow or pay another way.",
        fr: "Ce compte a atteint sa limite quotidienne. Veuillez réessayer demain ou payer autrement.";
    /// The plan or term is not offered to this account (`plan_term_not_available`).
    PlanNotAvailable = "plan_not_available", 409, false, ChooseAnotherPlan,
        en: "This plan isn't available for your account. Please choose another plan.",
        fr: "Ce plan n'est pas offert pour votre compte. Veuillez choisir un autre plan.";
    /// More than the authorization still holds (`auth_amount_exceeded`).
    ExceedsAuthorization = "exceeds_authorization", 409, false, Nothing,
        en: "The amount is more than what remains authorized.",
        fr: "Le montant dépasse ce qui reste autorisé.";
    /// The authorization is closed or no longer authorized (`authorization_ended`,
    /// `authorization_unauthorized`).
    AuthorizationClosed = "authorization_closed", 409, false, Nothing,
        en: "This authorization is closed: nothing more can be captured or released.",
        fr: "Cette autorisation est close : plus rien ne peut être saisi ni libéré.";
    /// More than the capture or the balance allows back (`capture_amount_exceeded`,
    /// `refunds_limit_exceeded_amount`).
    ExceedsCapture = "exceeds_capture", 409, false, Nothing,
        en: "The amount is more than what can still be returned.",
        fr: "Le montant dépasse ce qui peut encore être remboursé.";
    /// A change asks for a way to pay the checkout's currency does not take: Flexiti credit is in
    /// Canadian dollars, so a `USD` checkout offers the card alone.
    NotInCurrency = "not_in_currency", 409, false, ChooseAnotherWay,
        en: "This way to pay isn't offered in this purchase's currency. Please choose another.",
        fr: "Ce mode de paiement n'est pas offert dans la devise de cet achat. Veuillez en choisir un autre.";
    /// A refund of a checkout that was never paid (open, or expired unpaid).
    NotPaid = "not_paid", 409, false, Nothing,
        en: "This checkout was not paid: there is nothing to refund.",
        fr: "Ce paiement n'a pas été effectué : il n'y a rien à rembourser.";
    /// A follow-up settled by hand that the ledger had settled the other way already.
    AlreadySettled = "already_settled", 409, false, Nothing,
        en: "This was already settled the other way. Please read it again before changing it.",
        fr: "Ceci a déjà été réglé dans l'autre sens. Veuillez le consulter de nouveau avant de le modifier.";
    /// The return window has passed (`return_date_exceeded`).
    ReturnWindowClosed = "return_window_closed", 409, false, Nothing,
        en: "The return period for this purchase has ended.",
        fr: "La période de retour de cet achat est terminée.";
    /// This purchase cannot be returned this way (`wrong_transaction_type`, `no_returns_found`).
    NotReturnable = "not_returnable", 409, false, Nothing,
        en: "This purchase can't be returned this way.",
        fr: "Cet achat ne peut pas être remboursé de cette façon.";
    /// Too many requests of one kind from one checkout (or one address) in a short time: the
    /// answer's `Retry-After` says when to try again.
    TooManyRequests = "too_many_requests", 429, true, Wait,
        en: "Too many tries in a short time. Please wait a few minutes, then try again.",
        fr: "Trop d'essais en peu de temps. Veuillez patienter quelques minutes, puis réessayer.";
    /// The request's body is larger than any valid request's.
    RequestTooLarge = "request_too_large", 413, false, CheckDetails,
        en: "What was sent is too large. Please check the information and try again.",
        fr: "Les renseignements envoyés sont trop volumineux. Veuillez les vérifier et réessayer.";
    /// The proxy could not answer in time. Whatever was under way goes on and is recorded:
    /// trying again later finds its outcome instead of starting it twice.
    TimedOut = "timed_out", 504, true, Wait,
        en: "This is taking longer than usual. Please wait a moment, then try again.",
        fr: "Cela prend plus de temps que d'habitude. Veuillez patienter un instant, puis réessayer.";
}

/// What the shopper can do after an error: the widget turns it into the way forward (a button, a
/// link to another way to pay...). The serialized form (`snake_case`) is part of the public API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NextStep {
    /// Try the same thing again in a moment.
    TryAgain,
    /// Wait: something under way must finish first.
    Wait,
    /// Correct what was entered, then submit again.
    CheckDetails,
    /// Pay another way (another method, or another card).
    ChooseAnotherWay,
    /// Pay with the Flexiti account the shopper already has.
    UseExistingAccount,
    /// Activate the Flexiti account, then come back.
    ActivateAccount,
    /// Prove the account is theirs another way (another question, a code by text or e-mail).
    VerifyAnotherWay,
    /// Choose another financing plan.
    ChooseAnotherPlan,
    /// Look at the new amount, then confirm again.
    ReviewAmount,
    /// Reload the page the checkout is in.
    ReloadPage,
    /// Go back to the store and start the checkout again.
    StartAgain,
    /// Contact the store.
    ContactStore,
    /// Nothing: the message is all there is (e.g. the checkout is already paid).
    Nothing,
}

/// The body of every error response of the proxy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// The stable code.
    pub code: ErrorCode,
    /// The shopper message, in the request's language.
    pub message: String,
    /// Whether the same request may succeed later.
    pub retryable: bool,
    /// What the shopper can do now.
    pub next_step: NextStep,
    /// The request parameter at fault, when one is (for merchants' developers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// The fields to put right, each with its message, when the request was a form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// One field of a form the proxy refused, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's id, as the form names it (`dob`, `postal_code`...).
    pub field: String,
    /// What the shopper reads beside it, in the request's language.
    pub message: String,
}

impl ApiError {
    /// The catalogue's body for `code` in `locale`.
    pub fn new(code: ErrorCode, locale: Locale) -> ApiError {
        ApiError {
            code,
            message: code.message(locale).to_owned(),
            retryable: code.is_retryable(),
            next_step: code.next_step(),
            param: None,
            fields: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_code_serializes_to_its_stable_string_once() {
        let mut seen = HashSet::new();
        for &code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).expect("serialize");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert!(seen.insert(code.as_str()), "{code:?} is listed twice");
        }
    }

    #[test]
    fn every_code_has_distinct_english_and_french_messages_and_an_error_status() {
        for &code in ErrorCode::ALL {
            let (en, fr) = (code.message(Locale::EnCa), code.message(Locale::FrCa));
            assert!(!en.is_empty() && !fr.is_empty(), "{code:?}");
            assert_ne!(en, fr, "{code:?} is not translated");
            assert!((400..600).contains(&code.http_status()), "{code:?}");
        }
    }

    #[test]
    fn retrying_is_the_way_forward_exactly_when_it_can_help() {
        for &code in ErrorCode::ALL {
            let retry = matches!(code.next_step(), NextStep::TryAgain | NextStep::Wait);
            assert_eq!(retry, code.is_retryable(), "{code:?}");
        }
    }
}
