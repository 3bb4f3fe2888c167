//! The card form's words, in both languages.

use shared::Locale;

/// The card form's words.
pub struct Words {
    pub heading: &'static str,
    pub number: &'static str,
    pub expiry: &'static str,
    pub expiry_hint: &'static str,
    pub cvc: &'static str,
    pub name: &'static str,
    pub city: &'static str,
    pub postal_code: &'static str,
    pub pay: &'static str,
    pub paying: &'static str,
    pub problems: &'static str,
    pub paid: &'static str,
    pub reference: &'static str,
    pub ending: &'static str,
    pub network: &'static str,
}

const EN: Words = Words {
    heading: "Pay by card",
    number: "Card number",
    expiry: "Expiry date",
    expiry_hint: "MM/YY",
    cvc: "Security code",
    name: "Name on the card",
    city: "Billing city",
    postal_code: "Billing postal code",
    pay: "Pay",
    paying: "Paying…",
    problems: "There is a problem",
    paid: "Payment approved",
    reference: "Reference",
    ending: "Card ending in",
    network: "We couldn't connect. Nothing was charged twice: check your connection and try again.",
};

const FR: Words = Words {
    heading: "Payer par carte",
    number: "Numéro de carte",
    expiry: "Date d'expiration",
    expiry_hint: "MM/AA",
    cvc: "Code de sécurité",
    name: "Nom sur la carte",
    city: "Ville de facturation",
    postal_code: "Code postal de facturation",
    pay: "Payer",
    paying: "Paiement en cours…",
    problems: "Il y a un problème",
    paid: "Paiement approuvé",
    reference: "Référence",
    ending: "Carte se terminant par",
    network: "Connexion impossible. Rien n'a été facturé deux fois : vérifiez votre connexion et réessayez.",
};

/// The words in `locale`.
pub fn words(locale: Locale) -> &'static Words {
    locale.pick(&EN, &FR)
}
