//! `GET /client-id/{client_id}/terms-and-conditions`: Quebec residents get terms written for
//! Quebec's Consumer Protection Act, everyone else the rest-of-Canada terms, in English or French.

use axum::{
    extract::{OriginalUri, Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{FlexitiError, errors::FieldError};
use crate::Sandbox;

#[derive(Debug, Deserialize)]
pub(super) struct TermsQuery {
    lang: Option<String>,
    province: Option<String>,
}

/// Serves the terms as HTML. An unknown province is a `wrong_inputs` error; no province at all gets
/// the rest-of-Canada terms (the docs mark `province` optional).
pub(super) async fn terms_and_conditions(
    State(sandbox): State<Sandbox>,
    Query(query): Query<TermsQuery>,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, FlexitiError> {
    let province = query.province.unwrap_or_default().to_ascii_uppercase();
    if !province.is_empty() && !shared::is_province_code(&province) {
        let error = FieldError {
            param: "province".into(),
            msg: "invalid".into(),
            value: province,
            kind: "invalid".into(),
        };
        return Err(FlexitiError::wrong_inputs(uri.path(), vec![error]));
    }
    let french = query
        .lang
        .is_some_and(|lang| lang.to_ascii_lowercase().starts_with("fr"));
    let html = match &sandbox.config().terms_override {
        Some(html) => html.clone(),
        None => document(province == "QC", french).to_owned(),
    };
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
}

fn document(quebec: bool, french: bool) -> &'static str {
    match (quebec, french) {
        (false, false) => REST_OF_CANADA_EN,
        (false, true) => REST_OF_CANADA_FR,
        (true, false) => QUEBEC_EN,
        (true, true) => QUEBEC_FR,
    }
}

const REST_OF_CANADA_EN: &str = "<div id='tcs'>\
<h2>Flexiti Cardholder Agreement (Rest of Canada)</h2>\
<p>These terms apply to residents of every province and territory except Quebec.</p>\
<h3>1. Your credit limit</h3><p>We set your credit limit when we approve your application and tell you what it is. \
You must not go over it.</p>\
<h3>2. Promotional plans</h3><p>Purchases may be made on a promotional plan offered by the merchant. \
The plan, its term and any fees are shown to you before you confirm the purchase.</p>\
<h3>3. Interest</h3><p>Interest is charged on balances not paid by the end of a promotional period, at the \
annual interest rate stated in your disclosure statement.</p>\
<h3>4. Your privacy</h3><p>We collect and use your personal information to assess your application and manage \
your account. Read our <a href='https://flexiti.com/privacy-policy/'>privacy policy</a>.</p>\
</div>";

const REST_OF_CANADA_FR: &str = "<div id='tcs'>\
<h2>Convention du titulaire de carte Flexiti (reste du Canada)</h2>\
<p>Ces conditions s'appliquent aux résidents de toutes les provinces et de tous les territoires sauf le Québec.</p>\
<h3>1. Votre limite de crédit</h3><p>Nous fixons votre limite de crédit lorsque nous approuvons votre demande et \
nous vous l'indiquons. Vous ne devez pas la dépasser.</p>\
<h3>2. Plans promotionnels</h3><p>Les achats peuvent être faits selon un plan promotionnel offert par le marchand. \
Le plan, sa durée et les frais éventuels vous sont présentés avant que vous confirmiez l'achat.</p>\
<h3>3. Intérêts</h3><p>Des intérêts sont exigés sur les soldes impayés à la fin d'une période promotionnelle, au \
taux annuel indiqué dans votre déclaration.</p>\
<h3>4. Vos renseignements personnels</h3><p>Nous recueillons et utilisons vos renseignements personnels pour \
évaluer votre demande et gérer votre compte. Lisez notre \
<a href='https://flexiti.com/fr/politique-de-confidentialite/'>politique de confidentialité</a>.</p>\
</div>";

const QUEBEC_EN: &str = "<div id='tcs'>\
<h2>Flexiti Cardholder Agreement for Quebec Residents</h2>\
<p>These terms apply to residents of Quebec and are made under Quebec's Consumer Protection Act.</p>\
<h3>1. Your credit limit and debt ratio</h3><p>Before your account is opened we show you your credit limit and \
your debt ratio. You may cancel the contract at no cost before you use the account.</p>\
<h3>2. Right of cancellation</h3><p>You may cancel this contract, without cost or penalty, within two days after \
the day each of the parties is in possession of a copy of it.</p>\
<h3>3. Interest and the minimum payment</h3><p>The credit rate and the minimum payment are shown in your \
disclosure statement, as the Consumer Protection Act requires.</p>\
<h3>4. Your privacy</h3><p>Read our <a href='https://flexiti.com/privacy-policy/'>privacy policy</a>.</p>\
</div>";

const QUEBEC_FR: &str = "<div id='tcs'>\
<h2>Convention du titulaire de carte Flexiti pour les résidents du Québec</h2>\
<p>Ces conditions s'appliquent aux résidents du Québec et sont conclues en vertu de la Loi sur la protection du \
consommateur du Québec.</p>\
<h3>1. Votre limite de crédit et votre ratio d'endettement</h3><p>Avant l'ouverture de votre compte, nous vous \
présentons votre limite de crédit et votre ratio d'endettement. Vous pouvez annuler le contrat sans frais avant \
d'utiliser le compte.</p>\
<h3>2. Droit de résolution</h3><p>Vous pouvez résoudre ce contrat, sans frais ni pénalité, dans les deux jours \
qui suivent celui où chacune des parties est en possession d'un double du contrat.</p>\
<h3>3. Intérêts et paiement minimum</h3><p>Le taux de crédit et le paiement minimum figurent dans votre \
déclaration, comme l'exige la Loi sur la protection du consommateur.</p>\
<h3>4. Vos renseignements personnels</h3><p>Lisez notre \
<a href='https://flexiti.com/fr/politique-de-confidentialite/'>politique de confidentialité</a>.</p>\
</div>";
