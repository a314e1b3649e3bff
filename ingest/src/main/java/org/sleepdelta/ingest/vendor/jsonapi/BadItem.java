package org.sleepdelta.ingest.vendor.jsonapi;

/**
 * One item of a vendor payload cannot become a canonical record. Thrown while mapping an item and turned into a
 * {@link org.sleepdelta.ingest.vendor.Problem} at that item's location, so the other items still go through.
 */
public final class BadItem extends RuntimeException {
    private final String field;
    private final String reason;

    /**
     * @param field  the vendor's field at fault (dotted path inside the item), or null for the item as a whole
     * @param reason what is wrong and what is expected; never a health value from the payload
     */
    public BadItem(String field, String reason) {
        super(field == null ? reason : field + " " + reason, null, false, false);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
