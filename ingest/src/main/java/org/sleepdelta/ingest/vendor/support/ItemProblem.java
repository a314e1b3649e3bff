package org.sleepdelta.ingest.vendor.support;

/**
 * Thrown while reading one item of a payload when that item cannot become a record; the item loop turns it into a
 * {@link org.sleepdelta.ingest.vendor.Problem} and carries on with the next item. The reason must not echo values.
 */
public final class ItemProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public ItemProblem(String field, String reason) {
        super(reason, null, false, false);
        this.field = field;
    }

    /** The offending field as a path within the item, or null when the item as a whole is at fault. */
    public String field() {
        return field;
    }

    public String reason() {
        return getMessage();
    }
}
