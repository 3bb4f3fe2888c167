//! The `merchants/login` answer: the documented example, verbatim (`merchant_login.json`), and its
//! French edition for `lang=fr`, made by translating every label while keeping every code.

use std::sync::LazyLock;

use serde_json::Value;

/// The documented example answer of `merchants/login`, in English.
static ENGLISH: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(include_str!("merchant_login.json"))
        .expect("merchant_login.json is valid JSON: checked by the sandbox's tests")
});

/// The same answer with French labels.
static FRENCH: LazyLock<Value> = LazyLock::new(|| {
    let mut french = ENGLISH.clone();
    if let Some(form_values) = french.get_mut("form_values") {
        translate_labels(form_values);
    }
    french
});

/// The `merchants/login` answer in `lang` (`fr` gives French, anything else English).
pub(super) fn login_answer(lang: Option<&str>) -> &'static Value {
    match lang {
        Some(lang) if lang.to_ascii_lowercase().starts_with("fr") => &FRENCH,
        _ => &ENGLISH,
    }
}

/// Replaces every string leaf that has a French translation. Object keys (the codes) and
/// `offer_types` (plan names are the merchant's own) are left alone.
fn translate_labels(value: &mut Value) {
    match value {
        Value::String(label) => {
            if let Some(french) = french_label(label) {
                *label = french.to_owned();
            }
        }
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key != "offer_types" {
                    translate_labels(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(translate_labels),
        _ => {}
    }
}

/// French labels of the form values, as Flexiti's French forms name them.
fn french_label(english: &str) -> Option<&'static str> {
    Some(match english {
        "Mr." => "M.",
        "Ms." => "Mme",
        "Mrs." => "Mme",
        "Miss." => "Mlle",
        "British Columbia" => "Colombie-Britannique",
        "New Brunswick" => "Nouveau-Brunswick",
        "Newfoundland & Labrador" => "Terre-Neuve-et-Labrador",
        "Nova Scotia" => "Nouvelle-Écosse",
        "Northwest Territories" => "Territoires du Nord-Ouest",
        "Prince Edward Island" => "Île-du-Prince-Édouard",
        "Quebec" => "Québec",
        "Yukon Territory" => "Territoire du Yukon",
        "What is the name of your favourite childhood friend?" => {
            "Quel est le nom de votre ami d'enfance préféré?"
        }
        "What is the country of your ultimate dream vacation?" => {
            "Quel est le pays de vos vacances de rêve?"
        }
        "What was the first concert you attended?" => {
            "Quel a été le premier concert auquel vous avez assisté?"
        }
        "What is the name of the street you grew up on?" => {
            "Quel est le nom de la rue où vous avez grandi?"
        }
        "What is the name of your first grade teacher?" => {
            "Quel est le nom de votre enseignant de première année?"
        }
        "What is your favourite movie?" => "Quel est votre film préféré?",
        "Driver's Licence" => "Permis de conduire",
        "Health Card" => "Carte d'assurance maladie",
        "Provincial ID Card" => "Carte d'identité provinciale",
        "Passport" => "Passeport",
        "Permanent Resident Card" => "Carte de résident permanent",
        "Insurance Corporation of British Columbia" => "Insurance Corporation of British Columbia",
        "Alberta Registries" => "Registres de l'Alberta",
        "Saskatchewan Government Insurance" => "Saskatchewan Government Insurance",
        "Department of Service Nova Scotia and Municipal Relations" => {
            "Service Nouvelle-Écosse et Relations municipales"
        }
        "Department of Transportation and Public Works of the Province of Prince Edward Island" => {
            "Ministère des Transports et de l'Infrastructure de l'Île-du-Prince-Édouard"
        }
        "Service New Brunswick" => "Service Nouveau-Brunswick",
        "Department of Government Services and Lands of the Province of Newfoundland and Labrador" => {
            "Ministère des Services gouvernementaux de Terre-Neuve-et-Labrador"
        }
        "Department of Transportation of the Northwest Territories" => {
            "Ministère des Transports des Territoires du Nord-Ouest"
        }
        "Department of Community Government and Transportation of the Territory of Nunavut" => {
            "Ministère des Services communautaires et gouvernementaux du Nunavut"
        }
        "Correctional Service Canada identification card (with the individual's name and photograph)" => {
            "Carte d'identité du Service correctionnel du Canada (avec nom et photo)"
        }
        "Government of Canada employee identity card (with the individual's name and photograph)" => {
            "Carte d'identité d'employé du gouvernement du Canada (avec nom et photo)"
        }
        "Liquor Control Board Age of Majority (BYID) card" => {
            "Carte de preuve d'âge de la majorité (BYID)"
        }
        "Canadian Firearms licence" => "Permis d'armes à feu canadien",
        "Canadian Forces identification card" => "Carte d'identité des Forces canadiennes",
        "MPIC card issued by the Manitoba Public Insurance Corporation" => {
            "Carte de la Société d'assurance publique du Manitoba"
        }
        "NEXUS or CANPASS Air membership card (issued by Canada Border Services Agency)" => {
            "Carte NEXUS ou CANPASS Air (délivrée par l'Agence des services frontaliers du Canada)"
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_answer_is_the_documented_example() {
        let answer = login_answer(Some("en"));
        assert_eq!(answer["merchant_id"], "382");
        assert_eq!(
            answer["form_values"]["govid_issued_by"]["option_depends"]["CAPID"]["ON"],
            "Ontario"
        );
        assert_eq!(
            answer["form_values"]["offer_types"]
                .as_array()
                .map(Vec::len),
            Some(7)
        );
    }

    #[test]
    fn french_answer_translates_labels_and_keeps_codes() {
        let answer = login_answer(Some("fr"));
        let values = &answer["form_values"];
        assert_eq!(values["province"]["options"]["QC"], "Québec");
        assert_eq!(
            values["govid_type"]["options"]["CAPID"],
            "Carte d'identité provinciale"
        );
        assert_eq!(
            values["govid_issued_by"]["option_depends"]["CAP"]["CANADA"],
            "Canada"
        );
    }
}
