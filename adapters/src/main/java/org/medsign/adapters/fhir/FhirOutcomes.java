package org.medsign.adapters.fhir;

import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.OutcomeCategory;

/**
 * The FHIR edge of the outcome catalogue: the OperationOutcome issue code (value set {@code issue-type}) and severity
 * of every {@link ErrorCode}, by its category; the HTTP status is the REST API's ({@code HttpOutcomes}). The
 * {@code details} coding ({@code urn:medsign:error}) carries the code, a second coding ({@code urn:medsign:category})
 * its category.
 */
public final class FhirOutcomes {

    /** Coding system of the hub's codes in {@code issue.details}. */
    public static final String CODE_SYSTEM = "urn:medsign:error";
    /** Coding system of the category in {@code issue.details}. */
    public static final String CATEGORY_SYSTEM = "urn:medsign:category";

    private FhirOutcomes() {
    }

    /** The issue code of a hub code. */
    public static IssueType issueType(ErrorCode code) {
        if (code == ErrorCode.METHOD_NOT_ALLOWED || code == ErrorCode.UNKNOWN_OPERATION) {
            return IssueType.NOTSUPPORTED;
        }
        return issueType(code.category());
    }

    /** The issue code of a category. */
    public static IssueType issueType(OutcomeCategory category) {
        return switch (category) {
            case FINAL_REFUSAL -> IssueType.BUSINESSRULE;
            case CORRECTABLE -> IssueType.INVALID;
            case CONFLICT -> IssueType.CONFLICT;
            case TOO_LARGE -> IssueType.TOOCOSTLY;
            case AUTHENTICATION -> IssueType.LOGIN;
            case FORBIDDEN -> IssueType.FORBIDDEN;
            case NOT_FOUND -> IssueType.NOTFOUND;
            case THROTTLED -> IssueType.THROTTLED;
            case TRANSIENT -> IssueType.TRANSIENT;
            case PENDING -> IssueType.INFORMATIONAL;
            case INTERNAL -> IssueType.EXCEPTION;
        };
    }

    /** The severity of a category: information while pending, else error. */
    public static IssueSeverity severity(OutcomeCategory category) {
        return category == OutcomeCategory.PENDING ? IssueSeverity.INFORMATION : IssueSeverity.ERROR;
    }
}
