//! The FlexPay response-code catalogue ("Response Codes" of `api-docs/003_...`), verbatim, and how
//! each code maps to a `transactionStatus` and to a test amount.

/// One documented response code and its description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseCode {
    /// The code, e.g. `20023`.
    pub code: u32,
    /// The documented description, used as the `message` of a response.
    pub message: &'static str,
}

/// `10000 Approved`.
pub const APPROVED: u32 = 10000;
/// `10001`: what a successful void answers.
pub const REVERSED: u32 = 10001;

const fn c(code: u32, message: &'static str) -> ResponseCode {
    ResponseCode { code, message }
}

/// Every response code the docs list, in their order.
pub const RESPONSE_CODES: &[ResponseCode] = &[
    c(10000, "Approved"),
    c(10001, "The reversal was processed successfully."),
    c(20000, "You need to refer to the Card Issuer"),
    c(20002, "Invalid or inactive merchant"),
    c(20003, "Declined - do not honor"),
    c(
        20012,
        "Re-enter transaction or transaction has been expired",
    ),
    c(20013, "Invalid response"),
    c(20018, "Completed Partially"),
    c(20022, "Bank decline"),
    c(
        20023,
        "The card has been declined due to insufficient funds.",
    ),
    c(20039, "Response timeout"),
    c(20043, "Transaction cannot be completed"),
    c(20046, "System error"),
    c(20047, "Other / Unidentified responses"),
    c(20048, "Unable to authorize"),
    c(20050, "Over daily limit"),
    c(20056, "Customer token/Id is incorrect or invalid"),
    c(20057, "Your merchant account authentication failed"),
    c(20068, "Invalid API access token"),
    c(20073, "Batch data is missing or Invalid"),
    c(20075, "Transaction limit for merchant exceeded"),
    c(20076, "Transaction required data are missing or invalid"),
    c(20077, "RETRY -  Not a credit account"),
    c(20078, "RETRY -  Not a cheque account"),
    c(20079, "RETRY -  Not a savings account"),
    c(20080, "RETRY -  Expired card"),
    c(20081, "RETRY -  Limit exceeded. Enter a lesser value."),
    c(20082, "RETRY -  Invalid transaction date"),
    c(20083, "RETRY -  Invalid expiry date format"),
    c(
        20084,
        "RETRY -  You submitted an unsupported card type with your request.",
    ),
    c(20085, "RETRY -  Gateway declined - Invalid transaction"),
    c(20086, "RETRY -  Billing address is missing"),
    c(
        20087,
        "RETRY -  Gateway declined - Blacklist transaction cannot be processed",
    ),
    c(
        20088,
        "RETRY -  Gateway declined - Postal code failed The card’s postal code failed validation.",
    ),
    c(
        20089,
        "RETRY -  Gateway declined - Missing required data. Please make sure all required data is sent, such as: CVV, Expiry date, Cardholder name, Billing address, Postalcode etc.",
    ),
    c(
        20090,
        "RETRY -  Declined - AVS(Address) not matched the transaction payment method.",
    ),
    c(
        20091,
        "RETRY -  Mismatch - Shipping to billing shipping country does not match billing country.",
    ),
    c(
        20092,
        "RETRY -  Mismatch - Shipping to BIN shipping country does not match bin country.",
    ),
    c(
        20093,
        "RETRY -  Mismatch - Shipping to IP shipping country does not match IP country.",
    ),
    c(
        20094,
        "RETRY -  Mismatch - Billing to BIN billing country does not match bin country.",
    ),
    c(
        20095,
        "RETRY -  Mismatch - Billing to IP billing country does not match IP country.",
    ),
    c(
        20096,
        "RETRY -  Mismatch - BIN to IP BIN country does not match IP country.",
    ),
    c(
        20097,
        "RETRY -  Gateway declined - Card number is blacklisted",
    ),
    c(
        20098,
        "RETRY -  Gateway declined - IP address is blacklisted",
    ),
    c(20099, "RETRY -  Gateway declined - Email is blacklisted"),
    c(
        20100,
        "RETRY -  Gateway declined - Phone number is Blacklisted",
    ),
    c(
        20101,
        "RETRY -  The bank has requested that you retrieve the card from the cardholder - validate with the bank.",
    ),
    c(20102, "RETRY -  Expired Card - Pick Up"),
    c(20103, "RETRY - Invalid card number"),
    c(
        20104,
        "RETRY - No gateways are configured to process the submitted card type",
    ),
    c(
        30000,
        "The bank has requested that you retrieve the card from the cardholder - validate with the bank.",
    ),
    c(
        30001,
        "The bank has requested that you retrieve the card from the cardholder - it may be a lost or stolen card.",
    ),
    c(30002, "Invalid card: Luhn algorithm failed (MOD - 10)"),
    c(30003, "Expired Card - Pick Up"),
    c(30004, "Suspected Fraud - Pick Up"),
    c(30006, "Restricted Card - Pick Up"),
    c(
        30008,
        "The bank has requested that you retrieve the card from the cardholder - it may be a lost card.",
    ),
    c(
        30009,
        "The bank has requested that you retrieve the card from the cardholder - it may be a stolen card.",
    ),
    c(30010, "The void request failed."),
    c(30011, "Invalid transaction"),
    c(30012, "Invalid card number"),
    c(30013, "The reversal request failed."),
    c(
        30015,
        "The external gateway has reported that you have submitted an invalid amount with your request.",
    ),
    c(30016, "Error / Invalid parameters in the request"),
    c(30017, "Format Error"),
    c(30019, "Not a credit account"),
    c(30024, "Not a cheque account"),
    c(30025, "Not a savings account"),
    c(30026, "Expired card"),
    c(30029, "Transaction not permitted to that cardholder"),
    c(30031, "Suspected fraud"),
    c(30034, "Restricted card"),
    c(30044, "Duplicate transaction"),
    c(30049, "Decline for CVV2 failure"),
    c(30051, "Limit exceeded. Enter a lesser value."),
    c(30052, "Invalid transaction date"),
    c(30053, "Card not supported"),
    c(30055, "Invalid expiry date format"),
    c(
        30058,
        "You submitted an unsupported card type with your request.",
    ),
    c(30059, "Gateway declined - Invalid transaction"),
    c(
        30061,
        "The external gateway has reported that you have submitted an invalid currency with your request.",
    ),
    c(30062, "Billing address is missing"),
    c(
        30064,
        "Authorisation already reversed (voided) or capture is larger than initial authorised value.",
    ),
    c(30065, "Authorization is completed."),
    c(30066, "Transaction already reversed"),
    c(30071, "Invalid API version"),
    c(30074, "Invalid customer/user"),
    c(30077, "This processor does not accept partial reversals."),
    c(30078, "Original transaction for reversal not found."),
    c(30079, "This transaction has already been captured."),
    c(30080, "DO NOT RETRY - You need to refer to the Card Issuer"),
    c(30081, "DO NOT RETRY - Invalid or inactive merchant"),
    c(30082, "DO NOT RETRY - Do not honor"),
    c(
        30083,
        "DO NOT RETRY -  Re-enter transaction or transaction has been expired",
    ),
    c(30084, "DO NOT RETRY -  Invalid response"),
    c(30085, "DO NOT RETRY -  Completed partially"),
    c(30086, "DO NOT RETRY -  Bank decline"),
    c(
        30087,
        "DO NOT RETRY -  The card has been declined due to insufficient funds",
    ),
    c(30088, "DO NOT RETRY -  Response timeout"),
    c(30089, "DO NOT RETRY -  Transaction cannot be completed"),
    c(30090, "DO NOT RETRY -  System error"),
    c(30091, "DO NOT RETRY -  Other / Unidentified responses"),
    c(30092, "DO NOT RETRY -  Over daily limit"),
    c(
        30093,
        "DO NOT RETRY - Customer token/Id is incorrect or invalid",
    ),
    c(
        30094,
        "DO NOT RETRY - Customer token/Id is incorrect or invalid",
    ),
    c(
        30095,
        "DO NOT RETRY - Your merchant account authentication failed",
    ),
    c(30096, "DO NOT RETRY - Invalid API access token"),
    c(30097, "DO NOT RETRY - Batch data is missing or Invalid"),
    c(
        30098,
        "DO NOT RETRY - Transaction limit for merchant exceeded",
    ),
    c(
        30099,
        "DO NOT RETRY - Transaction required data are missing or invalid",
    ),
    c(30100, "DO NOT RETRY - Retry limit reached"),
    c(40000, "Risk Blocked Transaction refused due to risk model"),
    c(
        40002,
        "Gateway declined - Blacklist transaction cannot be processed",
    ),
    c(
        40003,
        "Gateway declined - CVV is missing or incorrect. The merchant’s configuration requires a CVV to be entered, but no CVV was provided with this transaction or CVV is incorrect.",
    ),
    c(
        40004,
        "Gateway declined - Postal code failed The card’s postal code failed validation.",
    ),
    c(
        40005,
        "Gateway declined - Missing required data. Please make sure all required data is sent, such as: CVV, Expiry date, Cardholder name, Billing address, Postalcode etc.",
    ),
    c(
        40006,
        "Declined – AVS (Address) not matched the transaction payment method.",
    ),
    c(
        40007,
        "Mismatch - Shipping to billing shipping country does not match billing country.",
    ),
    c(
        40008,
        "Mismatch - Shipping to BIN shipping country does not match bin country.",
    ),
    c(
        40009,
        "Mismatch - Shipping to IP shipping country does not match IP country.",
    ),
    c(
        40010,
        "Mismatch - Billing to BIN billing country does not match bin country.",
    ),
    c(
        40011,
        "Mismatch - Billing to IP billing country does not match IP country.",
    ),
    c(
        40012,
        "Mismatch - BIN to IP BIN country does not match IP country.",
    ),
    c(40030, "Gateway declined - Card number is blacklisted"),
    c(40031, "Gateway declined - IP address is blacklisted"),
    c(40032, "Gateway declined - Email is blacklisted"),
    c(40033, "Gateway declined - Phone number is Blacklisted"),
    c(50000, "Validation error"),
    c(
        50002,
        "An error was experienced while parsing the payload. Please ensure that the structure is correct.",
    ),
    c(50003, "No parameters were found"),
    c(50005, "Authorization has been denied for this request."),
    c(50014, "Invalid 'CustomerToken' length"),
    c(50015, "Invalid 'Email' length"),
    c(50020, "Invalid 'PhoneNumber' length"),
    c(50028, "Invalid 'FullName' length"),
    c(50029, "Invalid 'ProvinceStateCode' length"),
    c(50037, "Invalid 'CustomerIp' length"),
    c(50039, "Invalid value for 'CountryCode'"),
    c(50045, "Field 'CurrencyCode' is required"),
    c(50048, "Field 'CustomerToken' or 'email' are required"),
    c(50055, "Field 'Month' is required"),
    c(50056, "Invalid value for 'Month'"),
    c(50057, "Field 'Year' is required"),
    c(50058, "Invalid value for 'Year'"),
    c(50059, "Field 'CreditCardNumber' is required"),
    c(50060, "Invalid 'CreditCardNumber' Length"),
    c(50068, "Invalid 'MerchantDescriptor' length"),
    c(50073, "Invalid 'CurrencyCode' length"),
    c(50088, "Field 'FirstName' is required"),
    c(50089, "Field 'LastName' is required"),
    c(
        50090,
        "Fields 'FullName' or 'FirstName' and 'LastName' are required",
    ),
    c(50091, "Invalid 'FirstName' length"),
    c(50092, "Invalid 'LastName' length"),
    c(50093, "Field 'CountryCode' is required"),
    c(50094, "Field 'PostalCode' is required"),
    c(50095, "Invalid 'PostalCode' length"),
    c(50096, "Field 'ProvinceStateCode' is required"),
    c(50097, "Field 'City' is required"),
    c(50098, "Invalid 'City' length"),
    c(50099, "Field 'Address1' is required"),
    c(50100, "Invalid 'Address1' length"),
    c(50103, "Field 'MerchantTransactionReferenceId' is required"),
    c(50104, "Invalid 'MerchantTransactionReferenceId' length"),
    c(50105, "Invalid 'TransactionType'"),
    c(50106, "Invalid 'CustomField1' length"),
    c(50107, "Invalid 'CustomField2' length"),
    c(50108, "Invalid 'CustomField3' length"),
    c(50109, "Invalid 'CustomField4' length"),
    c(50110, "Invalid 'CustomField5' length"),
    c(50111, "Invalid 'ReferenceData' length"),
    c(50112, "Invalid 'ShippingPhoneNumber' length"),
    c(50113, "Invalid 'ShippingCountryCode' length"),
    c(50114, "Invalid 'ShippingPostalCode' length"),
    c(50115, "Invalid 'ShippingProvinceStateCode' length"),
    c(50116, "Invalid 'ShippingCity' length"),
    c(50117, "Invalid 'ShippingAddress2' length"),
    c(50118, "Invalid 'ShippingAddress1' length"),
    c(50119, "Invalid 'Address2' length"),
    c(50120, "Invalid 'BillingPlanCode' length"),
    c(50121, "Invalid 'ProductCategoryName' length"),
    c(50122, "Invalid 'ProductSku' length"),
    c(50123, "Invalid 'MerchantLocation' length"),
    c(50124, "Invalid 'Description' length"),
    c(50125, "invalid 'GatewayTransactionToken' length"),
    c(50126, "Field 'OrderId' is required"),
    c(50127, "Invalid 'OrderId' length"),
    c(50128, "Invalid 'GatewayToken' length"),
    c(
        50129,
        "Field 'MerchantTransactionReferenceId' must be unique",
    ),
    c(
        50130,
        "No gateways are configured to process the submitted card type.",
    ),
    c(
        50131,
        "Original transaction not found using the field ‘TransactionReferenceId'.",
    ),
    c(50132, "Invalid value for 'ReferenceData'"),
    c(50133, "Field 'PaymentToken' is required"),
    c(50134, "Invalid value for 'PaymentToken'"),
    c(
        50135,
        "Fields 'PaymentToken' or 'PaymentMethod' values are required",
    ),
    c(50136, "Invalid PaymentMethod values"),
    c(50138, "Missing value for 'gatewayPaymentMethodId'"),
];

/// Documented codes the simulator cannot reasonably produce: they name request fields the docs
/// never define (`MerchantDescriptor`, `ShippingPhoneNumber`, `MerchantLocation`) or processor
/// limits the sandbox's gateway does not have (partial reversals, failed reversals, a reversal
/// whose original is missing: an unknown path id is a `404` with `50131` instead).
pub const NOT_SIMULATED: &[u32] = &[30013, 30077, 30078, 50068, 50112, 50123];

/// Codes that only state produces (capture, void and refund rules), never a test amount.
const STATEFUL: &[u32] = &[30010, 30064, 30065, 30066, 30079];

/// Declines the docs do not call errors but that describe a failure to process rather than a
/// refusal: they answer `transactionStatus` 3 (Error) instead of 2 (Declined).
const ERRORS: &[u32] = &[
    20013, 20039, 20046, 20047, 30016, 30017, 30084, 30088, 30090, 30091,
];

/// The documented description of `code` (an empty string for an undocumented code).
pub fn message(code: u32) -> &'static str {
    RESPONSE_CODES
        .iter()
        .find(|entry| entry.code == code)
        .map_or("", |entry| entry.message)
}

/// The `transactionStatus` of a response with `code`: 1 Approved, 2 Declined, 3 Error.
pub fn transaction_status(code: u32) -> u8 {
    match code {
        APPROVED | REVERSED => 1,
        code if code >= 50000 || ERRORS.contains(&code) => 3,
        _ => 2,
    }
}

/// Whether `code` is a soft decline (2xxxx): the answer then carries a `retryDate`.
pub fn is_soft_decline(code: u32) -> bool {
    (20000..30000).contains(&code)
}

/// The amount in cents that makes a charge or authorize answer `code`: the code followed by a
/// zero (`200230` = 2002.30 answers `20023`). Only soft declines, hard declines and risk responses
/// that describe the card, the issuer or the gateway have one.
pub fn test_amount(code: u32) -> Option<i64> {
    let decline = (20000..50000).contains(&code)
        && !STATEFUL.contains(&code)
        && !NOT_SIMULATED.contains(&code)
        && RESPONSE_CODES.iter().any(|entry| entry.code == code);
    decline.then_some(i64::from(code) * 10)
}

/// The code a test amount triggers, if it is one.
pub fn code_for_amount(amount: i64) -> Option<u32> {
    if amount % 10 != 0 {
        return None;
    }
    let code = u32::try_from(amount / 10).ok()?;
    test_amount(code).map(|_| code)
}
