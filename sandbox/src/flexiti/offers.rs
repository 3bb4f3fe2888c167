//! The merchant's financing plans (`offer_types` of `merchants/login`) and what a purchase on
//! each costs. The docs give the plans but not their rates: the sandbox's reading is that
//! "Regular Interest" plans charge 29.99% a year, "Low Interest" 9.99%, regular purchases
//! 37.24% (the `apr` of the docs' example), "Equal Payments, No Interest" carries the $49.99
//! admin fee of the docs' example, and deferred plans ask no payment (or a 3% minimum) during
//! their term.

use serde_json::{Value, json};

/// One plan of `offer_types`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plan {
    pub id: &'static str,
    pub name: &'static str,
    pub category: &'static str,
    pub terms: &'static [u32],
    /// Yearly rate in hundredths of a percent.
    pub apr_bp: u32,
    pub admin_fee: i64,
    /// Minimum monthly payment in hundredths of a percent of the amount (deferred plans).
    pub minimum_bp: Option<u32>,
}

/// The plans of the docs' `merchants/login` example, in its order.
pub(super) const PLANS: [Plan; 7] = [
    plan(
        "1",
        "90 Days Grace, Equal Payments Regular Interest",
        "equal_billing",
        &[18, 36, 48, 72],
        2999,
        0,
        None,
    ),
    plan(
        "2",
        "Equal Payments, Low Interest",
        "equal_billing",
        &[3, 6, 40, 60],
        999,
        0,
        None,
    ),
    plan(
        "4",
        "Equal Payments, Regular Interest",
        "equal_billing",
        &[3, 6, 18, 36, 72],
        2999,
        0,
        None,
    ),
    plan(
        "5",
        "Equal Payments, No Interest",
        "equal_billing",
        &[3, 6, 10, 20, 30, 40],
        0,
        4999,
        None,
    ),
    plan(
        "6",
        "No Interest, No Payments (S.A.C.)",
        "deferred_payment",
        &[3, 6, 8],
        0,
        0,
        Some(0),
    ),
    plan(
        "7",
        "No Interest, No Payments ",
        "deferred_payment",
        &[3, 12],
        0,
        0,
        Some(0),
    ),
    plan(
        "9",
        "No Interest, Minimum monthly payments",
        "deferred_payment",
        &[3, 6, 9, 12, 18],
        0,
        0,
        Some(300),
    ),
];

/// The rate of a regular (non-promotional) purchase, from the docs' example.
pub(super) const REGULAR_APR_BP: u32 = 3724;

#[allow(clippy::too_many_arguments)]
const fn plan(
    id: &'static str,
    name: &'static str,
    category: &'static str,
    terms: &'static [u32],
    apr_bp: u32,
    admin_fee: i64,
    minimum_bp: Option<u32>,
) -> Plan {
    Plan {
        id,
        name,
        category,
        terms,
        apr_bp,
        admin_fee,
        minimum_bp,
    }
}

/// The plan with this id.
pub(super) fn find(id: &str) -> Option<Plan> {
    PLANS.iter().copied().find(|plan| plan.id == id)
}

/// `offer_types` as customer-facing endpoints show them (`term_options` as strings).
pub(super) fn offer_types() -> Value {
    let offers: Vec<Value> = PLANS
        .iter()
        .map(|plan| {
            let terms: Vec<String> = plan.terms.iter().map(u32::to_string).collect();
            json!({ "plan_name": plan.name, "plan_id": plan.id, "offer_category": plan.category, "term_options": terms })
        })
        .collect();
    Value::Array(offers)
}

/// What a purchase of `amount` cents over `term` months costs on `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Quote {
    pub admin_fee: i64,
    pub monthly_payment: i64,
    pub total_interest: i64,
}

impl Plan {
    /// The quote for `amount` cents over `term` months.
    pub(super) fn quote(&self, amount: i64, term: u32) -> Quote {
        let financed = amount + self.admin_fee;
        let monthly_payment = match self.minimum_bp {
            Some(minimum) => (financed * i64::from(minimum) + 9_999) / 10_000,
            None => amortized(financed, self.apr_bp, term),
        };
        // Rounding a payment up to the cent is not interest.
        let total_interest = match self.minimum_bp {
            None if self.apr_bp > 0 => (monthly_payment * i64::from(term) - financed).max(0),
            _ => 0,
        };
        Quote {
            admin_fee: self.admin_fee,
            monthly_payment,
            total_interest,
        }
    }
}

/// The level monthly payment that repays `amount` cents in `term` months at `apr_bp`.
fn amortized(amount: i64, apr_bp: u32, term: u32) -> i64 {
    let term = term.max(1);
    if apr_bp == 0 {
        return (amount + i64::from(term) - 1) / i64::from(term);
    }
    let rate = f64::from(apr_bp) / 10_000.0 / 12.0;
    let payment = amount as f64 * rate / (1.0 - (1.0 + rate).powi(-(term as i32)));
    payment.round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_interest_plans_split_the_amount_and_fee_evenly() {
        let plan = find("5").expect("plan 5");
        let quote = plan.quote(120_000, 6);
        assert_eq!(
            quote,
            Quote {
                admin_fee: 4_999,
                monthly_payment: 20_834,
                total_interest: 0
            }
        );
    }

    #[test]
    fn interest_plans_amortize_at_their_rate() {
        let plan = find("4").expect("plan 4");
        let quote = plan.quote(100_000, 18);
        // 1,000.00 over 18 months at 29.99%: 69.67 a month.
        assert_eq!(quote.monthly_payment, 6_967);
        assert_eq!(quote.total_interest, 6_967 * 18 - 100_000);
    }

    #[test]
    fn deferred_plans_ask_their_minimum() {
        assert_eq!(
            find("7")
                .expect("plan 7")
                .quote(100_000, 12)
                .monthly_payment,
            0
        );
        assert_eq!(
            find("9")
                .expect("plan 9")
                .quote(100_000, 12)
                .monthly_payment,
            3_000
        );
    }
}
