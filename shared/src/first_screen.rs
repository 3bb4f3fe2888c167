//! The first screen's words and its choice of how to pay, as HTML: the proxy writes that choice
//! into the widget's page (so a shopper can choose before the widget's code arrives), and the
//! widget takes it over, finding each radio by its name and value (`widget/src/first_screen.rs`).
//! Here, beside the words both use, so that the markup and what the widget looks for in it are
//! one contract.

use crate::{Locale, PaymentMethod};

/// The first screen's words, in one language. Each is plain text with no character HTML gives a
/// meaning to (`<`, `>`, `&`, `"`), so it goes into markup and attributes as it is (a test
/// checks it).
#[derive(Debug)]
pub struct FirstScreenWords {
    /// The question above the ways to pay.
    pub question: &'static str,
    /// The credit application, as a way to pay.
    pub credit: &'static str,
    /// The card, as a way to pay.
    pub card: &'static str,
    /// An existing Flexiti account, as a way to pay.
    pub account: &'static str,
    /// While something loads.
    pub loading: &'static str,
    /// When the proxy cannot be reached at all.
    pub network_error: &'static str,
    /// The retry button.
    pub try_again: &'static str,
}

/// In Canadian English.
pub const EN_CA: FirstScreenWords = FirstScreenWords {
    question: "How would you like to pay?",
    credit: "Apply for Flexiti financing",
    card: "Pay by card",
    account: "Pay with my Flexiti account",
    loading: "Loading…",
    network_error: "We couldn't connect. Check your connection and try again.",
    try_again: "Try again",
};

/// In Canadian French.
pub const FR_CA: FirstScreenWords = FirstScreenWords {
    question: "Comment souhaitez-vous payer?",
    credit: "Demander un financement Flexiti",
    card: "Payer par carte",
    account: "Payer avec mon compte Flexiti",
    loading: "Chargement…",
    network_error: "Connexion impossible. Vérifiez votre connexion et réessayez.",
    try_again: "Réessayer",
};

impl FirstScreenWords {
    /// The words in `locale`.
    pub fn of(locale: Locale) -> &'static FirstScreenWords {
        locale.pick(&EN_CA, &FR_CA)
    }

    /// What `method` is called as a way to pay.
    pub fn method(&self, method: PaymentMethod) -> &'static str {
        match method {
            PaymentMethod::Card => self.card,
            PaymentMethod::FlexitiAccount => self.account,
            PaymentMethod::CreditApplication => self.credit,
        }
    }
}

/// The choice between the ways to pay `offered`, in their order, none chosen:
/// `<fieldset class="methods">` with the question as its heading and one
/// `<label class="choice"><input type="radio" name="method" value="card"> Pay by card</label>`
/// per way.
pub fn choice_html(offered: &[PaymentMethod], locale: Locale) -> String {
    let words = FirstScreenWords::of(locale);
    let mut html = format!(
        r#"<fieldset class="methods"><legend class="methods__legend"><h1 class="methods__heading">{}</h1></legend>"#,
        words.question
    );
    for &method in offered {
        html += &format!(
            r#"<label class="choice"><input type="radio" name="method" value="{}"> {}</label>"#,
            method.as_str(),
            words.method(method)
        );
    }
    html + "</fieldset>"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_word(words: &FirstScreenWords) -> [&'static str; 7] {
        [
            words.question,
            words.credit,
            words.card,
            words.account,
            words.loading,
            words.network_error,
            words.try_again,
        ]
    }

    #[test]
    fn every_word_is_plain_text_in_markup_and_in_attributes() {
        for words in [&EN_CA, &FR_CA] {
            for word in every_word(words) {
                assert!(!word.contains(['<', '>', '&', '"']), "{word}");
            }
        }
    }

    #[test]
    fn the_choice_offers_each_way_in_the_order_given_in_the_shoppers_language() {
        let offered = [PaymentMethod::FlexitiAccount, PaymentMethod::Card];
        let html = choice_html(&offered, Locale::FrCa);
        assert!(html.starts_with(r#"<fieldset class="methods">"#), "{html}");
        assert!(
            html.contains(">Comment souhaitez-vous payer?</h1>"),
            "{html}"
        );
        let account = html
            .find(r#"value="flexiti_account"> Payer avec mon compte Flexiti</label>"#)
            .expect("the account");
        let card = html
            .find(r#"value="card"> Payer par carte</label>"#)
            .expect("the card");
        assert!(account < card, "{html}");
        assert!(!html.contains("credit_application"), "{html}");
        assert!(!html.contains("checked"), "{html}");
        assert_eq!(html.matches("<input ").count(), 2, "{html}");
    }
}
