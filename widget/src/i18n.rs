//! The widget's own words, in Canadian English and Canadian French. Error messages come from the
//! catalogue in `shared`; these are labels, hints and headings.

use shared::Locale;

/// Every string of the widget's screens, for one language.
pub struct Text {
    /// Heading of the credit application.
    pub apply_heading: &'static str,
    /// One line under the heading.
    pub apply_intro: &'static str,
    /// Label of the province select.
    pub province_label: &'static str,
    /// Hint under the province select.
    pub province_hint: &'static str,
    /// First, empty option of a select.
    pub choose: &'static str,
    /// Heading of the terms region.
    pub terms_heading: &'static str,
    /// Shown before a province is chosen.
    pub terms_pending: &'static str,
    /// Label of the government-ID type select.
    pub id_type_label: &'static str,
    /// Hint under the government-ID type select.
    pub id_type_hint: &'static str,
    /// Label of the "issued by" select.
    pub issuer_label: &'static str,
    /// While something loads.
    pub loading: &'static str,
    /// The retry button.
    pub try_again: &'static str,
    /// When the proxy cannot be reached at all.
    pub network_error: &'static str,
    /// Announced when the terms of a province have loaded (followed by the province's name).
    pub terms_loaded_for: &'static str,
    /// The question above the ways to pay.
    pub method_legend: &'static str,
    /// The credit application, as a way to pay.
    pub method_credit: &'static str,
    /// The card, as a way to pay.
    pub method_card: &'static str,
    /// An existing Flexiti account, as a way to pay.
    pub method_account: &'static str,
    /// When the session offers no way to pay the widget takes.
    pub no_method: &'static str,
}

const EN_CA: Text = Text {
    apply_heading: "Apply for Flexiti financing",
    apply_intro: "Tell us where you live to see the terms that apply to you.",
    province_label: "Province or territory of residence",
    province_hint: "The terms and the accepted ID depend on where you live.",
    choose: "Choose…",
    terms_heading: "Terms and conditions",
    terms_pending: "Choose your province or territory to read the terms that apply to you.",
    id_type_label: "Government-issued ID",
    id_type_hint: "A document issued by your province or territory, or by Canada.",
    issuer_label: "Issued by",
    loading: "Loading…",
    try_again: "Try again",
    network_error: "We couldn't connect. Check your connection and try again.",
    terms_loaded_for: "Terms and conditions loaded for",
    method_legend: "How would you like to pay?",
    method_credit: "Apply for Flexiti financing",
    method_card: "Pay by card",
    method_account: "Pay with my Flexiti account",
    no_method: "No way to pay is available here. Please contact the store.",
};

const FR_CA: Text = Text {
    apply_heading: "Demande de financement Flexiti",
    apply_intro: "Indiquez où vous habitez pour voir les conditions qui s'appliquent à vous.",
    province_label: "Province ou territoire de résidence",
    province_hint: "Les conditions et les pièces d'identité acceptées dépendent de votre lieu de résidence.",
    choose: "Choisir…",
    terms_heading: "Conditions générales",
    terms_pending: "Choisissez votre province ou territoire pour lire les conditions qui s'appliquent à vous.",
    id_type_label: "Pièce d'identité délivrée par le gouvernement",
    id_type_hint: "Un document délivré par votre province ou territoire, ou par le Canada.",
    issuer_label: "Délivrée par",
    loading: "Chargement…",
    try_again: "Réessayer",
    network_error: "Connexion impossible. Vérifiez votre connexion et réessayez.",
    terms_loaded_for: "Conditions générales chargées pour",
    method_legend: "Comment souhaitez-vous payer?",
    method_credit: "Demander un financement Flexiti",
    method_card: "Payer par carte",
    method_account: "Payer avec mon compte Flexiti",
    no_method: "Aucun mode de paiement n'est offert ici. Veuillez communiquer avec la boutique.",
};

/// The widget's words in `locale`.
pub fn text(locale: Locale) -> &'static Text {
    match locale {
        Locale::EnCa => &EN_CA,
        Locale::FrCa => &FR_CA,
    }
}
