package org.sleepdelta.ingest.vendor.jsonapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of one vendor JSON object. A field that is absent or JSON {@code null} reads as null; a field of the
 * wrong type is a {@link BadItem} naming the field by its dotted path inside the item.
 */
public final class ItemFields {
    private final JsonNode node;
    private final String path;

    private ItemFields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    public static ItemFields of(JsonNode item) {
        if (item == null || !item.isObject()) {
            throw new BadItem(null, "must be a JSON object");
        }
        return new ItemFields(item, "");
    }

    public JsonNode node() {
        return node;
    }

    public boolean has(String name) {
        return value(name) != null;
    }

    /** The dotted path of a field of this object, as problems name it. */
    public String path(String name) {
        return path + name;
    }

    public String requiredText(String name) {
        String text = optionalText(name);
        if (text == null || text.isBlank()) {
            throw new BadItem(path(name), "is required");
        }
        return text;
    }

    public String optionalText(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadItem(path(name), "must be a string");
        }
        return value.textValue();
    }

    /** A vendor id, which some vendors send as a JSON number and others as a string. */
    public String requiredId(String name) {
        JsonNode value = value(name);
        if (value == null) {
            throw new BadItem(path(name), "is required");
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isTextual() && !value.textValue().isBlank()) {
            return value.textValue();
        }
        throw new BadItem(path(name), "must be a non-empty string or a whole number");
    }

    public Long requiredWhole(String name) {
        Long number = optionalWhole(name);
        if (number == null) {
            throw new BadItem(path(name), "is required");
        }
        return number;
    }

    public Long optionalWhole(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isFloatingPointNumber()
                && value.doubleValue() == Math.rint(value.doubleValue())
                && Math.abs(value.doubleValue()) < 1e15) {
            return (long) value.doubleValue();
        }
        throw new BadItem(path(name), "must be a whole number");
    }

    public Double optionalNumber(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new BadItem(path(name), "must be a number");
        }
        return value.doubleValue();
    }

    public Boolean optionalBoolean(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new BadItem(path(name), "must be true or false");
        }
        return value.booleanValue();
    }

    /** A nested object, or null when absent. */
    public ItemFields optionalObject(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw new BadItem(path(name), "must be a JSON object");
        }
        return new ItemFields(value, path(name) + ".");
    }

    /** The objects of a nested array, empty when the array is absent. */
    public List<ItemFields> optionalObjects(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new BadItem(path(name), "must be an array");
        }
        List<ItemFields> objects = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isObject()) {
                throw new BadItem(path(name) + "[" + i + "]", "must be a JSON object");
            }
            objects.add(new ItemFields(element, path(name) + "[" + i + "]."));
        }
        return objects;
    }

    private JsonNode value(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }
}
